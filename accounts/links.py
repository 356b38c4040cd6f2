"""Signed links for email verification and email change (`django.core.signing`).

Nothing is stored: a link carries who it is for and which address, signed with the
project's secret and a salt of its own, and stops working after `max_age`. A link is bound
to the address it was made for, so it dies as soon as the address changes: a verification
link for an old address, or an email-change link once the change is done (one use).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core import signing

VERIFY_SALT = "accounts.email-verify"
VERIFY_MAX_AGE = timedelta(days=7)
CHANGE_SALT = "accounts.email-change"
CHANGE_MAX_AGE = timedelta(days=2)


class BadLink(Exception):  # noqa: N818 (reads as "raise BadLink")
    """The link was tampered with, has expired or is not one of ours."""


@dataclass(frozen=True)
class VerifyClaim:
    user_id: int
    email: str


@dataclass(frozen=True)
class ChangeClaim:
    user_id: int
    old_email: str
    new_email: str


def verify_token_make(*, user_id: int, email: str) -> str:
    return signing.TimestampSigner(salt=VERIFY_SALT).sign_object({"u": user_id, "e": email})


def verify_token_read(token: str) -> VerifyClaim:
    data = _read(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    try:
        return VerifyClaim(user_id=int(data["u"]), email=str(data["e"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise BadLink from exc


def change_token_make(*, user_id: int, old_email: str, new_email: str) -> str:
    return signing.TimestampSigner(salt=CHANGE_SALT).sign_object(
        {"u": user_id, "o": old_email, "n": new_email}
    )


def change_token_read(token: str) -> ChangeClaim:
    data = _read(token, salt=CHANGE_SALT, max_age=CHANGE_MAX_AGE)
    try:
        return ChangeClaim(
            user_id=int(data["u"]), old_email=str(data["o"]), new_email=str(data["n"])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadLink from exc


def _read(token: str, *, salt: str, max_age: timedelta) -> dict[str, Any]:
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token or "", max_age=max_age)
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as exc:
        raise BadLink from exc
    if not isinstance(data, dict):
        raise BadLink
    return data
