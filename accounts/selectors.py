"""Reads of the account flows: a person's API tokens, the owner of a token or a reset link."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db.models import QuerySet
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from accounts.models import ApiToken, token_hash
from hub.models import User


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first: one query, however many there are."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).only(
        "id", "user_id", "name", "created_at", "last_used_at"
    )


def api_token_for_secret(secret: str) -> ApiToken | None:
    """The token whose secret this is, with its person (one query), or None."""
    if not secret or len(secret) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=token_hash(secret)).first()


def password_reset_user(*, uidb64: str, token: str) -> User | None:
    """The active person a password-reset link is for, while the link is valid, else None.

    Django's token generator mixes the password hash and the last sign-in into the token, so
    a link works once (the reset changes the hash) and expires after PASSWORD_RESET_TIMEOUT.
    """
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64 or "")))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    if not default_token_generator.check_token(user, token or ""):
        return None
    return user
