"""Email addresses: verification after sign-up, and changing the address.

Links are signed (`accounts.links`), not stored. A verification link is bound to the person
and the address; an email-change link to the person, the old and the new address, so it
works once: after the change the old address no longer matches.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import links, permissions
from accounts.errors import AccountError, AccountErrorCode
from accounts.mails import account_mail
from common.errors import ErrorCode
from common.ratelimit import rate_limit_check
from hub.models import Organisation, ProfileType, User
from hub.services import user_signup

TAKEN = gettext_lazy("Det finns redan ett konto med den adressen.")


def account_signup(
    *,
    email: str,
    password: str,
    display_name: str,
    profile_type: str = ProfileType.EXTERNAL,
    organisation: Organisation | None = None,
    client_key: str = "",
) -> User:
    """Create an account (`hub.services.user_signup`) and send its verification email.

    The account works at once; until the address is verified the pages show a banner.
    """
    with transaction.atomic():
        user = user_signup(
            email=email,
            password=password,
            display_name=display_name,
            profile_type=profile_type,
            organisation=organisation,
            client_key=client_key,
        )
        _queue_verification(user)
    return user


def _queue_verification(user: User) -> None:
    token = links.verify_token_make(user_id=user.pk, email=user.email)
    account_mail(
        user=user,
        template="verify",
        link_path=reverse("frontend:email-verify", kwargs={"token": token}),
    )


def email_verification_send(*, user: User) -> bool:
    """Send the verification email again ("send again"); False if already verified."""
    if not permissions.can_manage_own_account(user):
        raise AccountError(ErrorCode.FORBIDDEN)
    rate_limit_check(scope="email_verify", key=user.pk)
    with transaction.atomic():
        user = User.objects.get(pk=user.pk)
        if user.email_verified_at is not None:
            return False
        _queue_verification(user)
    return True


def email_verify(*, actor: User | None, token: str) -> User:
    """Mark the address in a verification link verified.

    Refused if the link is tampered with, expired or for an address the person no longer
    has; and if someone else is signed in (`LINK_WRONG_ACCOUNT`). Opening it again once
    verified changes nothing.
    """
    try:
        claim = links.verify_token_read(token)
    except links.BadLink as exc:
        raise AccountError(AccountErrorCode.LINK_INVALID) from exc
    if actor is not None and actor.is_authenticated and actor.pk != claim.user_id:
        raise AccountError(AccountErrorCode.LINK_WRONG_ACCOUNT)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
        if user is None or user.email.lower() != claim.email.lower():
            raise AccountError(AccountErrorCode.LINK_INVALID)
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user


def _normalised(email: str) -> str:
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"new_email": exc.messages}) from exc
    return email


def email_change_request(*, user: User, new_email: str, password: str) -> None:
    """Send a confirmation link to `new_email`. Nothing changes until it is opened."""
    if not permissions.can_manage_own_account(user):
        raise AccountError(ErrorCode.FORBIDDEN)
    rate_limit_check(scope="email_change", key=user.pk)
    errors: dict[str, list[str]] = {}
    if not user.check_password(password or ""):
        errors["password"] = [_("Lösenordet stämmer inte.")]
    try:
        email = _normalised(new_email)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        email = ""
    if email and email == user.email.lower():
        errors["new_email"] = [_("Det är redan din adress.")]
    elif email and User.objects.filter(email__iexact=email).exists():
        errors["new_email"] = [str(TAKEN)]
    if errors:
        raise ValidationError(errors)
    token = links.change_token_make(user_id=user.pk, old_email=user.email, new_email=email)
    with transaction.atomic():
        account_mail(
            user=user,
            to=email,
            template="email_change",
            link_path=reverse("frontend:email-change-confirm", kwargs={"token": token}),
            new_email=email,
        )


def email_change_confirm(*, actor: User, token: str) -> User:
    """Switch to the new address in an email-change link; the old address gets a notice.

    The signed-in person must be the one who asked. A link is refused once used (the old
    address no longer matches), after two days, or if tampered with.
    """
    try:
        claim = links.change_token_read(token)
    except links.BadLink as exc:
        raise AccountError(AccountErrorCode.LINK_INVALID) from exc
    if not permissions.can_manage_own_account(actor):
        raise AccountError(ErrorCode.FORBIDDEN)
    if actor.pk != claim.user_id:
        raise AccountError(AccountErrorCode.LINK_WRONG_ACCOUNT)
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=actor.pk)
            if user.email.lower() != claim.old_email.lower():
                raise AccountError(AccountErrorCode.LINK_INVALID)
            if User.objects.filter(email__iexact=claim.new_email).exclude(pk=user.pk).exists():
                raise ValidationError({"new_email": [str(TAKEN)]})
            old_email = user.email
            user.email = claim.new_email
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email", "email_verified_at"])
            account_mail(
                user=user, to=old_email, template="email_changed", new_email=claim.new_email
            )
    except IntegrityError as exc:  # someone took the address in the meantime
        raise ValidationError({"new_email": [str(TAKEN)]}) from exc
    return user
