"""Filters every app's FilterSets share (django-filter), knowing no domain."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from common.ids import ID_MAX, ID_MIN

TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}


class StrictBooleanField(forms.Field):
    """true/false (or 1/0, yes/no, on/off); empty means "either"; anything else is an error.

    django-filter's own boolean filter reads an unknown word as "either", which would hide a
    client's typo; the API answers it with a 400 instead.
    """

    default_error_messages = {"invalid": _("Ange true eller false.")}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IdFormField(forms.IntegerField):
    """An id: a whole number from 1 up to the primary keys' range (`common.ids`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", ID_MIN)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """`?x=<id>` for a list: bounded, so a number past the range is a 400, not an overflow
    in the database (django-filter's NumberFilter has no bounds)."""

    field_class = IdFormField
