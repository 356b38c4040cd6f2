"""Configuration, as administrators set it in the admin: the criteria and how each focus
area decides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessment import permissions
from assessment.models import AssessmentSettings, Criterion, DecisionRule
from common.errors import ErrorCode, ServiceError
from hub.models import FocusArea, User


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
