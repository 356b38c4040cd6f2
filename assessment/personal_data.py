"""The assessment app's personal data (see common/personal_data.py).

Decisions, votes and status of rounds are the partnership's record and stay readable, with
the people behind them as "Borttagen deltagare"; an assessor's rationales and declared
conflicts go when they ask for their texts to go too.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from assessment.models import (
    AssessmentRound,
    AssessmentSettings,
    Conflict,
    Criterion,
    Decision,
    RoundAssessor,
    RoundCriterion,
    RoundItem,
    Score,
    Vote,
)
from common import personal_data as pd

KEEP = pd.Erasure.KEEP
TEXT = pd.Erasure.CLEAR_ON_REQUEST

pd.register(
    AssessmentRound,
    people=("created_by",),
    fields={"title": KEEP, "description": KEEP},
    label=_("Bedömningsrundor du skapat"),
)
pd.register(RoundAssessor, people=("user",), label=_("Dina platser som bedömare"))
pd.register(
    Score,
    people=("assessor__user",),
    fields={"rationale": TEXT},
    label=_("Dina poäng och motiveringar"),
)
pd.register(
    Conflict,
    people=("assessor__user", "declared_by"),
    fields={"reason": TEXT},
    label=_("Jäv"),
)
pd.register(
    Vote,
    people=("cast_by",),
    # A party's vote and its comment are the record of how the party decided.
    fields={"comment": KEEP},
    label=_("Röster du lagt för din part"),
)
pd.register(
    Decision,
    people=("decided_by",),
    fields={"rationale": KEEP},
    label=_("Beslut du protokollfört"),
)
pd.not_personal(Criterion, reason="the assessment criteria, public")
pd.not_personal(AssessmentSettings, reason="a focus area's decision rule")
pd.not_personal(RoundCriterion, reason="a criterion's weight in a round")
pd.not_personal(RoundItem, reason="which submission a round assesses")
