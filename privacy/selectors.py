"""Reads of the privacy app: a person's exports, and one of them for its owner only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from common.errors import ErrorCode
from hub.models import User
from privacy import permissions
from privacy.errors import PrivacyError
from privacy.models import DataExport, ExportStatus

EXPORTS_LISTED = 10


def export_list(*, user: User) -> QuerySet[DataExport]:
    """The person's latest exports, newest first (one query, whatever they hold)."""
    return DataExport.objects.filter(user=user).order_by("-created_at", "-pk")[:EXPORTS_LISTED]


def export_get(*, user: User, export_id: int) -> DataExport:
    """One of the person's own exports; anyone else's is NOT_FOUND, like a missing one."""
    export = DataExport.objects.filter(pk=export_id, user_id=user.pk).first()
    if export is None or not permissions.can_download_export(user, export):
        raise PrivacyError(ErrorCode.NOT_FOUND)
    return export


def export_for_download(*, user: User, export_id: int) -> DataExport:
    """An export its owner may download now: ready, not past its time."""
    export = export_get(user=user, export_id=export_id)
    expired = export.expires_at is not None and export.expires_at <= timezone.now()
    if export.status != ExportStatus.READY or expired or not export.file:
        raise PrivacyError(ErrorCode.NOT_FOUND)
    return export
