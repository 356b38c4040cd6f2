"""The emails a guest gets about their registration (a person with an account hears through
their notifications, and by email as they chose: `registrations/notifications.py`).

Each is queued in the outbox inside the change's transaction (`common.mail`), so it goes out
once the change commits and never for one that rolled back. The guest's name goes only into
the body, never into a header.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from common.mail import email_queue, email_render
from events.calendar import absolute_url
from registrations.links import guest_cancel_token
from registrations.models import Registration, RegistrationStatus


def guest_mail(*, registration: Registration, template: str) -> None:
    """Queue `template` (guest_registered, guest_promoted, guest_reminder) for a guest."""
    event = registration.event
    token = guest_cancel_token(registration.pk)
    context = {
        "name": registration.guest_name,
        "title": event.title,
        "starts_at": event.starts_at,
        "place": event.place,
        "waitlisted": registration.status == RegistrationStatus.WAITLISTED,
        "event_url": absolute_url(event.get_absolute_url()),
        "calendar_url": absolute_url(reverse("frontend:event-calendar", args=[event.pk])),
        "cancel_url": absolute_url(reverse("frontend:registration-guest-cancel", args=[token])),
        "site_url": absolute_url("/"),
    }
    language = registration.language or settings.LANGUAGE_CODE
    message = email_render(f"emails/registrations/{template}", context, language=language)
    email_queue(to=registration.guest_email, message=message, category=f"registrations.{template}")
