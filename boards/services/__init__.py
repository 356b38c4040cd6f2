"""Every change to a board happens in this package, whichever edge it comes from, one module
per subject:

- `boards`: set up a board, standalone or in an event;
- `participants`: who is on a board (signed-in people, guests with its code);
- `retention`: guests' passes expire, and inactive guests' names go;
- `operations`: `board_apply`, the envelope of every live operation (transaction, sequence
  log, idempotency), and the table of operations;
- `cards`, `clusters`, `votes`, `links`, `controls`: one function per operation, on the
  board locked by the envelope; `lookups` holds what they share, `ordering` the cards'
  sort keys; `inputs` declares what each operation takes.

Events and forum series are the `events` app's (events/services/).

Each function checks permission, validates and writes in one transaction; pages, the API,
the socket, the admin and commands call these and nothing else. Refusals are
`ServiceError`s (`BoardError` with a board's own codes); bad input is a `ValidationError`
with messages per field.
"""

from boards.services.boards import board_create
from boards.services.operations import OP_ID_MAX, OPERATIONS, Applied, board_apply
from boards.services.ordering import POSITION_STEP
from boards.services.participants import guest_join, participant_for, participant_for_user
from boards.services.retention import guests_retention_apply
from boards.services.votes import vote_totals

__all__ = [
    "OPERATIONS",
    "OP_ID_MAX",
    "POSITION_STEP",
    "Applied",
    "board_apply",
    "board_create",
    "guest_join",
    "guests_retention_apply",
    "participant_for",
    "participant_for_user",
    "vote_totals",
]
