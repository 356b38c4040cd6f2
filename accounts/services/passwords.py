"""Passwords and sessions: reset by email, change, and signing out everywhere else.

Resetting uses Django's own token generator: a link works once (it is made from the
password hash, which the reset changes) and for PASSWORD_RESET_TIMEOUT seconds. Changing the
password changes the session hash, so every other session ends; the page keeps its own
with `update_session_auth_hash`, as it does after `sessions_sign_out_others`.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import permissions, selectors
from accounts.errors import AccountError, AccountErrorCode
from accounts.mails import account_mail
from common.errors import ErrorCode
from common.ratelimit import rate_limit_check
from hub.models import User
from hub.services import login_unlock


def password_reset_request(*, email: str, client_key: str) -> None:
    """Email a reset link if an active account has this address; otherwise do nothing.

    The caller answers the same either way, so nobody learns which addresses have accounts.
    Limited per client and per address (the address is hashed for the counter's key).
    """
    rate_limit_check(scope="password_reset", key=client_key or "anonymous")
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email:
        return
    rate_limit_check(scope="password_reset_address", key=hashlib.sha256(email.encode()).hexdigest())
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with transaction.atomic():
        account_mail(
            user=user,
            template="password_reset",
            link_path=reverse(
                "frontend:password-reset-confirm", kwargs={"uidb64": uidb64, "token": token}
            ),
        )


def _set_password(user: User, password: str, *, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: list(exc.messages)}) from exc
    user.set_password(password)


def password_reset_confirm(*, uidb64: str, token: str, password: str) -> User:
    """Set a new password through a reset link; every session of the person ends."""
    user = selectors.password_reset_user(uidb64=uidb64, token=token)
    if user is None:
        raise AccountError(AccountErrorCode.LINK_INVALID)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        # Checked again under the lock: two tabs cannot both use the same link.
        if not default_token_generator.check_token(user, token):
            raise AccountError(AccountErrorCode.LINK_INVALID)
        _set_password(user, password, field="password")
        user.session_epoch = F("session_epoch") + 1
        fields = ["password", "session_epoch"]
        if user.email_verified_at is None:  # the link reached the address: it is theirs
            user.email_verified_at = timezone.now()
            fields.append("email_verified_at")
        user.save(update_fields=fields)
        user.refresh_from_db()
        account_mail(user=user, template="password_changed")
        # The link reached the owner: the failed sign-ins of others no longer lock them out.
        transaction.on_commit(lambda: login_unlock(user=user))
    return user


def password_change(*, user: User, current_password: str, new_password: str) -> User:
    """Change the password, knowing the current one. Other sessions end; the edge keeps the
    current one (`update_session_auth_hash`)."""
    if not permissions.can_manage_own_account(user):
        raise AccountError(ErrorCode.FORBIDDEN)
    rate_limit_check(scope="password_change", key=user.pk)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.check_password(current_password or ""):
            raise ValidationError({"current_password": [_("Lösenordet stämmer inte.")]})
        _set_password(user, new_password, field="new_password")
        user.save(update_fields=["password"])
        account_mail(user=user, template="password_changed")
    return user


def sessions_sign_out_others(*, user: User) -> User:
    """Raise the session epoch: every session ends but the one the edge carries over."""
    if not permissions.can_manage_own_account(user):
        raise AccountError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        return User.objects.get(pk=user.pk)
