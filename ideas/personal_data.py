"""The ideas app's personal data (see common/personal_data.py).

A submission's title stays (assessment rounds, decisions and the portfolio refer to it);
what its author wrote about it, their comments and attachments go when they ask for their
texts to go too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from ideas.models import Attachment, Comment, Idea, StatusChange, Support, Tag
from ideas.services.attachments import attachments_erase

TEXT = pd.Erasure.CLEAR_ON_REQUEST


def _attachments_erase(user: Any, rows: QuerySet[Any], remove_texts: bool) -> None:
    if remove_texts:
        attachments_erase(attachments=rows)


def _attachments_export(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    # Which files, not the files themselves: they stay readable on their submission.
    return [
        {
            "submission": row.idea_id,
            "file_name": row.original_name,
            "content_type": row.content_type,
            "size": row.size,
            "created_at": row.created_at,
        }
        for row in rows.order_by("created_at", "pk")
    ]


pd.register(
    Idea,
    people=("author",),
    fields={
        "title": pd.Erasure.KEEP,
        "summary": TEXT,
        "description": TEXT,
        "description_html": TEXT,
        "search_text": TEXT,
    },
    # Written by a moderator about the submission, not by its author.
    not_personal_fields=("hidden_reason", "hidden_by"),
    label=_("Dina bidrag"),
)
pd.register(
    StatusChange,
    people=("actor",),
    # A status change's reason is part of the decision record: it stays.
    fields={"reason": pd.Erasure.KEEP},
    label=_("Statusändringar du gjort"),
)
pd.register(
    Attachment,
    people=("uploaded_by",),
    fields={"file": TEXT, "original_name": TEXT},
    not_personal_fields=("token", "extension", "content_type"),
    erase=_attachments_erase,
    export=_attachments_export,
    label=_("Bilagor du laddat upp"),
)
pd.register(
    Comment,
    people=("author",),
    fields={"body": TEXT, "body_html": TEXT},
    not_personal_fields=("hidden_reason",),
    label=_("Dina kommentarer"),
)
pd.register(
    Support,
    people=("user",),
    fields={"note": pd.Erasure.CLEAR},
    label=_("Ditt stöd till bidrag"),
)
pd.not_personal(Tag, reason="free labels shared by every submission")
