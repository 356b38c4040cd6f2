"""A round's life: set up as a draft, opened for the Core Team, closed for the vote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment import permissions
from assessment.errors import AssessmentError, Reason
from assessment.models import (
    AssessmentRound,
    Conflict,
    ConflictKind,
    Criterion,
    RoundAssessor,
    RoundCriterion,
    RoundItem,
    RoundStatus,
)
from assessment.notifications import ROUND_CLOSED, ROUND_OPENED, ROUND_PAGE, page_url
from assessment.services.configuration import decision_rule_for
from assessment.services.locking import Errors, lock_round
from common.errors import ErrorCode, ServiceError
from hub.models import CoreTeamMembership, FocusArea, User
from hub.services import notify
from ideas.models import Idea, IdeaStatus
from ideas.services import idea_transition

# Submissions a round may take: sent in, or already under review, and not hidden.
ASSESSABLE_STATUSES = frozenset({IdeaStatus.SUBMITTED, IdeaStatus.IN_REVIEW})
MAX_ITEMS_PER_ROUND = 500


@dataclass(frozen=True)
class RoundInput:
    """A round as a facilitator sets it up. Relations are objects, resolved by the edge."""

    title: str
    focus_area: FocusArea
    deadline: datetime
    ideas: Sequence[Idea] = ()
    description: str = ""
    criteria: Sequence[Criterion] | None = None  # None: every active criterion


def round_create(*, actor: User, data: RoundInput) -> AssessmentRound:
    """Set up a round as a draft. Nothing is visible to assessors until it opens."""
    if not permissions.can_create_round(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    round = AssessmentRound(created_by=actor, status=RoundStatus.DRAFT)
    ideas, criteria = _validate_round(round, data)
    with transaction.atomic():
        round.save()
        _set_items(round, ideas)
        _set_criteria(round, criteria)
    return round


def round_update(*, actor: User, round: AssessmentRound, data: RoundInput) -> AssessmentRound:
    """Change a draft round: its name, deadline, submissions and criteria."""
    with transaction.atomic():
        round = lock_round(actor, round)
        if not permissions.can_run_rounds(actor):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if round.status != RoundStatus.DRAFT:
            raise AssessmentError(Reason.ROUND_NOT_DRAFT)
        ideas, criteria = _validate_round(round, data)
        round.save()
        _set_items(round, ideas)
        _set_criteria(round, criteria)
    return round


def round_open(*, actor: User, round: AssessmentRound) -> AssessmentRound:
    """Open a draft: the focus area's Core Team become its assessors, conflicts of interest
    are recused, the weights and the decision rule are fixed, and every submission moves to
    "in assessment"."""
    with transaction.atomic():
        round = lock_round(actor, round)
        if not permissions.can_run_rounds(actor):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if round.status != RoundStatus.DRAFT:
            raise AssessmentError(Reason.ROUND_NOT_DRAFT)
        items = list(round.items.select_related("idea").prefetch_related("idea__organisations"))
        round_criteria = list(round.round_criteria.select_related("criterion"))
        members = list(
            CoreTeamMembership.objects.filter(
                focus_area_id=round.focus_area_id, user__is_active=True
            ).select_related("user")
        )
        errors: Errors = {}
        if not items:
            errors["ideas"] = [_("Välj minst ett bidrag att bedöma.")]
        unfit = [i.idea.title for i in items if not _assessable(i.idea, round.focus_area_id)]
        if unfit:
            errors["ideas"] = [
                _("Dessa bidrag kan inte längre bedömas: %(titles)s.")
                % {"titles": ", ".join(unfit)}
            ]
        if not round_criteria:
            errors["criteria"] = [_("Välj minst ett kriterium.")]
        if round.deadline <= timezone.now():
            errors["deadline"] = [_("Sista dag har redan passerat.")]
        if not members:
            errors["assessors"] = [_("Fokusområdet har ingen Core Team som kan bedöma.")]
        if errors:
            raise ValidationError(errors)

        for round_criterion in round_criteria:
            round_criterion.weight = round_criterion.criterion.weight
        RoundCriterion.objects.bulk_update(round_criteria, ["weight"])
        seats = [
            RoundAssessor(round=round, user=member.user, party_id=member.party_id)
            for member in members
        ]
        RoundAssessor.objects.bulk_create(seats)
        seats = list(RoundAssessor.objects.filter(round=round).select_related("user"))
        Conflict.objects.bulk_create(_automatic_conflicts(items, seats))

        round.status = RoundStatus.OPEN
        round.opened_at = timezone.now()
        round.decision_rule = decision_rule_for(round.focus_area_id)
        round.save(update_fields=["status", "opened_at", "decision_rule"])
        for item in items:
            _move_to_assessment(actor, item.idea, round)
        notify(
            recipients=[seat.user for seat in seats],
            kind=ROUND_OPENED,
            actor=actor,
            target_url=page_url(ROUND_PAGE, round.pk),
            data={
                "round": round.title,
                "items": len(items),
                "deadline": timezone.localtime(round.deadline).date().isoformat(),
            },
        )
    return round


def round_close(*, actor: User, round: AssessmentRound) -> AssessmentRound:
    """Close an open round: scoring ends, results become readable, and the parties vote.

    Only submitted assessments count; an assessor's unsubmitted scores stay out of the
    results."""
    with transaction.atomic():
        round = lock_round(actor, round)
        if not permissions.can_run_rounds(actor):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if round.status != RoundStatus.OPEN:
            raise AssessmentError(Reason.ROUND_NOT_OPEN)
        round.status = RoundStatus.CLOSED
        round.closed_at = timezone.now()
        round.save(update_fields=["status", "closed_at"])
        assessors = [seat.user for seat in round.assessors.select_related("user")]
        notify(
            recipients=assessors,
            kind=ROUND_CLOSED,
            actor=actor,
            target_url=page_url(ROUND_PAGE, round.pk),
            data={"round": round.title},
        )
    return round


def _assessable(idea: Idea, focus_area_id: int) -> bool:
    return (
        idea.status in ASSESSABLE_STATUSES
        and not idea.is_hidden
        and idea.focus_area_id == focus_area_id
    )


def _validate_round(round: AssessmentRound, data: RoundInput) -> tuple[list[Idea], list[Criterion]]:
    """Copy `data` onto the draft and check it all, raising one ValidationError with all."""
    round.title = (data.title or "").strip()
    round.description = (data.description or "").strip()
    round.focus_area = data.focus_area
    round.deadline = data.deadline
    errors: Errors = {}
    try:
        round.full_clean(exclude=["created_by", "status", "decision_rule"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if isinstance(data.deadline, datetime) and data.deadline <= timezone.now():
        errors.setdefault("deadline", []).append(_("Sista dag måste ligga i framtiden."))
    ideas = list({idea.pk: idea for idea in data.ideas}.values())
    if len(ideas) > MAX_ITEMS_PER_ROUND:
        errors.setdefault("ideas", []).append(
            _("Högst %(n)d bidrag per runda.") % {"n": MAX_ITEMS_PER_ROUND}
        )
    focus_area_id = getattr(data.focus_area, "pk", None)
    unfit = [idea.title for idea in ideas if focus_area_id and not _assessable(idea, focus_area_id)]
    if unfit:
        errors.setdefault("ideas", []).append(
            _("Bara inskickade bidrag i rundans fokusområde kan bedömas. Gäller: %(titles)s.")
            % {"titles": ", ".join(unfit)}
        )
    if data.criteria is None:
        criteria = list(Criterion.objects.filter(is_active=True))
    else:
        criteria = list({c.pk: c for c in data.criteria}.values())
    if not criteria:
        errors.setdefault("criteria", []).append(_("Välj minst ett kriterium."))
    if errors:
        raise ValidationError(errors)
    return ideas, criteria


def _set_items(round: AssessmentRound, ideas: Sequence[Idea]) -> None:
    RoundItem.objects.filter(round=round).delete()
    RoundItem.objects.bulk_create(
        [RoundItem(round=round, idea=idea, order=index) for index, idea in enumerate(ideas)]
    )


def _set_criteria(round: AssessmentRound, criteria: Sequence[Criterion]) -> None:
    RoundCriterion.objects.filter(round=round).delete()
    ordered = sorted(criteria, key=lambda c: (c.order, c.pk))
    RoundCriterion.objects.bulk_create(
        [
            RoundCriterion(round=round, criterion=c, weight=c.weight, order=index)
            for index, c in enumerate(ordered)
        ]
    )


def _automatic_conflicts(items: Sequence[RoundItem], seats: Sequence[RoundAssessor]) -> list:
    """Recuse authors, and members of organisations that take part in a submission."""
    conflicts = []
    for item in items:
        organisations = {org.pk for org in item.idea.organisations.all()}
        for seat in seats:
            if item.idea.author_id == seat.user_id:
                kind = ConflictKind.AUTHOR
            elif seat.user.organisation_id is not None and seat.user.organisation_id in (
                organisations
            ):
                kind = ConflictKind.ORGANISATION
            else:
                continue
            conflicts.append(Conflict(item=item, assessor=seat, kind=kind))
    return conflicts


def _move_to_assessment(actor: User, idea: Idea, round: AssessmentRound) -> None:
    """Submitted → in review → in assessment, each step through the ideas lifecycle."""
    if idea.status == IdeaStatus.SUBMITTED:
        idea = idea_transition(actor=actor, idea=idea, to_status=IdeaStatus.IN_REVIEW)
    idea_transition(
        actor=actor,
        idea=idea,
        to_status=IdeaStatus.IN_ASSESSMENT,
        reason=_("Bedöms i ”%(round)s”.") % {"round": round.title},
    )
