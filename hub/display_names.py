"""The one place that decides which name a viewer sees for a person.

Pages (the `name_for` filter), the API, exports, notifications and socket payloads all ask
`shown_name`, so they cannot disagree:

- an erased person reads as "Borttagen deltagare", for everyone;
- citizens and external participants (`ProfileType.EXTERNAL`) appear under a pseudonym
  ("Deltagare 3F9A2C", the same everywhere and for every reader) unless they have consented
  to their name (`hub.services.consent`, recorded in `Consent`);
- the person themselves and those who run the hub's processes (facilitators,
  administrators: `hub.permissions.can_moderate`) always see the real name;
- everyone else's name (employees, researchers, teachers, students of the parties) is shown.

A payload seen by many readers at once (a live board's cards, presence) is written for the
public reader: `viewer=None`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from hub.models import User


def pseudonym(person: User) -> str:
    """A stable pseudonym, derived from the person's id and the secret key (no table)."""
    code = (
        salted_hmac("hub.display_names.pseudonym", str(person.pk), algorithm="sha256")
        .hexdigest()[:6]
        .upper()
    )
    return _("Deltagare %(code)s") % {"code": code}


def is_pseudonymous(person: User) -> bool:
    """Whether the person is shown under a pseudonym to those who are not allowed more."""
    from hub.models import ProfileType

    return person.profile_type == ProfileType.EXTERNAL and not person.name_consent


def sees_real_name(*, person: User, viewer: Any) -> bool:
    """Whether `viewer` sees `person`'s real name (not a pseudonym)."""
    from hub.permissions import can_moderate

    if not is_pseudonymous(person):
        return True
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    return viewer.pk == person.pk or bool(can_moderate(viewer))


def shown_name(*, person: User | None, viewer: Any = None) -> str:
    """The name `viewer` (a user, an anonymous user or None for the public) sees for `person`.

    None (a person no longer linked, e.g. a deleted guest) reads as an erased person.
    """
    if person is None or getattr(person, "erased_at", None) is not None:  # erased: privacy/
        return _("Borttagen deltagare")
    if not sees_real_name(person=person, viewer=viewer):
        return pseudonym(person)
    return person.display_name or _("Borttagen deltagare")


def shown_organisation(*, person: User | None, viewer: Any = None) -> str | None:
    """The person's organisation, withheld with the name: it would tell who they are."""
    if person is None or person.organisation_id is None:
        return None
    if getattr(person, "erased_at", None) is not None:
        return None
    if not sees_real_name(person=person, viewer=viewer):
        return None
    return person.organisation.name if person.organisation else None
