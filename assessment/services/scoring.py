"""An assessor's own scores: saved as they type, handed in once complete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.errors import AssessmentError, Reason
from assessment.models import (
    RATIONALE_MAX,
    SCALE_MAX,
    SCALE_MIN,
    AssessmentRound,
    Criterion,
    RoundAssessor,
    RoundItem,
    RoundStatus,
    Score,
)
from assessment.services.locking import Errors, lock_round, lock_seat
from hub.models import User


@dataclass(frozen=True)
class ScoreInput:
    """One cell of an assessor's sheet. A None value saves the rationale alone (progress)."""

    item: RoundItem
    criterion: Criterion
    value: int | None
    rationale: str = ""


def score_save(
    *,
    actor: User,
    round: AssessmentRound,
    item: RoundItem,
    criterion: Criterion,
    value: int | None,
    rationale: str = "",
) -> Score:
    """Save one score as the assessor types (autosave). Idempotent: saving the same cell
    again updates it."""
    entry = ScoreInput(item=item, criterion=criterion, value=value, rationale=rationale)
    return _save_scores(actor, round, [entry], prefix=None)[0]


def scores_save(
    *, actor: User, round: AssessmentRound, entries: Sequence[ScoreInput]
) -> list[Score]:
    """Save several scores at once, all or none. Errors are keyed `scores.<index>.<field>`."""
    return _save_scores(actor, round, entries, prefix="scores")


def assessment_submit(*, actor: User, round: AssessmentRound) -> RoundAssessor:
    """Hand in your assessment. It must be complete; afterwards it cannot change, and you may
    read the others' scores."""
    with transaction.atomic():
        round = lock_round(actor, round)
        seat = lock_seat(round, actor)
        _check_can_score(round, seat)
        criteria_ids = list(round.round_criteria.values_list("criterion_id", flat=True))
        recused = set(seat.conflicts.values_list("item_id", flat=True))
        item_ids = [pk for pk in round.items.values_list("pk", flat=True) if pk not in recused]
        needed = {(item_id, c) for item_id in item_ids for c in criteria_ids}
        have = set(seat.scores.filter(value__isnull=False).values_list("item_id", "criterion_id"))
        missing = len(needed - have)
        if missing:
            raise ValidationError(
                {
                    "scores": [
                        ngettext(
                            "%(n)d poäng saknas. Poängsätt alla bidrag på alla kriterier först.",
                            "%(n)d poäng saknas. Poängsätt alla bidrag på alla kriterier först.",
                            missing,
                        )
                        % {"n": missing}
                    ]
                }
            )
        seat.submitted_at = timezone.now()
        seat.save(update_fields=["submitted_at"])
    return seat


def _check_can_score(round: AssessmentRound, seat: RoundAssessor) -> None:
    if round.status != RoundStatus.OPEN:
        raise AssessmentError(Reason.ROUND_NOT_OPEN)
    if seat.submitted_at is not None:
        raise AssessmentError(Reason.ALREADY_SUBMITTED)


def _save_scores(
    actor: User, round: AssessmentRound, entries: Sequence[ScoreInput], prefix: str | None
) -> list[Score]:
    with transaction.atomic():
        round = lock_round(actor, round)
        seat = lock_seat(round, actor)
        _check_can_score(round, seat)
        criteria_ids = set(round.round_criteria.values_list("criterion_id", flat=True))
        errors: Errors = {}
        seen: set[tuple[int, int]] = set()
        for index, entry in enumerate(entries):
            key = f"{prefix}.{index}." if prefix else ""
            for name, messages in _entry_errors(entry, round, criteria_ids).items():
                errors.setdefault(f"{key}{name}", []).extend(messages)
            cell = (entry.item.pk, entry.criterion.pk)
            if cell in seen:
                errors.setdefault(f"{key}item", []).append(
                    _("Samma bidrag och kriterium finns två gånger.")
                )
            seen.add(cell)
        if not entries:
            errors[prefix or "scores"] = [_("Inga poäng att spara.")]
        if errors:
            raise ValidationError(errors)
        recused = set(seat.conflicts.values_list("item_id", flat=True))
        for entry in entries:
            if entry.item.pk in recused:
                raise AssessmentError(Reason.RECUSED, item=entry.item.pk)
        existing = {
            (s.item_id, s.criterion_id): s
            for s in Score.objects.filter(assessor=seat, item_id__in={e.item.pk for e in entries})
        }
        now = timezone.now()
        saved, new, changed = [], [], []
        for entry in entries:
            score = existing.get((entry.item.pk, entry.criterion.pk))
            rationale = (entry.rationale or "").strip()
            if score is None:
                score = Score(
                    item=entry.item,
                    assessor=seat,
                    criterion=entry.criterion,
                    value=entry.value,
                    rationale=rationale,
                )
                new.append(score)
            else:
                score.value, score.rationale, score.updated_at = entry.value, rationale, now
                changed.append(score)
            saved.append(score)
        Score.objects.bulk_create(new)
        Score.objects.bulk_update(changed, ["value", "rationale", "updated_at"])
    return saved


def _entry_errors(
    entry: ScoreInput, round: AssessmentRound, criteria_ids: set[int]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if entry.item.round_id != round.pk:
        errors["item"] = [_("Bidraget ingår inte i rundan.")]
    if entry.criterion.pk not in criteria_ids:
        errors["criterion"] = [_("Kriteriet används inte i rundan.")]
    value = entry.value
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX
    ):
        errors["value"] = [
            _("Poängen ska vara ett heltal från %(min)d till %(max)d.")
            % {"min": SCALE_MIN, "max": SCALE_MAX}
        ]
    if len((entry.rationale or "").strip()) > RATIONALE_MAX:
        errors["rationale"] = [
            _("Motiveringen får vara högst %(n)d tecken.") % {"n": RATIONALE_MAX}
        ]
    return errors
