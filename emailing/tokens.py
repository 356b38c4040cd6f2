"""Signed unsubscribe links: who, and which kind (or all), without signing in."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from emailing.models import ALL_KINDS

SALT = "emailing.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    user_id: int
    kind: str  # a notification kind, or ALL_KINDS


def unsubscribe_token(*, user_id: int, kind: str = ALL_KINDS) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def read_token(token: str) -> UnsubscribeClaim | None:
    """The claim in `token`, or None if it was not made by us (tampered, truncated…)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or not isinstance(kind, str) or not kind:
        return None
    return UnsubscribeClaim(user_id=user_id, kind=kind)


def absolute(path: str) -> str:
    """`path` on the hub's public address (SITE_URL), for links in emails."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def unsubscribe_url(*, user_id: int, kind: str = ALL_KINDS) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return absolute(reverse("frontend:email-unsubscribe", args=[token]))
