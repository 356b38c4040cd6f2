"""The floor for bench/board_load.py: a bare WebSocket broadcast relay, one process.

Every message a client sends goes to every connected client (the sender too), unchanged:
no parsing, no persistence, no authentication. Usage: python bench/relay.py --port 8765
"""

from __future__ import annotations

import argparse
import asyncio

from websockets.asyncio.server import ServerConnection, broadcast, serve

clients: set[ServerConnection] = set()


async def relay(websocket: ServerConnection) -> None:
    clients.add(websocket)
    try:
        async for message in websocket:
            broadcast(clients, message)
    finally:
        clients.discard(websocket)


async def main(port: int) -> None:
    async with serve(relay, "127.0.0.1", port, ping_interval=None, max_size=2**20) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    asyncio.run(main(parser.parse_args().port))
