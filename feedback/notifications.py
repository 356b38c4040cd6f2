"""The notification kind the feedback app creates: the link after the event, when the form
opens (`services/invitations.py`)."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from hub.notifications import register_message

OPEN = "feedback.open"


def _until(data: dict) -> dict:
    try:
        closes_at = datetime.fromisoformat(str(data.get("closes_at")))
    except ValueError:
        return {**data, "until": ""}
    return {**data, "until": formats.date_format(timezone.localtime(closes_at), "DATETIME_FORMAT")}


register_message(
    OPEN,
    _("Vad tyckte du om ”{title}”? Utvärderingen är öppen till {until}."),
    prepare=_until,
    label=_("Utvärderingar efter evenemang du deltagit i"),
    addressed=True,
)
