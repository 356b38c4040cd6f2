"""Every change to events happens in this package, one module per subject:

- `events`: set up an event and change it (`EventInput`);
- `series`: start a forum series and change it.

Each function checks permission, validates and writes in one transaction; pages, the API and
the admin call these and nothing else. Refusals are `ServiceError`s; bad input is a
`ValidationError` with messages per field.
"""

from events.services.events import (
    MAX_ORGANISERS,
    EventInput,
    event_create,
    event_delete,
    event_update,
)
from events.services.series import forum_series_create, forum_series_update

__all__ = [
    "MAX_ORGANISERS",
    "EventInput",
    "event_create",
    "event_delete",
    "event_update",
    "forum_series_create",
    "forum_series_update",
]
