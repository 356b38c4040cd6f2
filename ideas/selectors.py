"""Every read of submissions. Query counts do not grow with the number of rows.

Filtering a list is `ideas.filters.IdeaFilterSet`'s job; `IdeaFilters` and `ORDERINGS` are
re-exported here for the callers that list through `idea_list`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from common.errors import ErrorCode, ServiceError
from common.ids import lookup_id
from hub.permissions import can_moderate, is_authenticated
from ideas.filters import ORDERINGS as ORDERINGS
from ideas.filters import IdeaFilters as IdeaFilters
from ideas.filters import IdeaFilterSet
from ideas.models import (
    PUBLIC_STATUSES,
    Comment,
    Idea,
    IdeaStatus,
    StatusChange,
    Support,
    SupportKind,
    Tag,
)
from ideas.permissions import can_view_idea


def visible_ideas_q(viewer: Any) -> Q:
    """The submissions `viewer` may see, as a filter. Mirrors `permissions.can_view_idea`."""
    public = Q(status__in=PUBLIC_STATUSES, is_hidden=False)
    if not is_authenticated(viewer):
        return public
    own = Q(author_id=viewer.pk)
    if can_moderate(viewer):
        return public | own | ~Q(status=IdeaStatus.DRAFT)
    return public | own


def _base(viewer: Any) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(visible_ideas_q(viewer))
        .select_related("author", "author__organisation", "focus_area")
        .prefetch_related("tags", "goals", "organisations")
        .annotate(
            support_count=Count("supports", distinct=True),
            comment_count=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
        )
    )


def idea_list(*, viewer: Any, filters: IdeaFilters | None = None) -> QuerySet[Idea]:
    """The submissions `viewer` may see, filtered and ordered as `filters` say; a value that
    means nothing (an unknown ordering, say) is not applied."""
    return IdeaFilterSet((filters or IdeaFilters()).as_query(), queryset=_base(viewer)).qs


def ideas_visible(*, viewer: Any) -> QuerySet[Idea]:
    """The submissions `viewer` may see, unordered: what a FilterSet filters and orders."""
    return _base(viewer)


def idea_get(*, viewer: Any, pk: Any) -> Idea:
    """One submission the viewer may see; missing and not visible look the same."""
    try:
        return _base(viewer).get(pk=lookup_id(pk))
    except (Idea.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def idea_detail(*, viewer: Any, pk: Any) -> Idea:
    """A submission with what its page shows: attachments and its status history."""
    idea = idea_get(viewer=viewer, pk=pk)
    history = StatusChange.objects.select_related("actor").order_by("created_at", "pk")
    prefetch_related_objects([idea], "attachments", Prefetch("status_changes", queryset=history))
    return idea


def my_ideas(*, user: Any) -> QuerySet[Idea]:
    if not is_authenticated(user):
        return Idea.objects.none()
    return _base(user).filter(author=user).order_by("-updated_at", "-pk")


def comment_list(*, viewer: Any, idea: Idea) -> list[Comment]:
    """Top-level comments with their replies, oldest first. Hidden ones show only to
    moderators and their author; for others they are omitted."""
    visible = Q(is_hidden=False)
    if is_authenticated(viewer):
        visible |= Q(author_id=viewer.pk)
        if can_moderate(viewer):
            visible = Q()
    replies = (
        Comment.objects.filter(visible)
        .select_related("author", "author__organisation")
        .order_by("created_at", "pk")
    )
    return list(
        Comment.objects.filter(visible, idea=idea, parent__isnull=True)
        .select_related("author", "author__organisation")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )


def support_summary(*, idea: Idea, viewer: Any) -> dict[str, Any]:
    """Counts per kind, and which kinds the viewer has given."""
    counts = dict(
        Support.objects.filter(idea=idea).values_list("kind").annotate(n=Count("pk")).order_by()
    )
    mine: set[str] = set()
    if is_authenticated(viewer):
        mine = set(Support.objects.filter(idea=idea, user=viewer).values_list("kind", flat=True))
    return {
        "kinds": [
            {"kind": kind, "label": label, "count": counts.get(kind, 0), "mine": kind in mine}
            for kind, label in SupportKind.choices
        ],
        "total": sum(counts.values()),
    }


def supporter_list(*, idea: Idea) -> QuerySet[Support]:
    return Support.objects.filter(idea=idea).select_related("user", "user__organisation")


def tag_list(*, viewer: Any) -> QuerySet[Tag]:
    """Tags on at least one submission the viewer may see (a draft's tags stay private)."""
    visible = Idea.objects.filter(visible_ideas_q(viewer)).values("pk")
    return Tag.objects.filter(ideas__in=visible).distinct().order_by("name")


def comment_get(*, viewer: Any, pk: Any) -> Comment:
    """A comment on a submission the viewer may see; otherwise NOT_FOUND."""
    try:
        comment = Comment.objects.select_related("author__organisation", "idea").get(
            pk=lookup_id(pk)
        )
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None
    if not can_view_idea(viewer, comment.idea):
        raise ServiceError(ErrorCode.NOT_FOUND)
    return comment
