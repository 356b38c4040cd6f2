"""Template helpers for the assessment and portfolio pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from assessment import permissions
from hub.permissions import is_governing_board
from portfolio.models import LifecycleStage, TrafficLight

register = template.Library()


@register.simple_tag(takes_context=True)
def follows_assessment(context: template.Context) -> bool:
    """Whether the menu shows "Bedömning": to facilitators, administrators, the governing
    board and Core Team members. Costs no query of its own: the roles are loaded already
    and Core Team membership comes with the navigation facts (frontend.context_processors)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if context.get("on_core_team"):
        return True
    return bool(permissions.can_run_rounds(user) or is_governing_board(user))


@register.filter
def light_label(value: Any) -> str:
    """A traffic light's name ("Grön"), shown beside its colour: never the colour alone."""
    try:
        return str(TrafficLight(value).label)
    except ValueError:
        return ""


@register.filter
def stage_label(value: Any) -> str:
    try:
        return str(LifecycleStage(value).label)
    except ValueError:
        return ""


@register.filter
def kronor(value: Any) -> str:
    """Whole kronor with digit grouping in the reader's language ("150 000")."""
    if value is None or value == "":
        return ""
    return number_format(int(value), 0, force_grouping=True)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`mapping[key]` for a key held in a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
