"""Initiatives in a focus area's portfolio: added from a promoted submission, then changed
by those who manage the portfolio and, within limits, by the initiative's own leads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from hub.models import CoreTeamMembership, Organisation, SocietalGoal, User
from hub.services import notify
from ideas.models import Idea, IdeaStatus
from portfolio import permissions
from portfolio.errors import PortfolioError, Reason
from portfolio.models import InitiativeType, LifecycleStage, Portfolio, PortfolioInitiative
from portfolio.notifications import INITIATIVE_OWNER, INITIATIVE_PAGE, page_url

Errors = dict[str, list[str]]


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
            raise PortfolioError(Reason.NOT_PROMOTED)
        if PortfolioInitiative.objects.filter(idea=idea).exists():
            raise PortfolioError(Reason.ALREADY_IN_PORTFOLIO)
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
