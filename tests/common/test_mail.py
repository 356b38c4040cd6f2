"""The email outbox: stored with the change, sent after commit, retried, never lost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from common import tasks
from common.mail import MAX_ATTEMPTS, EmailContent, email_queue, email_render, retry_delay
from common.models import OutgoingEmail, OutgoingEmailStatus

pytestmark = pytest.mark.django_db

HELLO = EmailContent(subject="Hej", text="Hej på dig", html="<p>Hej på dig</p>")


class BrokenMailer:
    """A mail server that refuses everything."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        raise ConnectionRefusedError("smtp.example.se refused")


BROKEN = {"default": {"BACKEND": "tests.common.test_mail.BrokenMailer"}}


def test_nothing_is_sent_before_the_transaction_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outgoing = email_queue(to="anna@example.se", message=HELLO, category="test")
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().status == OutgoingEmailStatus.PENDING

    for callback in callbacks:
        callback()

    [sent] = mail.outbox
    assert sent.to == ["anna@example.se"]
    assert sent.subject == "Hej"
    assert sent.extra_headers["Message-ID"] == outgoing.message_id
    assert sent.alternatives[0].content == "<p>Hej på dig</p>"
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmailStatus.SENT
    assert outgoing.attempts == 1
    assert outgoing.sent_at is not None


def _queue_then_fail() -> None:
    with transaction.atomic():
        email_queue(to="anna@example.se", message=HELLO, category="test")
        raise RuntimeError("the change failed")


def test_a_change_that_rolls_back_sends_nothing() -> None:
    with pytest.raises(RuntimeError):
        _queue_then_fail()
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_an_email_is_sent_once_even_if_enqueued_twice(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = email_queue(to="anna@example.se", message=HELLO, category="test")
    tasks.email_send.enqueue(outgoing.pk)
    assert len(mail.outbox) == 1


def test_a_failed_send_waits_and_is_retried_with_the_same_message_id(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with override_settings(MAILERS=BROKEN), django_capture_on_commit_callbacks(execute=True):
        outgoing = email_queue(to="anna@example.se", message=HELLO, category="test")
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmailStatus.PENDING
    assert outgoing.attempts == 1
    assert outgoing.last_error.startswith("ConnectionRefusedError")
    assert outgoing.next_attempt_at > timezone.now() + timedelta(seconds=50)

    tasks.email_outbox_sweep.enqueue()  # not due yet
    assert mail.outbox == []

    OutgoingEmail.objects.filter(pk=outgoing.pk).update(next_attempt_at=timezone.now())
    tasks.email_outbox_sweep.enqueue()
    [sent] = mail.outbox
    assert sent.extra_headers["Message-ID"] == outgoing.message_id
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts, outgoing.last_error) == ("sent", 2, "")


def test_after_the_last_attempt_the_email_is_marked_failed() -> None:
    outgoing = email_queue(to="anna@example.se", message=HELLO, category="test")
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(attempts=MAX_ATTEMPTS - 1)
    with override_settings(MAILERS=BROKEN):
        tasks.email_send.enqueue(outgoing.pk)
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmailStatus.FAILED
    assert outgoing.attempts == MAX_ATTEMPTS


def test_retry_delays_grow_then_stop() -> None:
    delays = [retry_delay(n) for n in range(1, MAX_ATTEMPTS + 1)]
    assert delays[-1] is None
    steps = [d for d in delays if d is not None]
    assert steps == sorted(steps) and len(set(steps)) == len(steps)


def test_the_sweep_picks_up_a_worker_that_died_mid_send() -> None:
    outgoing = email_queue(to="anna@example.se", message=HELLO, category="test")  # no commit
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmailStatus.SENDING,
        next_attempt_at=timezone.now() - tasks.STUCK_AFTER - timedelta(minutes=1),
    )
    tasks.email_outbox_sweep.enqueue()
    assert len(mail.outbox) == 1


def test_the_sweep_clears_old_sent_mail_only(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        old = email_queue(to="anna@example.se", message=HELLO, category="test")
        new = email_queue(to="bo@example.se", message=HELLO, category="test")
    OutgoingEmail.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - timedelta(days=tasks.OUTBOX_KEEP_DAYS + 1)
    )
    tasks.email_outbox_sweep.enqueue()
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [new.pk]


def test_a_subject_cannot_break_into_the_headers(django_capture_on_commit_callbacks: Any) -> None:
    message = EmailContent(subject="Hej\r\nBcc: eve@example.com", text="x")
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to="anna@example.se", message=message, category="test")
    [sent] = mail.outbox
    assert sent.subject == "Hej Bcc: eve@example.com"
    assert "eve@example.com" not in sent.bcc
    assert "\nBcc:" not in sent.message().as_string().split("\n\n")[0]


@pytest.mark.parametrize(
    "headers",
    [
        {"List-Unsubscribe": "<https://hub.example.se/u/1>\r\nBcc: eve@example.com"},
        {"Bcc": "eve@example.com"},
        {"Message-ID": "<mine@example.com>"},
        {"Bad Header": "x"},
    ],
)
def test_headers_that_would_break_the_message_are_refused(headers: dict[str, str]) -> None:
    message = EmailContent(subject="Hej", text="x", headers=headers)
    with pytest.raises(ValueError):
        email_queue(to="anna@example.se", message=message, category="test")
    assert not OutgoingEmail.objects.exists()


def test_extra_headers_go_out(django_capture_on_commit_callbacks: Any) -> None:
    unsubscribe = "<https://hub.example.se/avregistrera/abc>"
    message = EmailContent(subject="Hej", text="x", headers={"List-Unsubscribe": unsubscribe})
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to="anna@example.se", message=message, category="digest")
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == unsubscribe


@pytest.mark.parametrize("address", ["", "not-an-address", "a@b@c.se", "anna@example.se\n"])
def test_a_bad_address_is_a_field_error(address: str) -> None:
    with pytest.raises(ValidationError) as caught:
        email_queue(to=address, message=HELLO, category="test")
    assert "to" in caught.value.message_dict
    assert not OutgoingEmail.objects.exists()


def test_render_uses_the_readers_language(settings: Any, tmp_path: Any) -> None:
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hello_subject.txt").write_text(
        "{% load i18n %}{% translate 'Spara' %}\n  {{ name }}\n"
    )
    (tmp_path / "emails" / "hello.txt").write_text("{% load i18n %}{% translate 'Spara' %}")
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}
    ]
    swedish = email_render("emails/hello", {"name": "Anna"}, language="sv")
    english = email_render("emails/hello", {"name": "Anna"}, language="en")
    assert swedish.subject == "Spara Anna"  # one line, whatever the template's breaks
    assert english.text == "Save"
    assert swedish.html == english.html == ""  # no HTML template: plain text only
