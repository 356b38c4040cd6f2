"""The privacy app's own personal data: the exports (see common/personal_data.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from privacy.models import DataExport
from privacy.services.exports import exports_delete


def _exports_erase(user: Any, rows: QuerySet[Any], remove_texts: bool) -> None:
    exports_delete(exports=rows)


def _exports_export(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    return [
        {"status": row.status, "created_at": row.created_at, "expires_at": row.expires_at}
        for row in rows.order_by("created_at", "pk")
    ]


pd.register(
    DataExport,
    people=("user",),
    fields={"file": pd.Erasure.CLEAR},
    not_personal_fields=("token",),
    delete_rows=True,
    erase=_exports_erase,
    export=_exports_export,
    label=_("Dina exporter"),
)
