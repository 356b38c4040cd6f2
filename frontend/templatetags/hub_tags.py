"""Template helpers for what the pages show to whom.

Names go through `hub.display_names` (the `name_for` filter) and, on submissions, through
`ideas.names`, the rules the API uses too, so a page and the API never disagree.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from hub.display_names import shown_name, shown_organisation
from ideas import names

register = template.Library()


def _viewer(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.filter
def name_for(person: Any, viewer: Any) -> str:
    """`{{ person|name_for:user }}`: the name `viewer` sees for `person`."""
    return shown_name(person=person, viewer=viewer)


@register.filter
def organisation_for(person: Any, viewer: Any) -> str:
    """`{{ person|organisation_for:user }}`: the organisation, or "" when withheld."""
    return shown_organisation(person=person, viewer=viewer) or ""


@register.simple_tag(takes_context=True)
def author_visible(context: template.Context, idea: Any) -> bool:
    """Whether the page may name the idea's author to the person viewing it."""
    return names.sees_author(_viewer(context), idea)


@register.simple_tag(takes_context=True)
def author_label(context: template.Context, idea: Any) -> str:
    """The submission author's name as the viewer sees it ("" when withheld)."""
    return names.author_name(_viewer(context), idea) or ""


@register.simple_tag(takes_context=True)
def author_organisation(context: template.Context, idea: Any) -> str:
    return names.author_organisation(_viewer(context), idea) or ""


@register.simple_tag(takes_context=True)
def comment_author_label(context: template.Context, comment: Any, idea: Any) -> str:
    """A comment's author, without unmasking an idea author who chose not to be named."""
    name = names.comment_author_name(_viewer(context), comment, idea)
    return name if name is not None else gettext("Bidragets författare")


@register.simple_tag(takes_context=True)
def actor_label(context: template.Context, change: Any, idea: Any) -> str:
    """Who made a status change, as the viewer sees it ("" when withheld)."""
    return names.actor_name(_viewer(context), change, idea) or ""
