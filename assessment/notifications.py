"""The notification kinds the assessment app creates, and how each reads.

No notification ever carries a score or a rationale: only names, counts and dates.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hub.notifications import register_message

ROUND_OPENED = "assessment.round_opened"
ROUND_CLOSED = "assessment.round_closed"

# The page these notifications lead to; if it is renamed, they lead to the notifications
# page instead.
ROUND_PAGE = "frontend:assessment-round"


def page_url(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


register_message(
    ROUND_OPENED,
    _("Du är bedömare i ”{round}”: {items} bidrag att bedöma senast {deadline}."),
    label=_("Bedömningsrundor där du är bedömare"),
    addressed=True,
)
register_message(
    ROUND_CLOSED,
    _("Bedömningsrundan ”{round}” är stängd. Resultatet kan läsas."),
    label=_("Stängda bedömningsrundor"),
)
