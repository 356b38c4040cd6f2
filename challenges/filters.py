"""The catalogue's filters: one FilterSet for the catalogue page and the API list.

Discipline (slug), level, format, focus area (slug or id), period (challenges whose period
overlaps the dates given), status and a search in title, question and context. The API
validates strictly (a bad value is a 400 naming the parameter); the page binds the same
FilterSet to its own form.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge, ChallengeStatus, Discipline, Format, Level
from hub.filters import FocusAreaFilter

MAX_QUERY_LENGTH = 200


class ChallengeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="_search", label=_("Sök"), help_text="Search text.")
    discipline = django_filters.ModelChoiceFilter(
        field_name="disciplines",
        to_field_name="slug",
        queryset=Discipline.objects.all(),
        label=_("Ämnesområde"),
        help_text="A discipline's slug.",
    )
    level = django_filters.ChoiceFilter(choices=Level.choices, method="_packed", label=_("Nivå"))
    # Not `format`: DRF reads that parameter as the response format.
    work_format = django_filters.ChoiceFilter(
        choices=Format.choices, method="_packed", label=_("Format")
    )
    focus_area = FocusAreaFilter(label=_("Fokusområde"), help_text="A focus area's slug (or id).")
    status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices, label=_("Status"))
    period_from = django_filters.DateFilter(
        method="_period_from", label=_("Period från"), help_text="Ends on or after this date."
    )
    period_to = django_filters.DateFilter(
        method="_period_to", label=_("Period till"), help_text="Starts on or before this date."
    )

    class Meta:
        model = Challenge
        fields: list[str] = []

    def _search(self, queryset: QuerySet[Challenge], name: str, value: str) -> QuerySet[Challenge]:
        for term in " ".join(value.split())[:MAX_QUERY_LENGTH].split():
            queryset = queryset.filter(
                Q(title__icontains=term) | Q(question__icontains=term) | Q(context__icontains=term)
            )
        return queryset

    def _packed(self, queryset: QuerySet[Challenge], name: str, value: str) -> QuerySet[Challenge]:
        if not value:
            return queryset
        column = {"level": "levels", "work_format": "formats"}[name]
        return queryset.filter(**{f"{column}__contains": f",{value},"})

    def _period_from(
        self, queryset: QuerySet[Challenge], name: str, value: Any
    ) -> QuerySet[Challenge]:
        return queryset.filter(Q(period_end__isnull=True) | Q(period_end__gte=value))

    def _period_to(
        self, queryset: QuerySet[Challenge], name: str, value: Any
    ) -> QuerySet[Challenge]:
        return queryset.filter(Q(period_start__isnull=True) | Q(period_start__lte=value))
