"""Download my data: asked for in a request, built by a task, removed after a week.

The contents come from the registry alone (common/personal_data.py): every registered
model's rows of the person, by its `export` or, without one, its concrete fields. The ZIP
holds `uppgifter.json` (machine-readable) and `uppgifter.html` (readable in any browser,
no scripts or outside resources).
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import zipfile
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from common import personal_data as pd
from common.errors import ErrorCode
from common.ratelimit import rate_limit_check
from hub.models import User
from hub.services import notify
from privacy import permissions
from privacy.errors import PrivacyError, PrivacyErrorCode
from privacy.models import EXPORT_KEEP_DAYS, RUNNING_STATUSES, DataExport, ExportStatus
from privacy.notifications import EXPORT_READY

logger = logging.getLogger(__name__)

JSON_NAME = "uppgifter.json"
HTML_NAME = "uppgifter.html"


def export_request(*, user: User) -> DataExport:
    """Ask for a new export of `user`'s data; built in the background after commit.

    One at a time per person (a second while one runs is EXPORT_RUNNING), and a few a day.
    """
    if not permissions.can_request_export(user):
        raise PrivacyError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        # Lock the person: two requests at once cannot both pass the check below.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if DataExport.objects.filter(user=user, status__in=RUNNING_STATUSES).exists():
            raise PrivacyError(PrivacyErrorCode.EXPORT_RUNNING)
        rate_limit_check(scope="data_export", key=user.pk)
        try:
            with transaction.atomic():
                export = DataExport.objects.create(user=user, token=secrets.token_hex(16))
        except IntegrityError:  # the database's own guard, should the lock not hold
            raise PrivacyError(PrivacyErrorCode.EXPORT_RUNNING) from None
        transaction.on_commit(partial(_enqueue_build, export.pk))
    return export


def _enqueue_build(export_id: int) -> None:
    from privacy.tasks import data_export_build  # the task module imports these services

    data_export_build.enqueue(export_id)


def _progress(export: DataExport, done: int, total: int) -> None:
    """Written at once (its own statement, outside any long transaction): the page polls it."""
    percent = min(99, done * 100 // max(total, 1))
    if percent != export.progress:
        DataExport.objects.filter(pk=export.pk).update(progress=percent)
        export.progress = percent


def export_build(*, export_id: int) -> DataExport | None:
    """Build the ZIP of one export (the task). Safe to run twice: a finished one is left."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id, status__in=RUNNING_STATUSES)
            .first()
        )
        if export is None:
            return None
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    try:
        content = _zip(export)
    except Exception:
        # No personal data in the log: the export's id only.
        logger.exception("data export %s failed", export.pk)
        DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED)
        export.status = ExportStatus.FAILED
        return export
    now = timezone.now()
    with transaction.atomic():
        export.file.save(export_path_name(export), ContentFile(content), save=False)
        export.status = ExportStatus.READY
        export.progress = 100
        export.size = len(content)
        export.finished_at = now
        export.expires_at = now + timedelta(days=EXPORT_KEEP_DAYS)
        export.save(
            update_fields=["file", "status", "progress", "size", "finished_at", "expires_at"]
        )
        user = export.user
        with translation.override(user.language):
            expires = date_format(timezone.localtime(export.expires_at), "j F Y")
        notify(
            recipients=[user],
            kind=EXPORT_READY,
            actor=None,
            target_url=_exports_page(),
            data={"expires": expires},
        )
    return export


def export_path_name(export: DataExport) -> str:
    return f"{export.token}.zip"


def _exports_page() -> str:
    try:
        return reverse("frontend:privacy-exports")
    except NoReverseMatch:
        return ""


def default_export(entry: pd.PersonalData, rows: models.QuerySet[Any]) -> list[dict[str, Any]]:
    """A model without an `export` of its own: its concrete fields, relations as ids."""
    names = [field.attname for field in entry.model._meta.concrete_fields]
    return list(rows.order_by("pk").values(*names))


def collect(user: User, *, on_step: Any = None) -> list[dict[str, Any]]:
    """Every registered model's rows of `user`: [{"model", "label", "rows"}], in order."""
    entries = pd.registrations()
    sections = []
    for done, entry in enumerate(entries, start=1):
        rows = entry.rows_of(user)
        data = entry.export(rows) if entry.export is not None else default_export(entry, rows)
        if data:
            sections.append(
                {"model": entry.model._meta.label, "label": str(entry.label), "rows": data}
            )
        if on_step is not None:
            on_step(done, len(entries))
    return sections


def _zip(export: DataExport) -> bytes:
    user = export.user
    with translation.override(user.language):
        sections = collect(user, on_step=partial(_progress, export))
        payload = json.loads(json.dumps(sections, cls=DjangoJSONEncoder))
        created = timezone.localtime(export.created_at)
        html = render_to_string(
            "privacy/export.html",
            {"sections": [_readable(section) for section in payload], "created": created},
        )
    document = {"created_at": export.created_at.isoformat(), "sections": payload}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            JSON_NAME, json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        )
        archive.writestr(HTML_NAME, html)
    return buffer.getvalue()


def _readable(section: dict[str, Any]) -> dict[str, Any]:
    """A section as a table: the columns every row has, values as text."""
    columns: list[str] = []
    for row in section["rows"]:
        columns.extend(key for key in row if key not in columns)
    rows = [[_text(row.get(column)) for column in columns] for row in section["rows"]]
    return {"label": section["label"], "columns": columns, "rows": rows}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def exports_delete(*, exports: Iterable[DataExport]) -> None:
    """Delete exports (rows now, files after commit): erasure, or the week is up."""
    for export in list(exports):
        name, storage = export.file.name, export.file.storage
        export.delete()
        if name:
            transaction.on_commit(partial(storage.delete, name))


def exports_expire(*, now: Any = None) -> int:
    """Remove the files of exports past their time (the periodic job); the rows stay as
    "Borttagen" so the page can say so. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            DataExport.objects.select_for_update().filter(
                status=ExportStatus.READY, expires_at__lte=now
            )
        )
        for export in due:
            name, storage = export.file.name, export.file.storage
            DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, file="")
            if name:
                transaction.on_commit(partial(storage.delete, name))
        # Finished or failed ones do not stay for ever either.
        DataExport.objects.filter(
            status__in=(ExportStatus.FAILED, ExportStatus.EXPIRED),
            created_at__lte=now - timedelta(days=EXPORT_KEEP_DAYS * 4),
        ).delete()
    return len(due)
