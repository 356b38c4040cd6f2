"""Query-string filters of the hub's lists, as django-filter FilterSets (see ideas/filters.py
for how pages and the API share them), and the focus-area filter other apps' lists reuse."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import StrictBooleanFilter
from hub.models import FocusArea, Notification, Organisation, OrganisationKind, SocietalGoal
from hub.selectors import focus_area_named


class FocusAreaFormField(forms.CharField):
    """A focus area named by its slug or its id; an unknown one is a field error."""

    default_error_messages = {"does_not_exist": _("Det finns inget sådant fokusområde.")}

    def to_python(self, value: Any) -> FocusArea | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        focus_area = focus_area_named(text)
        if focus_area is None:
            raise forms.ValidationError(
                self.error_messages["does_not_exist"], code="does_not_exist"
            )
        return focus_area


class FocusAreaFilter(django_filters.Filter):
    """`?focus_area=` by slug or id. A page may bind a plain slug (its own select's values)."""

    field_class = FocusAreaFormField

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if not value:
            return qs
        if isinstance(value, FocusArea):
            return qs.filter(**{self.field_name: value})
        return qs.filter(**{f"{self.field_name}__slug": value})


class OrganisationFilterSet(django_filters.FilterSet):
    is_party = StrictBooleanFilter(help_text="Only the parties, or only the others.")
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)

    class Meta:
        model = Organisation
        fields: list[str] = []


class GoalFilterSet(django_filters.FilterSet):
    focus_area = FocusAreaFilter(help_text="A focus area's slug or id.")

    class Meta:
        model = SocietalGoal
        fields: list[str] = []


class NotificationFilterSet(django_filters.FilterSet):
    unread = StrictBooleanFilter(
        field_name="read_at", lookup_expr="isnull", help_text="Only unread ones."
    )

    class Meta:
        model = Notification
        fields: list[str] = []
