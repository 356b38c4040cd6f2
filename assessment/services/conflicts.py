"""Conflicts of interest (jäv) declared while a round is open. The automatic ones (authors,
organisations taking part) are recorded when a round opens (`rounds.round_open`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessment import permissions
from assessment.errors import AssessmentError, Reason
from assessment.models import (
    REASON_MAX,
    AssessmentRound,
    Conflict,
    ConflictKind,
    RoundAssessor,
    RoundItem,
    RoundStatus,
    Score,
)
from assessment.services.locking import Errors, lock_round
from common.errors import ErrorCode, ServiceError
from hub.models import User


def conflict_declare(
    *,
    actor: User,
    round: AssessmentRound,
    item: RoundItem,
    reason: str,
    assessor: User | None = None,
) -> Conflict:
    """Declare a conflict of interest: an assessor for themselves, a facilitator for any
    assessor. The assessor is recused from the item and any scores they gave it are removed.
    Idempotent: a second declaration returns the first."""
    target = assessor if assessor is not None else actor
    reason = (reason or "").strip()
    with transaction.atomic():
        round = lock_round(actor, round)
        own = target.pk == actor.pk
        if not own and not permissions.can_run_rounds(actor):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if own and not permissions.is_round_assessor(actor, round):
            raise AssessmentError(Reason.NOT_ASSESSOR)
        if round.status != RoundStatus.OPEN:
            raise AssessmentError(Reason.ROUND_NOT_OPEN)
        errors: Errors = {}
        seat = (
            RoundAssessor.objects.select_for_update(of=("self",))
            .filter(round=round, user=target)
            .first()
        )
        if item.round_id != round.pk:
            errors["item"] = [_("Bidraget ingår inte i rundan.")]
        if not reason:
            errors["reason"] = [_("Skriv varför du är jävig.")]
        elif len(reason) > REASON_MAX:
            errors["reason"] = [_("Skälet får vara högst %(n)d tecken.") % {"n": REASON_MAX}]
        if seat is None or errors:
            if seat is None:
                errors["assessor"] = [_("Personen är inte bedömare i rundan.")]
            raise ValidationError(errors)
        existing = Conflict.objects.filter(item=item, assessor=seat).first()
        if existing is not None:
            return existing
        if seat.submitted_at is not None:
            # A submitted assessment is final: recusing now would silently drop its scores.
            raise AssessmentError(Reason.ALREADY_SUBMITTED)
        conflict = Conflict.objects.create(
            item=item, assessor=seat, kind=ConflictKind.DECLARED, reason=reason, declared_by=actor
        )
        Score.objects.filter(item=item, assessor=seat).delete()
    return conflict
