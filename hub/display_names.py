"""The one place that decides which name a viewer sees for a person.

Pages, the API, exports and socket payloads all ask `shown_name`, so they cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from hub.models import User


def shown_name(*, person: User | None, viewer: Any = None) -> str:
    """The name `viewer` (a user, an anonymous user or None) sees for `person`.

    None (a person no longer linked, e.g. a deleted guest) reads as an erased person.
    """
    if person is None or getattr(person, "erased_at", None) is not None:  # erased: privacy/
        return _("Borttagen deltagare")
    return person.display_name or _("Borttagen deltagare")
