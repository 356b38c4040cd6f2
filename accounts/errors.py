"""Refusals of the account flows, besides the shared ones in `common.errors`."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from common.errors import SHARED_SPECS, ErrorSpec, ServiceError


class AccountErrorCode(StrEnum):
    LINK_INVALID = "link_invalid"
    LINK_WRONG_ACCOUNT = "link_wrong_account"


ACCOUNT_SPECS: Mapping[str, ErrorSpec] = {
    AccountErrorCode.LINK_INVALID: ErrorSpec(
        400,
        _(
            "Länken fungerar inte längre: den har redan använts, har gått ut eller är "
            "felaktig. Be om en ny."
        ),
    ),
    AccountErrorCode.LINK_WRONG_ACCOUNT: ErrorSpec(
        403,
        _("Länken gäller ett annat konto. Logga ut och logga in med rätt konto först."),
    ),
}


class AccountError(ServiceError):
    """A refusal by the account flows: a shared code or one of `AccountErrorCode`."""

    specs = {**SHARED_SPECS, **ACCOUNT_SPECS}
