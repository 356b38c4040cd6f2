"""The accounts app's personal data (see common/personal_data.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken
from common import personal_data as pd


def _tokens_export(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    # Names and dates only: not even the secret's hash leaves the hub.
    return [
        {"name": token.name, "created_at": token.created_at, "last_used_at": token.last_used_at}
        for token in rows.order_by("created_at", "pk")
    ]


pd.register(
    ApiToken,
    people=("user",),
    fields={"name": pd.Erasure.CLEAR},
    not_personal_fields=("key_hash",),
    delete_rows=True,  # revoked: nothing without the person
    export=_tokens_export,
    label=_("API-nycklar"),
)
