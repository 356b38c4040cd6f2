"""What every change to a round starts with: the round (and the actor's seat in it) locked
for the transaction, and found only if the actor may know of it."""

from __future__ import annotations

from typing import Any

from assessment import permissions
from assessment.errors import AssessmentError, Reason
from assessment.models import AssessmentRound, RoundAssessor, RoundItem
from common.errors import ErrorCode, ServiceError
from hub.models import User

Errors = dict[str, list[str]]


def lock_round(actor: Any, round: AssessmentRound) -> AssessmentRound:
    """The round, locked; NOT_FOUND when missing or when the actor may not know of it."""
    try:
        locked = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    except AssessmentRound.DoesNotExist:
        raise ServiceError(ErrorCode.NOT_FOUND) from None
    if not permissions.can_view_round(actor, locked):
        raise ServiceError(ErrorCode.NOT_FOUND)
    return locked


def lock_seat(round: AssessmentRound, actor: User) -> RoundAssessor:
    seat = (
        RoundAssessor.objects.select_for_update(of=("self",))
        .filter(round=round, user_id=actor.pk)
        .first()
    )
    if seat is None:
        raise AssessmentError(Reason.NOT_ASSESSOR)
    return seat


def item_of(round: AssessmentRound, item: RoundItem) -> RoundItem:
    try:
        return RoundItem.objects.select_related("idea").get(pk=item.pk, round=round)
    except RoundItem.DoesNotExist:
        raise ServiceError(ErrorCode.NOT_FOUND) from None
