"""Every change to a person's account, and signing in: sign-up, sign-in, profile."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import cast

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from common.ratelimit import (
    failure_record,
    failures_check,
    failures_clear,
    rate_limit_check,
)
from hub import permissions
from hub.models import Organisation, ProfileType, User


def user_signup(
    *,
    email: str,
    password: str,
    display_name: str,
    profile_type: str = ProfileType.EXTERNAL,
    organisation: Organisation | None = None,
    client_key: str = "",
) -> User:
    """Create an account. `client_key` (the client's address) scopes the rate limit."""
    rate_limit_check(scope="signup", key=client_key or "anonymous")
    email = User.objects.normalize_email(email or "").strip().lower()
    user = User(
        email=email,
        display_name=(display_name or "").strip(),
        profile_type=profile_type,
        organisation=organisation,
    )
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if User.objects.filter(email__iexact=email).exists():
        errors.setdefault("email", []).append(_("Det finns redan ett konto med den adressen."))
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent sign-up with the same address won the race
        raise ValidationError(
            {"email": [_("Det finns redan ett konto med den adressen.")]}
        ) from exc
    return user


@dataclass(frozen=True)
class Credentials:
    email: str
    password: str


def user_authenticate(
    *, client_key: str, credentials: Credentials | None, request: HttpRequest | None = None
) -> User | None:
    """The person these credentials belong to, for the sign-in page and the API token alike.

    Failed attempts are limited in sliding windows (settings RATE_LIMITS), per client
    address (`login`) and per account from every address together (`login_account`); an
    input the edge already refused (`credentials` None, answered with None) is a failure of
    the address. A sign-in that works costs nothing, so people behind one address (a
    municipality's NAT) are not locked out by each other's successes. While either limit is
    reached every attempt is refused unchecked, the right password too; the owner lifts an
    account's lock by resetting the password (`login_unlock`). Wrong credentials are one
    error of the whole form, the same for an unknown address, a wrong password and an
    inactive account.
    """
    address = client_key or "anonymous"
    failures_check(scope="login", key=address)
    if credentials is None:
        failure_record(scope="login", key=address)
        return None
    account = login_account_key(credentials.email)
    failures_check(scope="login_account", key=account)
    user = authenticate(request, email=credentials.email.strip(), password=credentials.password)
    if user is None:
        failure_record(scope="login", key=address)
        failure_record(scope="login_account", key=account)
        raise ValidationError(_("Fel e-postadress eller lösenord."))
    return cast(User, user)


def login_account_key(email: str) -> str:
    """The key of an account's sign-in failures: its address, normalised and hashed (an
    address with no account is limited the same way, so the limit tells nothing)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def login_unlock(*, user: User) -> None:
    """Forget the failed sign-ins of `user`'s account: they proved it theirs (a reset)."""
    failures_clear(scope="login_account", key=login_account_key(user.email))


def profile_update(
    *,
    actor: User,
    user: User,
    display_name: str,
    profile_type: str,
    organisation: Organisation | None,
    bio: str = "",
) -> User:
    if not permissions.can_edit_profile(actor, user):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.display_name = (display_name or "").strip()
        user.profile_type = profile_type
        user.organisation = organisation
        user.bio = bio or ""
        user.full_clean(exclude=["password"])
        user.save(update_fields=["display_name", "profile_type", "organisation", "bio"])
    return user
