"""Notifications become emails by each reader's choice: immediately or in digests, once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone

from common import periodic
from common.models import OutgoingEmail
from emailing import services, tasks
from emailing.models import EmailPreference, Frequency, NotificationEmail
from emailing.tokens import read_token
from hub.models import Notification
from hub.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPLY = "idea.reply"  # addressed to the reader: immediately by default
COMMENT = "idea.comment"  # news: daily by default
DATA = {"who": "Per", "title": "Läxhjälp"}


def send(run: Any, recipients: list[Any], kind: str = REPLY) -> list[Notification]:
    with run(execute=True):
        return notify(
            recipients=recipients, kind=kind, actor=None, target_url="/bidrag/1/", data=DATA
        )


def test_an_addressed_notification_is_mailed_at_once(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    [notification] = send(django_capture_on_commit_callbacks, [reader])
    [sent] = mail.outbox
    assert sent.to == [reader.email]
    assert sent.subject == "Per svarade på din kommentar om ”Läxhjälp”."
    assert "Hej Rut!" in sent.body
    assert "http://127.0.0.1:8000/bidrag/1/" in sent.body
    html = sent.alternatives[0][0]
    assert 'href="http://127.0.0.1:8000/bidrag/1/"' in html
    record = NotificationEmail.objects.get(notification=notification)
    assert record.frequency == Frequency.IMMEDIATELY
    assert record.outgoing is not None and record.outgoing.status == "sent"


def test_the_mail_has_one_click_unsubscribe_headers(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    send(django_capture_on_commit_callbacks, [reader])
    [sent] = mail.outbox
    headers = sent.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"]
    assert url.startswith("<http://127.0.0.1:8000/e-post/avsluta/") and url.endswith("/>")
    token = url.removeprefix("<http://127.0.0.1:8000/e-post/avsluta/").removesuffix("/>")
    claim = read_token(token)
    assert claim is not None and (claim.user_id, claim.kind) == (reader.pk, REPLY)
    assert url[1:-1] in sent.body


def test_the_mail_is_in_the_readers_language(
    english_reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    send(django_capture_on_commit_callbacks, [english_reader])
    [sent] = mail.outbox
    assert sent.subject == "Per replied to your comment on “Läxhjälp”."
    assert "Hello Eve!" in sent.body
    assert '<html lang="en">' in sent.alternatives[0][0]


def test_news_waits_for_the_daily_digest(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    send(django_capture_on_commit_callbacks, [reader], kind=COMMENT)
    assert mail.outbox == []
    assert not NotificationEmail.objects.exists()


def test_no_mail_without_a_verified_address(django_capture_on_commit_callbacks: Any) -> None:
    unverified = UserFactory(email_verified_at=None)
    send(django_capture_on_commit_callbacks, [unverified])
    send(django_capture_on_commit_callbacks, [unverified], kind=COMMENT)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_daily_send.enqueue()
    assert mail.outbox == []


def test_never_means_never(reader: Any, django_capture_on_commit_callbacks: Any) -> None:
    services.email_preferences_set(actor=reader, choices={REPLY: "never", COMMENT: "never"})
    send(django_capture_on_commit_callbacks, [reader])
    send(django_capture_on_commit_callbacks, [reader], kind=COMMENT)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_daily_send.enqueue()
        tasks.digest_weekly_send.enqueue()
    assert mail.outbox == []


def test_the_daily_digest_gathers_a_readers_news_in_one_mail(
    reader: Any, english_reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.email_preferences_set(actor=reader, choices={REPLY: "daily"})
    send(django_capture_on_commit_callbacks, [reader, english_reader], kind=COMMENT)
    send(django_capture_on_commit_callbacks, [reader])  # daily by choice
    already_read = send(django_capture_on_commit_callbacks, [reader], kind="idea.support")
    Notification.objects.filter(pk=already_read[0].pk).update(read_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_daily_send.enqueue()
    by_reader = {m.to[0]: m for m in mail.outbox}
    assert set(by_reader) == {reader.email, english_reader.email}
    swedish = by_reader[reader.email]
    assert swedish.subject == "Dagens 2 notiser från Samhällshubben"
    assert "Per kommenterade ”Läxhjälp”." in swedish.body
    assert "Per svarade på din kommentar om ”Läxhjälp”." in swedish.body
    assert "vill bidra" not in swedish.body  # read in the hub already
    assert by_reader[english_reader.email].subject == "Today’s notification from Samhällshubben"
    assert by_reader[english_reader.email].extra_headers["List-Unsubscribe-Post"]
    claim = read_token(
        swedish.extra_headers["List-Unsubscribe"].rsplit("/avsluta/", 1)[1].removesuffix("/>")
    )
    assert claim is not None and claim.kind == "*"

    # A rerun (late worker, second worker) finds nothing new to send.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_daily_send.enqueue()
    assert mail.outbox == []


def test_the_weekly_digest_takes_only_weekly_kinds(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.email_preferences_set(actor=reader, choices={COMMENT: "weekly"})
    send(django_capture_on_commit_callbacks, [reader], kind=COMMENT)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_daily_send.enqueue()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_weekly_send.enqueue()
    [sent] = mail.outbox
    assert sent.subject == "Veckans notis från Samhällshubben"


def test_a_notification_mailed_at_once_is_not_in_the_digest(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    send(django_capture_on_commit_callbacks, [reader])
    services.email_preferences_set(actor=reader, choices={REPLY: "daily"})  # changed after
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_daily_send.enqueue()
    assert len(mail.outbox) == 1


def test_repeating_the_immediate_task_sends_nothing_twice(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    [notification] = send(django_capture_on_commit_callbacks, [reader])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.notification_emails_send.enqueue([notification.pk])
    assert len(mail.outbox) == 1


def test_old_notifications_are_left_to_the_hub(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    [old] = send(django_capture_on_commit_callbacks, [reader], kind=COMMENT)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_daily_send.enqueue()
    assert mail.outbox == []


class FailingAfter:
    """A mail server that accepts `limit` messages in all, then refuses (the process dies)."""

    sent = 0
    limit = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        if FailingAfter.sent >= FailingAfter.limit:
            raise ConnectionResetError("worker killed")
        FailingAfter.sent += len(messages)
        mail.outbox.extend(messages)
        return len(messages)


FAILING = {"default": {"BACKEND": "tests.emailing.test_sending.FailingAfter"}}


def test_every_mail_goes_out_exactly_once_when_the_sender_dies_mid_batch(
    django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    readers = [UserFactory(email_verified_at=timezone.now()) for _ in range(5)]
    send(django_capture_on_commit_callbacks, readers, kind=COMMENT)

    # The digest job dies after queueing three of the five digests: the fourth's transaction
    # rolls back (no mail, no record), the fifth never starts.
    real_queue = services._queue
    calls = {"n": 0}

    def dying_queue(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        real_queue(*args, **kwargs)
        if calls["n"] == 4:
            raise RuntimeError("killed")

    monkeypatch.setattr(services, "_queue", dying_queue)
    # ...and the mail server takes two, then the connection dies.
    FailingAfter.sent = 0
    with override_settings(MAILERS=FAILING), django_capture_on_commit_callbacks(execute=True):
        result = tasks.digest_daily_send.enqueue()
    assert result.status == TaskResultStatus.FAILED
    assert len(mail.outbox) == 2
    assert NotificationEmail.objects.count() == 3
    assert OutgoingEmail.objects.filter(status="pending").count() == 1

    # Restarted: the digest job runs again and the outbox sweep retries what failed.
    monkeypatch.setattr(services, "_queue", real_queue)
    FailingAfter.limit = 100
    with override_settings(MAILERS=FAILING), django_capture_on_commit_callbacks(execute=True):
        tasks.digest_daily_send.enqueue()
        OutgoingEmail.objects.update(next_attempt_at=timezone.now())
        from common.tasks import email_outbox_sweep

        email_outbox_sweep.enqueue()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(r.email for r in readers)
    assert NotificationEmail.objects.count() == 5
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_digests_are_periodic_jobs_at_seven_local_time() -> None:
    stockholm = ZoneInfo("Europe/Stockholm")
    daily = periodic.JOBS[tasks.digest_daily_send.module_path]
    weekly = periodic.JOBS[tasks.digest_weekly_send.module_path]
    # Summer time: 07:00 in Stockholm is 05:00 UTC.
    now = datetime(2026, 6, 10, 6, 0, tzinfo=ZoneInfo("UTC"))  # a Wednesday, 08:00 local
    assert daily.latest_slot(now) == datetime(2026, 6, 10, 7, 0, tzinfo=stockholm)
    assert weekly.latest_slot(now) == datetime(2026, 6, 8, 7, 0, tzinfo=stockholm)  # Monday
    # Winter: still 07:00 local.
    before = datetime(2026, 12, 7, 5, 59, tzinfo=ZoneInfo("UTC"))  # Monday 06:59 local
    assert daily.latest_slot(before) == datetime(2026, 12, 6, 7, 0, tzinfo=stockholm)
    assert weekly.latest_slot(before) == datetime(2026, 11, 30, 7, 0, tzinfo=stockholm)


def test_preferences_default_and_validate(reader: Any) -> None:
    from django.core.exceptions import ValidationError

    from emailing.selectors import email_preferences

    by_kind = {c.kind: c for c in email_preferences(user=reader)}
    assert by_kind[REPLY].frequency == Frequency.IMMEDIATELY
    assert by_kind[COMMENT].frequency == Frequency.DAILY
    assert by_kind["assessment.round_opened"].frequency == Frequency.IMMEDIATELY
    assert all(c.is_default for c in by_kind.values())
    with pytest.raises(ValidationError) as error:
        services.email_preferences_set(actor=reader, choices={REPLY: "hourly", "nope": "daily"})
    assert set(error.value.message_dict) == {REPLY, "nope"}
    assert not EmailPreference.objects.exists()
    services.email_preferences_set(actor=reader, choices={REPLY: "weekly"})
    by_kind = {c.kind: c for c in email_preferences(user=reader)}
    assert (by_kind[REPLY].frequency, by_kind[REPLY].is_default) == (Frequency.WEEKLY, False)


def test_titles_are_not_html_escaped_in_the_subject_and_text(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[reader],
            kind=REPLY,
            actor=None,
            target_url="/",
            data={"who": "O'Brien", "title": "Bygg & <b>bo</b>"},
        )
    [sent] = mail.outbox
    assert sent.subject == "O'Brien svarade på din kommentar om ”Bygg & <b>bo</b>”."
    assert "Bygg & <b>bo</b>" in sent.body
    assert "Bygg &amp; &lt;b&gt;bo&lt;/b&gt;" in sent.alternatives[0][0]
