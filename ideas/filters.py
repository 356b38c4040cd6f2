"""The submission list's filters: one FilterSet for the list page and the API list.

The API validates strictly (a bad value is a 400 naming the parameter, through DRF's
django-filter backend); the page binds the same FilterSet to its own form, whose bad values
show as form errors and are simply not applied. `ideas.selectors.idea_list` goes through it
too, so there is one place where a filter means something.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from hub.filters import FocusAreaFilter
from hub.selectors import goal_list, organisation_list
from ideas.models import Idea, IdeaKind, IdeaStatus

SEARCH_CONFIG = "swedish"
MAX_QUERY_LENGTH = 200
ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "most_supported": ("-support_count", "-created_at", "-pk"),
    "most_discussed": ("-comment_count", "-created_at", "-pk"),
    "title": ("title", "pk"),
}
RELEVANCE = "relevance"
ORDERING_VALUES = [*ORDERINGS, RELEVANCE]


@dataclass(frozen=True)
class IdeaFilters:
    """The filters as values, for code that lists submissions without a query string."""

    q: str = ""
    focus_area: str = ""  # slug
    goal: int | None = None
    kind: str = ""
    status: str = ""
    organisation: int | None = None
    tag: str = ""  # slug
    ordering: str = "newest"  # one of ORDERINGS, or "relevance" with a query

    def as_query(self) -> dict[str, str]:
        """The same filters as query parameters."""
        values = {
            "q": self.q,
            "focus_area": self.focus_area,
            "goal": self.goal,
            "kind": self.kind,
            "status": self.status,
            "organisation": self.organisation,
            "tag": self.tag,
            "ordering": self.ordering,
        }
        return {name: str(value) for name, value in values.items() if value not in (None, "")}


class IdeaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="_search", help_text="Search text.")
    focus_area = FocusAreaFilter(help_text="A focus area's slug (or id).")
    goal = django_filters.ModelChoiceFilter(
        field_name="goals", queryset=goal_list(), help_text="A goal's id."
    )
    kind = django_filters.ChoiceFilter(choices=IdeaKind.choices)
    status = django_filters.ChoiceFilter(choices=IdeaStatus.choices)
    organisation = django_filters.ModelChoiceFilter(
        field_name="organisations", queryset=organisation_list(), help_text="An id."
    )
    tag = django_filters.CharFilter(field_name="tags__slug", help_text="A tag's slug.")
    ordering = django_filters.ChoiceFilter(
        choices=[(value, value) for value in ORDERING_VALUES],
        method="_no_op",  # applied last, in `filter_queryset`: it depends on the search
        help_text="`relevance` applies with `q`; otherwise newest first.",
    )

    class Meta:
        model = Idea
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Idea]) -> QuerySet[Idea]:
        self._ranked = False
        ideas = super().filter_queryset(queryset)
        ordering_name = self.form.cleaned_data.get("ordering") or "newest"
        ordering = ORDERINGS.get(ordering_name, ORDERINGS["newest"])
        if ordering_name == RELEVANCE and self._ranked:
            ordering = ("-rank", "-created_at", "-pk")
        return ideas.order_by(*ordering)

    def _search(self, queryset: QuerySet[Idea], name: str, value: str) -> QuerySet[Idea]:
        query = " ".join(value.split())[:MAX_QUERY_LENGTH]
        if not query:
            return queryset
        ideas, self._ranked = search(queryset, query)
        return ideas

    def _no_op(self, queryset: QuerySet[Idea], name: str, value: Any) -> QuerySet[Idea]:
        return queryset


def search(ideas: QuerySet[Idea], query: str) -> tuple[QuerySet[Idea], bool]:
    """Full-text search with Swedish stemming on PostgreSQL; case-folded substrings elsewhere.
    Returns the matches and whether they carry a `rank`."""
    if connection.vendor == "postgresql":
        # search_text holds the description and tag names too (case-folded).
        vector = (
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("search_text", weight="C", config=SEARCH_CONFIG)
        )
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        # The substring match keeps search-as-you-type useful before a word is complete.
        matched = ideas.annotate(document=vector, rank=SearchRank(vector, search_query)).filter(
            Q(document=search_query) | Q(search_text__contains=query.casefold())
        )
        return matched, True
    for term in query.casefold().split():
        ideas = ideas.filter(search_text__contains=term)
    return ideas, False
