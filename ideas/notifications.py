"""The notification kinds the ideas app creates, and how each reads."""

from django.utils.translation import gettext_lazy as _

from hub.notifications import register_message
from ideas.models import IdeaStatus

STATUS_CHANGED = "idea.status"
NEW_COMMENT = "idea.comment"
COMMENT_REPLY = "idea.reply"
NEW_SUPPORT = "idea.support"
IDEA_HIDDEN = "idea.hidden"


def _status_label(data: dict) -> dict:
    try:
        return {**data, "status": IdeaStatus(str(data.get("status"))).label}
    except ValueError:
        return data


register_message(STATUS_CHANGED, _("”{title}” har fått status {status}."), prepare=_status_label)
register_message(NEW_COMMENT, _("{who} kommenterade ”{title}”."))
register_message(COMMENT_REPLY, _("{who} svarade på din kommentar om ”{title}”."))
register_message(NEW_SUPPORT, _("{who} vill bidra till ”{title}”."))
register_message(IDEA_HIDDEN, _("”{title}” har dolts av processtödet: {reason}"))
