"""Publishing a challenge, editing it, moving it through its statuses, handing it over."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges import permissions
from challenges.errors import ChallengeError, Reason
from challenges.models import (
    CONTEXT_MAX,
    PLACES_MAX,
    QUESTION_MAX,
    TITLE_MAX,
    Challenge,
    ChallengeStatus,
    Discipline,
    Format,
    Level,
)
from challenges.services.common import Errors, accepted_count, clean_text, lock_challenge
from common.errors import ErrorCode, ServiceError
from hub.models import FocusArea, Organisation, SocietalGoal, User
from ideas.models import Idea
from ideas.selectors import visible_ideas_q
from portfolio.models import PortfolioInitiative

CREDITS_MAX = 120
HOURS_MAX = 2_000

# Where each status may go. A closed challenge may open again; a completed one is done.
TRANSITIONS: dict[str, set[str]] = {
    ChallengeStatus.DRAFT: {ChallengeStatus.OPEN, ChallengeStatus.CLOSED},
    ChallengeStatus.OPEN: {ChallengeStatus.IN_PROGRESS, ChallengeStatus.CLOSED},
    ChallengeStatus.IN_PROGRESS: {ChallengeStatus.COMPLETED, ChallengeStatus.CLOSED},
    ChallengeStatus.COMPLETED: set(),
    ChallengeStatus.CLOSED: {ChallengeStatus.OPEN},
}


@dataclass(frozen=True)
class ChallengeInput:
    title: str
    question: str
    levels: Sequence[str]
    formats: Sequence[str]
    context: str = ""
    focus_area: FocusArea | None = None
    goals: Sequence[SocietalGoal] = field(default_factory=tuple)
    disciplines: Sequence[Discipline] = field(default_factory=tuple)
    credits: int | None = None
    hours: int | None = None
    contact_person: User | None = None
    organisation: Organisation | None = None
    partnership_supervisor: User | None = None
    period_start: date | None = None
    period_end: date | None = None
    places: int = 1
    application_deadline: date | None = None
    origin_idea: Idea | None = None
    origin_initiative: PortfolioInitiative | None = None


def pack(values: Sequence[str]) -> str:
    """Choices as stored: ",a,b," (see models)."""
    return "," + "".join(f"{value}," for value in values)


def _choices(values: Sequence[str], allowed: list[str], name: str, errors: Errors) -> list[str]:
    chosen = [value for value in allowed if value in set(values)]
    if not chosen or len(chosen) != len(set(values)):
        errors[name] = [_("Välj minst ett av alternativen.")]
    return chosen


def _number(value: int | None, name: str, low: int, high: int, errors: Errors) -> None:
    if value is not None and not low <= value <= high:
        errors[name] = [_("Ange ett tal från %(low)d till %(high)d.") % {"low": low, "high": high}]


def _cleaned(actor: User, data: ChallengeInput, errors: Errors) -> dict[str, object]:
    values: dict[str, object] = {
        "title": clean_text(data.title, "title", TITLE_MAX, errors, required=True),
        "question": clean_text(data.question, "question", QUESTION_MAX, errors, required=True),
        "context": clean_text(data.context, "context", CONTEXT_MAX, errors, required=False),
        "levels": pack(_choices(data.levels, Level.values, "levels", errors)),
        "formats": pack(_choices(data.formats, Format.values, "formats", errors)),
    }
    _number(data.credits, "credits", 1, CREDITS_MAX, errors)
    _number(data.hours, "hours", 1, HOURS_MAX, errors)
    _number(data.places, "places", 1, PLACES_MAX, errors)
    if data.period_start and data.period_end and data.period_start > data.period_end:
        errors["period_end"] = [_("Perioden kan inte sluta innan den börjar.")]
    if (
        data.application_deadline
        and data.period_end
        and data.application_deadline > data.period_end
    ):
        errors["application_deadline"] = [_("Sista ansökningsdag måste vara före periodens slut.")]
    if data.goals and any(
        goal.focus_area_id != getattr(data.focus_area, "pk", None) for goal in data.goals
    ):
        errors["goals"] = [_("Välj samhällsmål inom utmaningens fokusområde.")]
    if data.origin_idea and data.origin_initiative:
        errors["origin_initiative"] = [_("Välj ett bidrag eller ett initiativ, inte båda.")]
    if (
        data.origin_idea
        and not Idea.objects.filter(visible_ideas_q(actor), pk=data.origin_idea.pk).exists()
    ):
        errors["origin_idea"] = [_("Bidraget finns inte.")]
    for name in ("contact_person", "partnership_supervisor"):
        person = getattr(data, name)
        if person is not None and (not person.is_active or person.erased_at is not None):
            errors[name] = [_("Personen finns inte längre i hubben.")]
    return values


def _write(challenge: Challenge, actor: User, data: ChallengeInput) -> Challenge:
    errors: Errors = {}
    values = _cleaned(actor, data, errors)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(challenge, name, value)
    for name in (
        "focus_area", "credits", "hours", "contact_person", "organisation",
        "partnership_supervisor", "period_start", "period_end", "places",
        "application_deadline", "origin_idea", "origin_initiative",
    ):  # fmt: skip
        setattr(challenge, name, getattr(data, name))
    challenge.save()
    challenge.goals.set(data.goals)
    challenge.disciplines.set(data.disciplines)
    return challenge


def challenge_create(*, actor: User, data: ChallengeInput, publish: bool = False) -> Challenge:
    """A new challenge, as a draft or published at once (open for applications)."""
    if not permissions.can_publish_challenge(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        challenge = Challenge(owner=actor)
        if publish:
            challenge.status = ChallengeStatus.OPEN
            challenge.published_at = timezone.now()
        if data.contact_person is None:
            data = ChallengeInput(**{**vars(data), "contact_person": actor})
        return _write(challenge, actor, data)


def challenge_update(*, actor: User, challenge: Challenge, data: ChallengeInput) -> Challenge:
    """Change what a challenge says; its places never drop below those already taken."""
    if not permissions.can_view_challenge(actor, challenge):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_edit_challenge(actor, challenge):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        locked = lock_challenge(challenge)
        taken = accepted_count(locked)
        if data.places < taken:
            raise ValidationError(
                {"places": [_("%(n)d platser är redan tillsatta.") % {"n": taken}]}
            )
        return _write(locked, actor, data)


def challenge_set_status(*, actor: User, challenge: Challenge, status: str) -> Challenge:
    """Publish (draft → open), start, complete, close or reopen a challenge."""
    if not permissions.can_view_challenge(actor, challenge):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_edit_challenge(actor, challenge):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        locked = lock_challenge(challenge)
        if status not in TRANSITIONS.get(locked.status, set()):
            raise ChallengeError(Reason.BAD_STATUS_CHANGE, current=locked.status)
        locked.status = status
        fields = ["status", "updated_at"]
        if status == ChallengeStatus.OPEN and locked.published_at is None:
            locked.published_at = timezone.now()
            fields.append("published_at")
        locked.save(update_fields=fields)
    return locked


def challenge_hand_over(*, actor: User, challenge: Challenge, owner: User) -> Challenge:
    """A facilitator gives a challenge a new owner (before the old one's account goes)."""
    if not permissions.can_hand_over(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    if not owner.is_active or owner.erased_at is not None:
        raise ValidationError({"owner": [_("Personen finns inte längre i hubben.")]})
    with transaction.atomic():
        locked = lock_challenge(challenge)
        locked.owner = owner
        locked.save(update_fields=["owner", "updated_at"])
    return locked
