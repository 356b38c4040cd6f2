"""Template helpers for what the pages show to whom."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from ideas import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def author_visible(context: template.Context, idea: Any) -> bool:
    """Whether the page may name the idea's author to the person viewing it."""
    if idea.show_author_name:
        return True
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(permissions.can_see_author_name(user, idea))


@register.simple_tag(takes_context=True)
def comment_author_label(context: template.Context, comment: Any, idea: Any) -> str:
    """A comment's author, without unmasking an idea author who chose not to be named."""
    if comment.author_id == idea.author_id and not author_visible(context, idea):
        return gettext("Bidragets författare")
    return comment.author.display_name
