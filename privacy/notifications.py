"""The notification kinds the privacy app creates, and how each reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hub.notifications import register_message

EXPORT_READY = "privacy.export_ready"

register_message(
    EXPORT_READY,
    _("Dina uppgifter är sammanställda. Ladda ner dem senast {expires}."),
    label=_("Dina uppgifter är klara att ladda ner"),
    addressed=True,
)
