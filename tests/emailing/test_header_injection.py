"""Names that try to break into a mail's headers (a commenter's, the reader's own) go
nowhere: one Subject line, no extra recipients, the names only in the body."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from common.models import OutgoingEmail
from hub.models import User
from ideas.models import IdeaStatus
from ideas.services import comment_create
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

EVIL = "Eve\r\nBcc: victim@example.se\r\nX-Evil: 1\nSubject: pwned"


def named(user: User, name: str) -> User:
    User.objects.filter(pk=user.pk).update(display_name=name)  # as if it got in anyway
    return User.objects.get(pk=user.pk)


def test_a_commenters_name_cannot_add_headers(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    idea = IdeaFactory(status=IdeaStatus.SUBMITTED, show_author_name=True)
    with django_capture_on_commit_callbacks(execute=True):
        parent = comment_create(author=reader, idea=idea, body="Min fråga")
    mail.outbox.clear()
    evil = named(UserFactory(email_verified_at=timezone.now()), EVIL)
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(author=evil, idea=idea, body="Svar", parent=parent)
    [message] = [m for m in mail.outbox if m.to == [reader.email]]
    raw = message.message()
    assert raw["Bcc"] is None and raw["X-Evil"] is None and message.bcc == []
    assert "\n" not in str(raw["Subject"]) and "\r" not in str(raw["Subject"])
    assert raw.get_all("Subject") == [raw["Subject"]]
    assert message.to == [reader.email]
    for outgoing in OutgoingEmail.objects.all():
        assert "victim" not in str(outgoing.headers)
        assert "\n" not in outgoing.subject


def test_the_readers_own_name_stays_in_the_body(
    reader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from hub.services import notify

    evil_reader = named(reader, EVIL)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[evil_reader],
            kind="idea.reply",
            actor=None,
            target_url="/bidrag/1/",
            data={"who": "Per", "title": "Läxhjälp"},
        )
    [message] = mail.outbox
    raw = message.message()
    assert raw["Bcc"] is None and raw["X-Evil"] is None
    assert message.to == [reader.email]
    assert raw["Subject"] == "Per svarade på din kommentar om ”Läxhjälp”."
