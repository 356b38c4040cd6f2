"""The portfolio's personal data (see common/personal_data.py), and what stops an erasure.

Initiatives and their status reports are records for the governing board: they stay
readable, their owners and authors read as "Borttagen deltagare" once erased. An initiative
must not be left without someone answering for it, so its owner hands it over (a
facilitator changes the owner) before their account can be deleted.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from portfolio.models import LifecycleStage, Portfolio, PortfolioInitiative, StatusReport

KEEP = pd.Erasure.KEEP

pd.register(
    PortfolioInitiative,
    people=("owner", "process_lead"),
    fields={"title": KEEP, "summary": KEEP},
    label=_("Initiativ du äger eller leder"),
)
pd.register(
    StatusReport,
    people=("author",),
    fields={"note": KEEP},
    label=_("Lägesrapporter du skrivit"),
)
pd.not_personal(Portfolio, reason="a focus area's portfolio")


def initiatives_to_hand_over(user: Any) -> list[Promise | str]:
    """An owner of a running initiative hands it over first (closed ones need no owner)."""
    titles = (
        PortfolioInitiative.objects.filter(owner=user)
        .exclude(stage=LifecycleStage.CLOSED)
        .order_by("title", "pk")
        .values_list("title", flat=True)
    )
    return [
        _(
            "Du äger initiativet ”%(title)s” i portföljen. Be processtödet att göra någon "
            "annan till initiativägare först."
        )
        % {"title": title}
        for title in titles
    ]


pd.register_erasure_blocker(initiatives_to_hand_over)
