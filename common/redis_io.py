"""Commands sent to Redis now and their replies read later, on one pooled connection.

Used where a round trip to Redis would otherwise sit on the path of every board operation:
the rate-limit counter is sent as the operation's transaction begins and read before commit,
and an event's PUBLISH is sent before this process's own sockets get the event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Sent:
    """Commands on their way; `replies()` reads their answers and gives the connection back.

    `replies()` must be called exactly once, also when the caller's own work failed, so
    the connection returns to the pool clean.
    """

    def __init__(self, pool: Any, commands: Sequence[tuple[Any, ...]]) -> None:
        self._pool = pool
        self._count = len(commands)
        self._connection = pool.get_connection()
        # The pool hands out a connection only after checking that the server has not
        # closed it (a Redis restart): a stale socket does not reach this point.
        try:
            self._connection.send_packed_command(self._connection.pack_commands(commands))
        except BaseException:
            self._give_back(broken=True)
            raise

    def replies(self) -> list[Any]:
        try:
            answers = [self._connection.read_response() for _n in range(self._count)]
        except BaseException:
            self._give_back(broken=True)
            raise
        self._give_back(broken=False)
        return answers

    def _give_back(self, *, broken: bool) -> None:
        if broken:  # unread replies may be on the way: the socket cannot be reused
            self._connection.disconnect()
        self._pool.release(self._connection)
