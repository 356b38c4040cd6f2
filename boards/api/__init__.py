"""The REST API of idea boards, mounted at /api/v1/boards/ (`boards/api_urls.py`), one module
per subject: `boards` (list, create, the viewer's snapshot, missed events), `operations` (the
same operations the board socket carries, docs/realtime-protocol.md), `guests` (joining with
a code); `common` holds what they share.

Every write goes through `boards.services.board_apply`, so it is validated, checked for
permission, logged with the board's next sequence number and broadcast to everyone on the
board exactly as if it had come over the socket. Every read is per viewer: snapshots come
from `board_snapshot`, events and operation results pass through `boards.stream.for_viewer`,
so cards hidden in silent writing (and votes, and anonymous authors) never leak here.

Who is asking: a signed-in person (session or token), or a guest holding a pass for this
board in their session (`POST /boards/join/` puts it there, the socket reads the same one).
"""
