"""The feedback link after the event: when a form opens, everyone who took part hears
(in the hub, and by email as they chose), and registered guests get an email with their
personal link. Once per form, by the periodic task."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from feedback import notifications, participation
from feedback.mails import guest_invitation_mail
from feedback.models import FeedbackForm
from hub.services.notifications import notify


def feedback_invitations_send(*, now: datetime | None = None) -> int:
    """Tell the participants of every event whose feedback is open now and has not told
    them yet. The form is marked in the same transaction, so a rerun or a second worker
    tells no one twice. Returns the number of forms announced."""
    now = now or timezone.now()
    due = FeedbackForm.objects.filter(
        invitations_sent_at__isnull=True, opens_at__lte=now, closes_at__gt=now
    ).values_list("pk", flat=True)
    sent = 0
    for form_id in list(due):
        with transaction.atomic():
            form = (
                FeedbackForm.objects.select_for_update(of=("self",))
                .select_related("event")
                .filter(pk=form_id, invitations_sent_at__isnull=True)
                .first()
            )
            if form is None:
                continue
            form.invitations_sent_at = now
            form.save(update_fields=["invitations_sent_at"])
            event = form.event
            notify(
                recipients=participation.invitees(event),
                kind=notifications.OPEN,
                actor=None,
                target_url=reverse("frontend:feedback-answer", args=[event.pk]),
                data={"title": event.title, "closes_at": form.closes_at.isoformat()},
            )
            for guest in participation.guest_invitees(event):
                guest_invitation_mail(form=form, event=event, guest=guest)
            sent += 1
    return sent
