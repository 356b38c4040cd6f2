"""Every change to a person's account, and signing in: sign-up, sign-in, profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from common.ratelimit import rate_limit_check
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

    Every attempt counts against the client's login limit, right or wrong, and also one whose
    input the edge already refused (`credentials` None, answered with None): guessing stays
    slow however it is sent. Wrong credentials are one error of the whole form, the same for
    an unknown address, a wrong password and an inactive account.
    """
    rate_limit_check(scope="login", key=client_key or "anonymous")
    if credentials is None:
        return None
    user = authenticate(request, email=credentials.email.strip(), password=credentials.password)
    if user is None:
        raise ValidationError(_("Fel e-postadress eller lösenord."))
    return cast(User, user)


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
