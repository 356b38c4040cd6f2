"""Refusals of "download my data" and "delete my account", besides the shared ones."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from common.errors import SHARED_SPECS, ErrorSpec, ServiceError


class PrivacyErrorCode(StrEnum):
    EXPORT_RUNNING = "export_running"
    ERASURE_BLOCKED = "erasure_blocked"


PRIVACY_SPECS: Mapping[str, ErrorSpec] = {
    PrivacyErrorCode.EXPORT_RUNNING: ErrorSpec(
        409, _("Vi sammanställer redan dina uppgifter. Vänta tills den exporten är klar.")
    ),
    PrivacyErrorCode.ERASURE_BLOCKED: ErrorSpec(
        409, _("Kontot kan inte tas bort än. Gör först det som står nedan.")
    ),
}


class PrivacyError(ServiceError):
    """A refusal of the privacy flows: a shared code or one of `PrivacyErrorCode`.

    ERASURE_BLOCKED carries `reasons`: every app's reason, in the reader's language."""

    specs = {**SHARED_SPECS, **PRIVACY_SPECS}
