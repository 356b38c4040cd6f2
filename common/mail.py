"""Email out of the hub: composed from templates in the reader's language, queued durably.

    message = email_render("emails/password_reset", {"link": link}, language="en")
    email_queue(to=user.email, message=message, category="password_reset")

`email_queue` stores the email in the current transaction (`OutgoingEmail`) and, once that
commits, enqueues the task that sends it (`common.tasks.email_send`). Nothing is sent for a
change that rolled back, and nothing asked for is lost when the mail server is down.

A template set is three files: `<name>_subject.txt` (one line), `<name>.txt` (the plain
text every mail has) and, optionally, `<name>.html`. They are rendered inside
`translation.override(language)`, so `{% translate %}` and dates follow the reader's
language, not the sender's.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.models import OutgoingEmail, OutgoingEmailStatus

# Headers the outbox sets itself; a caller cannot override them through `headers`.
OWN_HEADERS = {"from", "to", "cc", "bcc", "subject", "message-id", "reply-to", "sender"}
MAX_HEADER_LENGTH = 998  # RFC 5322's limit for one line

# After each failed attempt, wait this long before the next; then give up.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


def one_line(value: str) -> str:
    """`value` with line breaks folded to spaces: a subject can never start a new header."""
    return " ".join(value.split())


def email_render(
    template: str,
    context: Mapping[str, Any],
    *,
    language: str,
    headers: Mapping[str, str] | None = None,
) -> EmailContent:
    """Render the template set `template` in `language` (see the module's docstring)."""
    with translation.override(language):
        subject = one_line(render_to_string(f"{template}_subject.txt", dict(context)))
        text: str = render_to_string(f"{template}.txt", dict(context))
        html: str
        try:
            html = render_to_string(f"{template}.html", dict(context))
        except TemplateDoesNotExist:
            html = ""
    return EmailContent(subject=subject, text=text, html=html, headers=dict(headers or {}))


def _checked_headers(headers: Mapping[str, str]) -> dict[str, str]:
    checked = {}
    for name, value in headers.items():
        if name.lower() in OWN_HEADERS:
            raise ValueError(f"the outbox sets {name!r} itself")
        if not name.isascii() or not name.replace("-", "").isalnum():
            raise ValueError(f"not a header name: {name!r}")
        if "\r" in value or "\n" in value or len(value) > MAX_HEADER_LENGTH:
            raise ValueError(f"header {name!r} must be one line of at most {MAX_HEADER_LENGTH}")
        checked[name] = value
    return checked


def _message_id() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def email_queue(*, to: str, message: EmailContent, category: str) -> OutgoingEmail:
    """Store `message` for `to` and send it after the current transaction commits.

    Raises `ValidationError` for an address that is not one, and `ValueError` for headers
    that would break the message (a programming error, not user input).
    """
    try:
        validate_email(to)
    except ValidationError as exc:
        raise ValidationError({"to": exc.messages}) from exc
    outgoing = OutgoingEmail.objects.create(
        to=to,
        subject=one_line(message.subject)[:255],
        text=message.text,
        html=message.html,
        headers=_checked_headers(message.headers),
        message_id=_message_id(),
        category=category,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: enqueue_send(outgoing.pk))
    return outgoing


def enqueue_send(outgoing_id: int, delay: timedelta | None = None) -> None:
    from common.tasks import email_send  # the task module imports this one

    if delay is None:
        email_send.enqueue(outgoing_id)
    elif email_send.get_backend().supports_defer:
        email_send.using(run_after=timezone.now() + delay).enqueue(outgoing_id)
    # else: a backend that cannot wait (tests run tasks at once); the sweep sends it later


def retry_delay(attempts: int) -> timedelta | None:
    """How long to wait after `attempts` failed attempts; None once it is time to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return RETRY_DELAYS[attempts - 1]


__all__ = [
    "MAX_ATTEMPTS",
    "EmailContent",
    "OutgoingEmailStatus",
    "email_queue",
    "email_render",
    "enqueue_send",
    "one_line",
    "retry_delay",
]
