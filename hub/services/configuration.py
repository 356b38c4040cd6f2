"""What the partnership is made of, as administrators configure it: organisations (the parties
among them), focus areas and their societal goals.

`actor` is the administrator making the change, or None for the hub itself (a management
command, the demo build): trusted code that no request reaches.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from hub import permissions
from hub.models import FocusArea, Organisation, OrganisationKind, SocietalGoal, User


def configuration_check(actor: User | None) -> None:
    """Refuse anyone but an administrator (or the hub itself, `actor` None)."""
    if actor is not None and not permissions.can_configure(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)


def _save(row: Model, **values: object) -> None:
    """Set, validate and save `row` in the caller's transaction; a lost race on a unique
    value is the same field error full_clean gives."""
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError(str(exc)) from exc


def organisation_create(
    *,
    actor: User | None,
    name: str,
    kind: str = OrganisationKind.OTHER,
    short_name: str = "",
    is_party: bool = False,
    website: str = "",
) -> Organisation:
    configuration_check(actor)
    organisation = Organisation()
    with transaction.atomic():
        _save(
            organisation,
            name=(name or "").strip(),
            kind=kind,
            short_name=(short_name or "").strip(),
            is_party=is_party,
            website=(website or "").strip(),
        )
    return organisation


def organisation_update(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    kind: str,
    short_name: str = "",
    is_party: bool = False,
    website: str = "",
) -> Organisation:
    configuration_check(actor)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not is_party and organisation.is_party and organisation.core_team_members.exists():
            raise ValidationError(
                {"is_party": [_("Parten har platser i Core Team: ta bort dem först.")]}
            )
        _save(
            organisation,
            name=(name or "").strip(),
            kind=kind,
            short_name=(short_name or "").strip(),
            is_party=is_party,
            website=(website or "").strip(),
        )
    return organisation


def focus_area_create(
    *,
    actor: User | None,
    name: str,
    slug: str,
    north_star: str,
    description: str = "",
    order: int = 0,
    name_en: str = "",
) -> FocusArea:
    configuration_check(actor)
    focus_area = FocusArea()
    with transaction.atomic():
        _save(
            focus_area,
            name=(name or "").strip(),
            name_en=(name_en or "").strip(),
            slug=(slug or "").strip(),
            north_star=(north_star or "").strip(),
            description=(description or "").strip(),
            order=order,
        )
    return focus_area


def focus_area_update(
    *,
    actor: User | None,
    focus_area: FocusArea,
    name: str,
    slug: str,
    north_star: str,
    description: str = "",
    order: int = 0,
    name_en: str = "",
) -> FocusArea:
    configuration_check(actor)
    with transaction.atomic():
        focus_area = FocusArea.objects.select_for_update().get(pk=focus_area.pk)
        _save(
            focus_area,
            name=(name or "").strip(),
            name_en=(name_en or "").strip(),
            slug=(slug or "").strip(),
            north_star=(north_star or "").strip(),
            description=(description or "").strip(),
            order=order,
        )
    return focus_area


def goal_create(
    *,
    actor: User | None,
    focus_area: FocusArea,
    title: str,
    description: str = "",
    order: int = 0,
    title_en: str = "",
) -> SocietalGoal:
    configuration_check(actor)
    goal = SocietalGoal()
    with transaction.atomic():
        _save(
            goal,
            focus_area=focus_area,
            title=(title or "").strip(),
            title_en=(title_en or "").strip(),
            description=(description or "").strip(),
            order=order,
        )
    return goal


def goal_update(
    *,
    actor: User | None,
    goal: SocietalGoal,
    title: str,
    description: str = "",
    order: int = 0,
    title_en: str = "",
) -> SocietalGoal:
    """Change a goal's wording or place. It stays in its focus area: submissions that chose it
    chose it there."""
    configuration_check(actor)
    with transaction.atomic():
        goal = SocietalGoal.objects.select_for_update().get(pk=goal.pk)
        _save(
            goal,
            title=(title or "").strip(),
            title_en=(title_en or "").strip(),
            description=(description or "").strip(),
            order=order,
        )
    return goal
