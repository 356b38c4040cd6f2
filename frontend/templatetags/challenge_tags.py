"""Template helpers for showing challenges where they came from (a submission's page, an
initiative's page), so those views need not know about challenges."""

from __future__ import annotations

from typing import Any

from django import template

from challenges import permissions
from challenges.selectors import challenges_from

register = template.Library()


@register.inclusion_tag("challenges/_from.html", takes_context=True)
def challenges_derived(context: template.Context, idea: Any = None, initiative: Any = None) -> dict:
    """The challenges derived from `idea` or `initiative`, with their results, and a link
    to publish one for who may."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "challenges": challenges_from(viewer=user, idea=idea, initiative=initiative),
        "can_publish": bool(permissions.can_publish_challenge(user)),
        "idea": idea,
        "initiative": initiative,
    }
