"""What an event's page shows about registering: the figures, the viewer's own registration
and the form (for a person with an account, or a guest). Shared by the event page and the
registration views that answer with it when a form needs correcting."""

from __future__ import annotations

from typing import Any

from django import forms

from events.models import Event
from frontend.forms.registrations import GuestRegistrationForm, RegistrationForm
from registrations import permissions
from registrations.selectors import registration_summary


def registration_panel(
    request: Any, event: Event, *, form: forms.Form | None = None
) -> dict[str, Any]:
    user = request.user
    summary = registration_summary(event=event, viewer=user)
    if form is None and summary.is_open and summary.mine is None:
        if user.is_authenticated:
            form = RegistrationForm(initial=RegistrationForm.initial_for(user))
        else:
            form = GuestRegistrationForm()
    return {
        "registration": summary,
        "registration_form": form,
        "can_manage_registrations": bool(permissions.can_manage_registrations(user, event)),
    }
