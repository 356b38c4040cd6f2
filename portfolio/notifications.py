"""The notification kinds the portfolio app creates, and how each reads."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hub.notifications import register_message

# The kind keeps the name it was stored under before portfolios had an app of their own:
# notifications already sent still read the same.
INITIATIVE_OWNER = "assessment.initiative_owner"

# The page the notification leads to; if it is renamed, the notification leads to the
# notifications page instead.
INITIATIVE_PAGE = "frontend:initiative-detail"


def page_url(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


ROLE_LABELS = {"owner": _("initiativägare"), "process_lead": _("processledare")}


def _role_label(data: dict) -> dict:
    label = ROLE_LABELS.get(str(data.get("role")))
    return {**data, "role": label} if label is not None else data


register_message(
    INITIATIVE_OWNER,
    _("”{title}” finns nu i portföljen, med dig som {role}."),
    prepare=_role_label,
    label=_("Initiativ i portföljen där du har en roll"),
    addressed=True,
)
