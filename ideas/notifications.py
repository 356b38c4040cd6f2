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


register_message(
    STATUS_CHANGED,
    _("”{title}” har fått status {status}."),
    prepare=_status_label,
    label=_("Nya statusar för dina bidrag"),
    addressed=True,
)
register_message(
    NEW_COMMENT, _("{who} kommenterade ”{title}”."), label=_("Kommentarer på dina bidrag")
)
register_message(
    COMMENT_REPLY,
    _("{who} svarade på din kommentar om ”{title}”."),
    label=_("Svar på dina kommentarer"),
    addressed=True,
)
register_message(
    NEW_SUPPORT, _("{who} vill bidra till ”{title}”."), label=_("Stöd till dina bidrag")
)
register_message(
    IDEA_HIDDEN,
    _("”{title}” har dolts av processtödet: {reason}"),
    label=_("Dina bidrag som döljs"),
    addressed=True,
)
