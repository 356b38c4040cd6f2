"""Personal API tokens: created with a name (the secret shown once), deleted, touched on use."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.errors import AccountError
from accounts.models import TOKEN_NAME_MAX_LENGTH, ApiToken, token_hash
from common.errors import ErrorCode
from hub.models import User

MAX_TOKENS_PER_PERSON = 50
SECRET_PREFIX = "shb_"  # noqa: S105 (marks our tokens in leaked-secret scans)
# last_used_at is written at most this often per token, not on every request.
TOUCH_INTERVAL = timedelta(minutes=1)


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret. Only the secret's hash is stored: show it now."""
    if not permissions.can_create_api_token(user):
        raise AccountError(ErrorCode.FORBIDDEN)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Ge nyckeln ett namn.")]})
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ValidationError({"name": [_("Högst %(n)d tecken.") % {"n": TOKEN_NAME_MAX_LENGTH}]})
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        # Lock the person: two concurrent requests cannot both pass the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_PERSON:
            raise ValidationError(
                {
                    "name": [
                        _("Du har redan %(n)d nycklar. Ta bort någon du inte använder.")
                        % {"n": MAX_TOKENS_PER_PERSON}
                    ]
                }
            )
        token = ApiToken.objects.create(user=user, name=name, key_hash=token_hash(secret))
    return token, secret


def api_token_delete(*, user: User, token_id: int) -> None:
    """Revoke one of the person's own tokens. Someone else's is "not found", like a missing one."""
    if not permissions.can_manage_own_account(user):
        raise AccountError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None or not permissions.can_delete_api_token(user, token):
            raise AccountError(ErrorCode.NOT_FOUND)
        token.delete()


def api_token_touch(*, token: ApiToken) -> None:
    """Note that `token` was just used; at most one write a minute per token."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL), pk=token.pk
    ).update(last_used_at=now)
    token.last_used_at = now
