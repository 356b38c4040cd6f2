"""Every change to a person's account: sign-up, profile, API token."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
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


def api_token_issue(*, user: User) -> str:
    """The person's API token, created on first use (the same until revoked)."""
    if not permissions.is_authenticated(user):
        raise ServiceError(ErrorCode.FORBIDDEN)
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return token.key
