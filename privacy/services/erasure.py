"""Delete my account: every registered model's rows of the person handled by its rules, in
one transaction, the user row last (pseudonymised, not deleted: decisions, portfolio
records and board histories that point at it stay readable as "Borttagen deltagare").

Refused, with nothing changed, while any app has a reason (`register_erasure_blocker`:
a portfolio initiative to hand over first).
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from common import personal_data as pd
from common.errors import ErrorCode
from hub.models import User
from privacy import permissions
from privacy.errors import PrivacyError, PrivacyErrorCode

logger = logging.getLogger(__name__)


def erasure_blockers_of(user: User) -> list[Promise | str]:
    """Why `user` cannot be erased yet, from every app (empty: nothing stops it)."""
    return pd.erasure_blockers(user)


def account_erase(
    *, actor: User, user: User, password: str | None = None, remove_texts: bool = False
) -> None:
    """Erase `user`'s personal data everywhere, by the registry.

    The person themselves confirms with their password; an administrator erases on request
    (a letter, a call) without it. `remove_texts` also empties what the registry keeps as a
    public record unless asked (CLEAR_ON_REQUEST: submissions' texts, comments, cards).
    """
    own = actor.pk == user.pk
    if own:
        if not permissions.can_erase_own_account(actor):
            raise PrivacyError(ErrorCode.FORBIDDEN)
        if not password or not user.check_password(password):
            raise ValidationError({"password": [_("Fel lösenord.")]})
    elif not permissions.can_erase_on_request(actor):
        raise PrivacyError(ErrorCode.NOT_FOUND)
    if user.erased_at is not None:
        raise PrivacyError(ErrorCode.NOT_FOUND)
    with transaction.atomic():
        # Locked: nothing of the person changes hands (or is added) while they are erased.
        locked = User.objects.select_for_update().filter(pk=user.pk, erased_at=None).first()
        if locked is None:
            raise PrivacyError(ErrorCode.NOT_FOUND)
        reasons = erasure_blockers_of(locked)
        if reasons:
            raise PrivacyError(
                PrivacyErrorCode.ERASURE_BLOCKED, reasons=[str(reason) for reason in reasons]
            )
        _erase(locked, remove_texts=remove_texts)
    # The person's id only: no name, address or text in the log.
    logger.info("account %s erased (by %s)", user.pk, "themselves" if own else actor.pk)
    user.refresh_from_db()


def _erase(user: User, *, remove_texts: bool) -> None:
    """Each registration's rule over the person's rows; the user model's last, so every
    other app still finds the person's name and address (mails to them, names in logs)."""
    user_model = get_user_model()
    entries = sorted(pd.registrations(), key=lambda entry: entry.model is user_model)
    for entry in entries:
        rows = entry.rows_of(user)
        if entry.erase is not None:
            entry.erase(user, rows, remove_texts)
        else:
            pd.apply_rules(entry, rows, remove_texts=remove_texts)
