"""Every write of the emailing app: preferences, unsubscribing, and turning notifications
into emails exactly once.

Immediate mail: hub's `notify` calls `notifications_delivered` after commit (registered in
apps.py); it enqueues `emailing.tasks.notification_emails_send`, which mails each
notification whose reader chose "immediately". Digests: periodic tasks call `digests_send`.
Each mail is queued (common.mail.email_queue) in the same transaction as the
`NotificationEmail` rows of the notifications it carries, with the notifications locked, so a
rerun, a second worker or a worker killed mid-batch never mails a notification twice, and
the outbox's claim sends each mail once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from common.errors import ErrorCode, ServiceError
from common.mail import email_queue, email_render
from emailing.models import ALL_KINDS, EmailPreference, Frequency, NotificationEmail
from emailing.selectors import can_receive_email, frequency_for, stored_preferences
from emailing.tokens import absolute, read_token, unsubscribe_url
from hub import permissions
from hub.models import Notification, User
from hub.notifications import notification_kinds, render_message

logger = logging.getLogger(__name__)

# A digest carries what arrived since the last one, plus a day's grace for a late worker;
# older unmailed notifications (e.g. from before the person chose a digest) stay in the hub.
DIGEST_WINDOW = {Frequency.DAILY: timedelta(days=2), Frequency.WEEKLY: timedelta(days=8)}
DIGEST_MAX_ITEMS = 50


# --- preferences ------------------------------------------------------------------------


def email_preferences_set(*, actor: User, choices: dict[str, str]) -> None:
    """Store the actor's choice for each given kind (every kind must be a registered one).

    Saving explicit choices ends an earlier "unsubscribe from all": kinds added later start
    at their defaults again.
    """
    if not permissions.is_authenticated(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    known = {k.kind for k in notification_kinds()}
    errors: dict[str, list[str]] = {}
    for kind, frequency in choices.items():
        if kind not in known:
            errors[kind] = [str(_("Okänd typ av notis."))]
        elif frequency not in Frequency.values:
            errors[kind] = [str(_("Välj ett av alternativen."))]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for kind, frequency in choices.items():
            EmailPreference.objects.update_or_create(
                user=actor, kind=kind, defaults={"frequency": frequency}
            )
        EmailPreference.objects.filter(user=actor, kind=ALL_KINDS).delete()


@dataclass(frozen=True)
class Unsubscribed:
    user: User
    kind: str  # the kind, or ALL_KINDS


def unsubscribe_check(*, token: str) -> Unsubscribed:
    """Who and what a link unsubscribes, without changing anything; refused if forged."""
    claim = read_token(token)
    user = User.objects.filter(pk=claim.user_id).first() if claim else None
    if claim is None or user is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return Unsubscribed(user=user, kind=claim.kind)


def unsubscribe(*, token: str) -> Unsubscribed:
    """Stop the emails a signed link names: one kind, or all. Idempotent."""
    found = unsubscribe_check(token=token)
    kinds = (
        [found.kind]
        if found.kind != ALL_KINDS
        else [ALL_KINDS] + [k.kind for k in notification_kinds()]
    )
    with transaction.atomic():
        for kind in kinds:
            EmailPreference.objects.update_or_create(
                user=found.user, kind=kind, defaults={"frequency": Frequency.NEVER}
            )
    logger.info("user %s unsubscribed from %s", found.user.pk, found.kind)
    return found


# --- sending ----------------------------------------------------------------------------


def notifications_delivered(ids: Sequence[int]) -> None:
    """Delivery hook (hub.notifications.register_delivery): mail these in the background."""
    from emailing.tasks import notification_emails_send  # the task module imports this one

    notification_emails_send.enqueue(list(ids))


def _unmailed(rows: QuerySet[Notification]) -> QuerySet[Notification]:
    return rows.filter(~Exists(NotificationEmail.objects.filter(notification=OuterRef("pk"))))


def _locked(ids: Iterable[int]) -> list[Notification]:
    """These notifications, locked for this transaction, that no mail carries yet.

    On PostgreSQL a second worker skips rows the first holds; SQLite serialises writers.
    "No mail carries it yet" is asked after the lock, in a statement of its own: asked in the
    locking statement, it would be judged on the snapshot from before the lock was granted,
    and a row the other worker had just mailed (and committed) would pass.
    """
    locked = Notification.objects.filter(pk__in=list(ids)).select_for_update(
        skip_locked=True, of=("self",)
    )
    locked_ids = list(locked.values_list("pk", flat=True))
    rows = _unmailed(Notification.objects.filter(pk__in=locked_ids))
    return list(rows.select_related("recipient").order_by("created_at", "pk"))


def _headers(url: str) -> dict[str, str]:
    # RFC 2369 and RFC 8058: mail clients offer "unsubscribe" and post to it in one click.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _item(notification: Notification) -> dict[str, str]:
    return {
        "message": render_message(notification),
        "url": absolute(notification.get_absolute_url()),
    }


def _queue(
    recipient: User, notifications: list[Notification], frequency: Frequency, kind: str
) -> None:
    language = recipient.language or "sv"
    link = unsubscribe_url(user_id=recipient.pk, kind=kind)
    with translation.override(language):
        items = [_item(n) for n in notifications]
    context = {
        "recipient": recipient,
        "items": items,
        "frequency": frequency,
        "unsubscribe_url": link,
        "unsubscribe_all": kind == ALL_KINDS,
        "preferences_url": absolute(reverse("frontend:email-preferences")),
        "notifications_url": absolute(reverse("frontend:notifications")),
    }
    template = "emails/notification" if frequency == Frequency.IMMEDIATELY else "emails/digest"
    message = email_render(template, context, language=language, headers=_headers(link))
    category = "notification" if frequency == Frequency.IMMEDIATELY else f"digest_{frequency}"
    outgoing = email_queue(to=recipient.email, message=message, category=category)
    NotificationEmail.objects.bulk_create(
        [
            NotificationEmail(notification=n, outgoing=outgoing, frequency=frequency)
            for n in notifications
        ]
    )


def immediate_emails_send(*, notification_ids: Sequence[int]) -> int:
    """One mail per notification whose reader wants it immediately; how many were queued.

    Each mail in its own transaction: a crash after some leaves those queued and the rest
    for the rerun (or the daily digest's sweep), never one twice.
    """
    queued = 0
    for notification_id in notification_ids:
        with transaction.atomic():
            rows = _locked([notification_id])
            if not rows:
                continue
            notification = rows[0]
            recipient = notification.recipient
            if not can_receive_email(recipient):
                continue
            stored = stored_preferences([recipient.pk]).get(recipient.pk, {})
            if frequency_for(stored, notification.kind) != Frequency.IMMEDIATELY:
                continue
            _queue(recipient, [notification], Frequency.IMMEDIATELY, notification.kind)
            queued += 1
    return queued


def digests_send(*, frequency: Frequency) -> int:
    """One digest per person with unmailed, unread notifications they want at `frequency`.

    Safe to run late, twice or on two workers at once. Returns how many were queued.
    """
    if frequency not in DIGEST_WINDOW:
        raise ValueError(f"no digest for {frequency}")
    since = timezone.now() - DIGEST_WINDOW[frequency]
    candidates = _unmailed(
        Notification.objects.filter(
            created_at__gte=since,
            read_at__isnull=True,
            recipient__is_active=True,
            recipient__email_verified_at__isnull=False,
        )
    )
    recipient_ids = sorted(set(candidates.values_list("recipient_id", flat=True)))
    queued = 0
    for recipient_id in recipient_ids:
        with transaction.atomic():
            pending = list(
                candidates.filter(recipient_id=recipient_id).values_list("pk", flat=True)
            )
            rows = _locked(pending)
            if not rows:
                continue
            stored = stored_preferences([recipient_id]).get(recipient_id, {})
            wanted = [n for n in rows if frequency_for(stored, n.kind) == frequency]
            if not wanted:
                continue
            recipient = wanted[0].recipient
            if not can_receive_email(recipient):
                continue
            _queue(recipient, wanted[-DIGEST_MAX_ITEMS:][::-1], frequency, ALL_KINDS)
            # Beyond the cap: recorded as carried too, so they are not mailed next time.
            if len(wanted) > DIGEST_MAX_ITEMS:
                NotificationEmail.objects.bulk_create(
                    [
                        NotificationEmail(notification=n, outgoing=None, frequency=frequency)
                        for n in wanted[:-DIGEST_MAX_ITEMS]
                    ]
                )
            queued += 1
    return queued
