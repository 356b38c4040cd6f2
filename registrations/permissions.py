"""Who may do what with registrations (named `rules` predicates; see tests/registrations).

Anyone signed in registers themselves; guests register with a name and an address (the
service, not a predicate, decides what a guest may: their link is their proof). Only the
person cancels their own place. An event's organisers, facilitators and administrators set
registrations up, see the list with everyone's needs, export it and mark attendance.
"""

from __future__ import annotations

from typing import Any

import rules

from events.permissions import can_edit_event
from hub.permissions import is_authenticated


@rules.predicate
def is_registrant(user: Any, registration: Any) -> bool:
    return (
        is_authenticated(user)
        and registration is not None
        and registration.person_id is not None
        and registration.person_id == user.pk
    )


can_register = is_authenticated
can_cancel_registration = is_registrant
# The list holds names, organisations and needs: for those who run the event.
can_manage_registrations = can_edit_event

rules.add_perm("registrations.add_registration", can_register)
rules.add_perm("registrations.change_registrationsettings", can_manage_registrations)
rules.add_perm("registrations.view_registration", can_manage_registrations)
