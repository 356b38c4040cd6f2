"""Every change in assessment and portfolios happens here.

Each function checks permission, validates and writes in one transaction. Pages, the API,
the admin and commands call these and nothing else. Refusals are `AssessmentError`s (a
`ServiceError` with a reason); bad input is a `ValidationError` with messages per field.
Where the viewer may not know a round exists, the answer is NOT_FOUND.

People hear of a change through notifications (`hub.services.notify`, pushed to their open
pages after commit); they carry names, counts and dates, never a score or a rationale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment import permissions
from assessment.aggregation import Tally, tally_from
from assessment.errors import AssessmentError, Reason
from assessment.models import (
    DECISION_RATIONALE_MAX,
    OUTCOME_STATUS,
    RATIONALE_MAX,
    REASON_MAX,
    SCALE_MAX,
    SCALE_MIN,
    STATUS_NOTE_MAX,
    AssessmentRound,
    AssessmentSettings,
    Conflict,
    ConflictKind,
    Criterion,
    Decision,
    DecisionRule,
    InitiativeType,
    LifecycleStage,
    Portfolio,
    PortfolioInitiative,
    RoundAssessor,
    RoundCriterion,
    RoundItem,
    RoundStatus,
    Score,
    StatusReport,
    TrafficLight,
    Vote,
    VoteChoice,
)
from assessment.notifications import (
    INITIATIVE_OWNER,
    INITIATIVE_PAGE,
    ROUND_CLOSED,
    ROUND_OPENED,
    ROUND_PAGE,
    page_url,
)
from common.errors import ErrorCode, ServiceError
from hub.models import CoreTeamMembership, FocusArea, Organisation, SocietalGoal, User
from hub.services import notify
from ideas.models import Idea, IdeaStatus
from ideas.services import idea_transition

# Submissions a round may take: sent in, or already under review, and not hidden.
ASSESSABLE_STATUSES = frozenset({IdeaStatus.SUBMITTED, IdeaStatus.IN_REVIEW})
MAX_ITEMS_PER_ROUND = 500

Errors = dict[str, list[str]]


# --- Configuration ----------------------------------------------------------------------------


def criterion_save(*, actor: User, criterion: Criterion) -> Criterion:
    """Create or change a criterion (the admin calls this). Rounds keep their own weights."""
    if not permissions.can_configure_assessment(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    criterion.name = (criterion.name or "").strip()
    criterion.full_clean()
    with transaction.atomic():
        criterion.save()
    return criterion


def assessment_settings_update(
    *, actor: User, focus_area: FocusArea, decision_rule: str
) -> AssessmentSettings:
    """Set how a focus area decides. Rounds that are already open keep their rule."""
    if not permissions.can_configure_assessment(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    if decision_rule not in DecisionRule.values:
        raise ValidationError({"decision_rule": [_("Välj majoritet eller alla parter.")]})
    with transaction.atomic():
        settings, _created = AssessmentSettings.objects.update_or_create(
            focus_area=focus_area, defaults={"decision_rule": decision_rule}
        )
    return settings


def decision_rule_for(focus_area_id: int) -> str:
    rule = (
        AssessmentSettings.objects.filter(focus_area_id=focus_area_id)
        .values_list("decision_rule", flat=True)
        .first()
    )
    return rule or DecisionRule.MAJORITY


# --- Rounds -----------------------------------------------------------------------------------


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
        round = _lock_round(actor, round)
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
        round = _lock_round(actor, round)
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
        round = _lock_round(actor, round)
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


# --- Scoring ----------------------------------------------------------------------------------


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
        round = _lock_round(actor, round)
        seat = _lock_seat(round, actor)
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
        round = _lock_round(actor, round)
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


# --- Decisions --------------------------------------------------------------------------------


def vote_cast(
    *,
    actor: User,
    item: RoundItem,
    choice: str,
    party: Organisation | None = None,
    comment: str = "",
) -> Vote:
    """Cast your party's one vote on an item: promote, park or decline.

    Only a round's assessors vote, each for the party they represent, once the round is
    closed, and not on an item they are recused from."""
    comment = (comment or "").strip()
    with transaction.atomic():
        round = _lock_round(actor, item.round)
        item = _item_of(round, item)
        seat = RoundAssessor.objects.filter(round=round, user_id=actor.pk).first()
        if seat is None:
            raise AssessmentError(Reason.NOT_ASSESSOR)
        if round.status != RoundStatus.CLOSED:
            raise AssessmentError(Reason.ROUND_NOT_CLOSED)
        errors: Errors = {}
        if choice not in VoteChoice.values:
            errors["choice"] = [_("Välj lyft, parkera eller avböj.")]
        if len(comment) > REASON_MAX:
            errors["comment"] = [_("Kommentaren får vara högst %(n)d tecken.") % {"n": REASON_MAX}]
        if errors:
            raise ValidationError(errors)
        if party is not None and party.pk != seat.party_id:
            raise AssessmentError(Reason.NOT_YOUR_PARTY)
        if Conflict.objects.filter(item=item, assessor=seat).exists():
            raise AssessmentError(Reason.RECUSED)
        if Decision.objects.filter(item=item).exists():
            raise AssessmentError(Reason.ALREADY_DECIDED)
        if Vote.objects.filter(item=item, party_id=seat.party_id).exists():
            raise AssessmentError(Reason.ALREADY_VOTED)
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    item=item, party_id=seat.party_id, choice=choice, comment=comment, cast_by=actor
                )
        except IntegrityError:
            raise AssessmentError(Reason.ALREADY_VOTED) from None
    return vote


def item_tally(item: RoundItem, rule: str) -> Tally:
    """Where the vote on `item` stands (a read used by the decision and its selector)."""
    seats = list(RoundAssessor.objects.filter(round_id=item.round_id).values_list("pk", "party_id"))
    recused = set(Conflict.objects.filter(item=item).values_list("assessor_id", flat=True))
    return tally_from(
        rule=rule,
        seats=seats,
        recused=recused,
        votes=list(Vote.objects.filter(item=item).values_list("party_id", "choice")),
    )


def decision_record(*, actor: User, item: RoundItem, rationale: str) -> Decision:
    """Record the decision the parties' votes give, with its rationale for the author.

    The outcome follows from the votes and the round's rule; the submission's status moves
    to promoted, parked or declined (through `ideas.services.idea_transition`, with the
    facilitator as the actor and the rationale as the reason the author reads)."""
    rationale = (rationale or "").strip()
    with transaction.atomic():
        round = _lock_round(actor, item.round)
        item = _item_of(round, item)
        if not permissions.can_run_rounds(actor):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if round.status != RoundStatus.CLOSED:
            raise AssessmentError(Reason.ROUND_NOT_CLOSED)
        if Decision.objects.filter(item=item).exists():
            raise AssessmentError(Reason.ALREADY_DECIDED)
        current = item_tally(item, round.decision_rule)
        if current.eligible == 0:
            raise AssessmentError(Reason.NO_ELIGIBLE_PARTIES)
        if not current.ready or current.outcome is None:
            raise AssessmentError(
                Reason.VOTES_MISSING,
                votes_cast=current.cast,
                eligible_parties=current.eligible,
                votes_needed=current.needed,
            )
        if not rationale:
            raise ValidationError({"rationale": [_("Skriv en motivering till författaren.")]})
        if len(rationale) > DECISION_RATIONALE_MAX:
            raise ValidationError(
                {
                    "rationale": [
                        _("Motiveringen får vara högst %(n)d tecken.")
                        % {"n": DECISION_RATIONALE_MAX}
                    ]
                }
            )
        decision = Decision.objects.create(
            item=item,
            outcome=current.outcome,
            rule=round.decision_rule,
            rationale=rationale,
            decided_by=actor,
        )
        idea_transition(
            actor=actor,
            idea=item.idea,
            to_status=OUTCOME_STATUS[VoteChoice(current.outcome)],
            reason=rationale,
        )
    return decision


# --- Portfolio --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeInput:
    """An initiative as it is set up or changed. Empty title and summary take the idea's;
    goals None takes the idea's goals."""

    owner: User
    initiative_type: str = InitiativeType.INNOVATION
    title: str = ""
    summary: str = ""
    process_lead: User | None = None
    goals: Sequence[SocietalGoal] | None = None
    stage: str = LifecycleStage.PLAN
    seed_funding_requested: int | None = None
    seed_funding_granted: int | None = None
    leveraged_funding: int | None = None


# What an initiative's owner and process lead may change themselves.
LEAD_FIELDS = frozenset({"stage", "leveraged_funding"})


def initiative_create(*, actor: User, idea: Idea, data: InitiativeInput) -> PortfolioInitiative:
    """Add a promoted submission to its focus area's portfolio."""
    if not permissions.can_manage_portfolio(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        try:
            idea = Idea.objects.select_for_update().get(pk=idea.pk)
        except Idea.DoesNotExist:
            raise ServiceError(ErrorCode.NOT_FOUND) from None
        if idea.status != IdeaStatus.PROMOTED or idea.focus_area_id is None:
            raise AssessmentError(Reason.NOT_PROMOTED)
        if PortfolioInitiative.objects.filter(idea=idea).exists():
            raise AssessmentError(Reason.ALREADY_IN_PORTFOLIO)
        portfolio, _created = Portfolio.objects.get_or_create(focus_area_id=idea.focus_area_id)
        initiative = PortfolioInitiative(portfolio=portfolio, idea=idea)
        goals = list(idea.goals.all()) if data.goals is None else list(data.goals)
        _apply_initiative(initiative, data, goals, idea=idea)
        initiative.save()
        initiative.goals.set(goals)
        _notify_leads(actor, initiative)
    return initiative


def initiative_update(
    *, actor: User, initiative: PortfolioInitiative, data: InitiativeInput
) -> PortfolioInitiative:
    """Change an initiative. Facilitators and administrators may change everything; its owner
    and process lead the lifecycle stage and the leveraged funding. A closed initiative is
    reopened only by a facilitator or an administrator."""
    with transaction.atomic():
        try:
            initiative = (
                PortfolioInitiative.objects.select_for_update(of=("self",))
                .select_related("portfolio", "idea")
                .get(pk=initiative.pk)
            )
        except PortfolioInitiative.DoesNotExist:
            raise ServiceError(ErrorCode.NOT_FOUND) from None
        manager = bool(permissions.can_manage_portfolio(actor))
        if not manager:
            if not permissions.is_initiative_lead(actor, initiative):
                raise ServiceError(ErrorCode.FORBIDDEN)
            if _changed_fields(initiative, data) - LEAD_FIELDS:
                raise ServiceError(ErrorCode.FORBIDDEN)
            if initiative.stage == LifecycleStage.CLOSED and data.stage != LifecycleStage.CLOSED:
                raise ServiceError(ErrorCode.FORBIDDEN)
        goals = list(initiative.goals.all()) if data.goals is None else list(data.goals)
        previous = (initiative.owner_id, initiative.process_lead_id)
        _apply_initiative(initiative, data, goals, idea=initiative.idea)
        initiative.save()
        initiative.goals.set(goals)
        if (initiative.owner_id, initiative.process_lead_id) != previous:
            _notify_leads(actor, initiative, only_new=previous)
    return initiative


def status_report_create(
    *,
    actor: User,
    initiative: PortfolioInitiative,
    light: str,
    note: str,
    reported_on: date | None = None,
) -> StatusReport:
    """Report an initiative's status with a traffic light and a short note."""
    if not permissions.can_report_status(actor, initiative):
        raise ServiceError(ErrorCode.FORBIDDEN)
    note = (note or "").strip()
    today = timezone.localdate()
    reported_on = reported_on or today
    errors: Errors = {}
    if light not in TrafficLight.values:
        errors["light"] = [_("Välj grön, gul, orange eller röd.")]
    if not note:
        errors["note"] = [_("Skriv en kort kommentar till läget.")]
    elif len(note) > STATUS_NOTE_MAX:
        errors["note"] = [_("Kommentaren får vara högst %(n)d tecken.") % {"n": STATUS_NOTE_MAX}]
    if reported_on > today:
        errors["reported_on"] = [_("Datumet kan inte ligga i framtiden.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = StatusReport.objects.create(
            initiative=initiative, reported_on=reported_on, light=light, note=note, author=actor
        )
    return report


# --- Helpers ----------------------------------------------------------------------------------


def _lock_round(actor: Any, round: AssessmentRound) -> AssessmentRound:
    """The round, locked; NOT_FOUND when missing or when the actor may not know of it."""
    try:
        locked = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    except AssessmentRound.DoesNotExist:
        raise ServiceError(ErrorCode.NOT_FOUND) from None
    if not permissions.can_view_round(actor, locked):
        raise ServiceError(ErrorCode.NOT_FOUND)
    return locked


def _lock_seat(round: AssessmentRound, actor: User) -> RoundAssessor:
    seat = (
        RoundAssessor.objects.select_for_update(of=("self",))
        .filter(round=round, user_id=actor.pk)
        .first()
    )
    if seat is None:
        raise AssessmentError(Reason.NOT_ASSESSOR)
    return seat


def _item_of(round: AssessmentRound, item: RoundItem) -> RoundItem:
    try:
        return RoundItem.objects.select_related("idea").get(pk=item.pk, round=round)
    except RoundItem.DoesNotExist:
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def _check_can_score(round: AssessmentRound, seat: RoundAssessor) -> None:
    if round.status != RoundStatus.OPEN:
        raise AssessmentError(Reason.ROUND_NOT_OPEN)
    if seat.submitted_at is not None:
        raise AssessmentError(Reason.ALREADY_SUBMITTED)


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


def _save_scores(
    actor: User, round: AssessmentRound, entries: Sequence[ScoreInput], prefix: str | None
) -> list[Score]:
    with transaction.atomic():
        round = _lock_round(actor, round)
        seat = _lock_seat(round, actor)
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


def _is_from_party(user: User) -> bool:
    return (
        bool(
            user.organisation_id is not None
            and Organisation.objects.filter(pk=user.organisation_id, is_party=True).exists()
        )
        or CoreTeamMembership.objects.filter(user=user).exists()
    )


def _apply_initiative(
    initiative: PortfolioInitiative,
    data: InitiativeInput,
    goals: Sequence[SocietalGoal],
    *,
    idea: Idea | None,
) -> None:
    initiative.title = (data.title or "").strip() or (idea.title if idea else "")
    initiative.summary = (data.summary or "").strip() or (idea.summary if idea else "")
    initiative.initiative_type = data.initiative_type
    initiative.stage = data.stage
    initiative.owner = data.owner
    initiative.process_lead = data.process_lead
    initiative.seed_funding_requested = data.seed_funding_requested
    initiative.seed_funding_granted = data.seed_funding_granted
    initiative.leveraged_funding = data.leveraged_funding
    errors: Errors = {}
    try:
        initiative.full_clean(exclude=["portfolio", "idea"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if data.owner is not None and not _is_from_party(data.owner):
        errors.setdefault("owner", []).append(_("Initiativägaren ska komma från en av parterna."))
    focus_area_id = (
        Portfolio.objects.filter(pk=initiative.portfolio_id)
        .values_list("focus_area_id", flat=True)
        .first()
    )
    if any(goal.focus_area_id != focus_area_id for goal in goals):
        errors.setdefault("goals", []).append(
            _("Samhällsmålen måste höra till portföljens fokusområde.")
        )
    if errors:
        raise ValidationError(errors)


def _changed_fields(initiative: PortfolioInitiative, data: InitiativeInput) -> set[str]:
    changed = set()
    for field in fields(InitiativeInput):
        name = field.name
        new = getattr(data, name)
        if name == "goals":
            if new is not None and {g.pk for g in new} != {g.pk for g in initiative.goals.all()}:
                changed.add(name)
            continue
        if name in {"owner", "process_lead"}:
            if getattr(new, "pk", None) != getattr(initiative, f"{name}_id"):
                changed.add(name)
            continue
        if name in {"title", "summary"} and not (new or "").strip():
            continue  # empty means "keep"
        if name in {"title", "summary"}:
            new = new.strip()
        if new != getattr(initiative, name):
            changed.add(name)
    return changed


def _notify_leads(
    actor: User, initiative: PortfolioInitiative, only_new: tuple[Any, Any] | None = None
) -> None:
    previous = set(only_new or ())
    url = page_url(INITIATIVE_PAGE, initiative.pk)
    for role, user in (("owner", initiative.owner), ("process_lead", initiative.process_lead)):
        if user is None or user.pk in previous:
            continue
        notify(
            recipients=[user],
            kind=INITIATIVE_OWNER,
            actor=actor,
            target_url=url,
            data={"title": initiative.title, "role": role},
        )
