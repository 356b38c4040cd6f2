"""Background tasks of the infrastructure: sending the email outbox.

`email_send` sends one stored email (`common.mail.email_queue` enqueues it after commit);
the periodic sweep is the safety net that sends what a lost enqueue, a retry delay or a
crashed worker left behind, and clears sent mail after `OUTBOX_KEEP_DAYS`.
Delivery is at least once: a worker that dies between the mail server's "accepted" and
marking the row sent sends it again later, with the same Message-ID.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from common.mail import enqueue_send, retry_delay
from common.models import OutgoingEmail, OutgoingEmailStatus
from common.periodic import periodic

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
STUCK_AFTER = timedelta(minutes=30)  # "sending" this long: the worker died mid-send
OUTBOX_KEEP_DAYS = 30


def _claim(outgoing_id: int) -> OutgoingEmail | None:
    """Mark the email as being sent by this worker, if it is due and nobody else has it."""
    with transaction.atomic():
        outgoing = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=outgoing_id, status=OutgoingEmailStatus.PENDING)
            .filter(next_attempt_at__lte=timezone.now())
            .first()
        )
        if outgoing is None:
            return None
        outgoing.status = OutgoingEmailStatus.SENDING
        outgoing.attempts += 1
        outgoing.next_attempt_at = timezone.now()
        outgoing.save(update_fields=["status", "attempts", "next_attempt_at"])
    return outgoing


def _message(outgoing: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=outgoing.subject,
        body=outgoing.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outgoing.to],
        headers={**outgoing.headers, "Message-ID": outgoing.message_id},
    )
    if outgoing.html:
        message.attach_alternative(outgoing.html, "text/html")
    return message


@task(queue_name="email")
def email_send(outgoing_id: int) -> None:
    outgoing = _claim(outgoing_id)
    if outgoing is None:  # sent already, not due yet, or another worker has it
        return
    try:
        _message(outgoing).send()
    except Exception as exc:  # any failure of the mail server: retry later, never lose it
        delay = retry_delay(outgoing.attempts)
        # The log names the row, never the address or the content (personal data).
        logger.warning(
            "email %s (%s) failed, attempt %s: %s",
            outgoing.pk,
            outgoing.category,
            outgoing.attempts,
            type(exc).__name__,
        )
        OutgoingEmail.objects.filter(pk=outgoing.pk).update(
            status=OutgoingEmailStatus.PENDING if delay else OutgoingEmailStatus.FAILED,
            next_attempt_at=timezone.now() + (delay or timedelta(0)),
            last_error=f"{type(exc).__name__}: {exc}"[:300],
        )
        if delay:
            enqueue_send(outgoing.pk, delay)
        return
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )


@periodic(every=timedelta(minutes=5))
@task(queue_name="email")
def email_outbox_sweep() -> None:
    now = timezone.now()
    OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.SENDING, next_attempt_at__lt=now - STUCK_AFTER
    ).update(status=OutgoingEmailStatus.PENDING)
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)[:SWEEP_BATCH]
    for outgoing_id in due:
        email_send.enqueue(outgoing_id)
    OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.SENT, sent_at__lt=now - timedelta(days=OUTBOX_KEEP_DAYS)
    ).delete()
