"""The email a registered guest gets when an event's feedback opens, with their personal
link (a person with an account hears through their notifications). Queued in the outbox
inside the transaction that marks the form as announced (`common.mail`)."""

from __future__ import annotations

from django.urls import reverse

from common.mail import email_queue, email_render
from events.calendar import absolute_url
from events.models import Event
from feedback.links import personal_link_token
from feedback.models import FeedbackForm
from feedback.participation import GuestInvitee


def guest_invitation_mail(*, form: FeedbackForm, event: Event, guest: GuestInvitee) -> None:
    token = personal_link_token(event.pk, guest.holder)
    url = reverse("frontend:feedback-answer", args=[event.pk])
    context = {
        "name": guest.name,
        "title": event.title,
        "closes_at": form.closes_at,
        "feedback_url": absolute_url(f"{url}?t={token}"),
        "site_url": absolute_url("/"),
    }
    message = email_render("emails/feedback/guest_invitation", context, language=guest.language)
    email_queue(to=guest.email, message=message, category="feedback.guest_invitation")
