"""The notification kinds the assessment app creates, and how each reads.

No notification ever carries a score or a rationale: only names, counts and dates.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hub.notifications import register_message

ROUND_OPENED = "assessment.round_opened"
ROUND_CLOSED = "assessment.round_closed"
INITIATIVE_OWNER = "assessment.initiative_owner"

# The pages these notifications lead to, once the frontend has them; until then (or if a
# page is renamed) the notification leads to the notifications page.
ROUND_PAGE = "frontend:assessment-round"
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
    ROUND_OPENED,
    _("Du är bedömare i ”{round}”: {items} bidrag att bedöma senast {deadline}."),
)
register_message(ROUND_CLOSED, _("Bedömningsrundan ”{round}” är stängd. Resultatet kan läsas."))
register_message(
    INITIATIVE_OWNER,
    _("”{title}” finns nu i portföljen, med dig som {role}."),
    prepare=_role_label,
)
