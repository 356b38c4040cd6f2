"""The account emails: rendered in the reader's language and queued in the outbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from common.mail import email_queue, email_render
from hub.models import User


def absolute_url(path: str) -> str:
    """`path` on the hub's public address (SITE_URL), for links in emails."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def account_mail(
    *, user: User, to: str | None = None, template: str, link_path: str = "", **extra: Any
) -> None:
    """Queue the account email `template` for `user` (at `to`, by default their address).

    The person's name only ever goes into the body (escaped in HTML), never into a header:
    `to` is the bare address, and the subject is folded to one line by `email_render`.
    """
    context: dict[str, Any] = {
        "name": user.display_name,
        "site_url": absolute_url("/"),
        "settings_url": absolute_url(reverse("frontend:account-security")),
        **extra,
    }
    if link_path:
        context["link"] = absolute_url(link_path)
    message = email_render(f"emails/accounts/{template}", context, language=user.language)
    email_queue(to=to or user.email, message=message, category=f"accounts.{template}")
