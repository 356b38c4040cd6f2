"""Consent: to show one's name, to share one's contact details. Given and withdrawn by the
person alone; each is a `Consent` record (what, when given, when withdrawn) that is kept."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from hub import permissions
from hub.models import Consent, ConsentKind, User

logger = logging.getLogger(__name__)


def _kind(kind: str) -> ConsentKind:
    try:
        return ConsentKind(kind)
    except ValueError:
        raise ValidationError({"kind": _("Okänt samtycke.")}) from None


def _locked(actor: User, user: User) -> User:
    if not permissions.can_give_consent(actor, user):
        raise ServiceError(ErrorCode.FORBIDDEN)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.erased_at is not None:
        raise ServiceError(ErrorCode.FORBIDDEN)
    return locked


def _sync(user: User) -> None:
    """Copy the name consent in force onto the user row (read by `hub.display_names`)."""
    in_force = Consent.objects.filter(
        user=user, kind=ConsentKind.SHOW_NAME, withdrawn_at__isnull=True
    ).exists()
    if user.name_consent != in_force:
        user.name_consent = in_force
        user.save(update_fields=["name_consent"])


def consent_give(*, actor: User, user: User, kind: str) -> Consent:
    """Give a consent (nothing new when it is already in force)."""
    kind = _kind(kind)
    with transaction.atomic():
        locked = _locked(actor, user)
        consent = Consent.objects.filter(user=locked, kind=kind, withdrawn_at__isnull=True).first()
        if consent is None:
            consent = Consent.objects.create(user=locked, kind=kind, given_at=timezone.now())
            logger.info("consent %s given by account %s", kind.value, locked.pk)
        _sync(locked)
    user.name_consent = locked.name_consent
    return consent


def consent_withdraw(*, actor: User, user: User, kind: str) -> Consent | None:
    """Withdraw a consent in force; the record stays with its time of withdrawal."""
    kind = _kind(kind)
    with transaction.atomic():
        locked = _locked(actor, user)
        consent = Consent.objects.filter(user=locked, kind=kind, withdrawn_at__isnull=True).first()
        if consent is not None:
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
            logger.info("consent %s withdrawn by account %s", kind.value, locked.pk)
        _sync(locked)
    user.name_consent = locked.name_consent
    return consent


def has_consent(*, user: User, kind: str) -> bool:
    """Whether the consent is in force (for apps that share contact details)."""
    return Consent.objects.filter(user=user, kind=_kind(kind), withdrawn_at__isnull=True).exists()
