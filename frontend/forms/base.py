"""What every page form shares: the renderer (each field through `forms/field.html`: label,
hint, errors and widget tied together with aria-describedby) and the error list."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList

from common.text import validate_text


class HubFormRenderer(DjangoTemplates):
    field_template_name = "forms/field.html"


class HubErrorList(ErrorList):
    template_name = "forms/errors.html"
    template_name_ul = "forms/errors.html"


# One renderer for all forms: its template engine is built once, not per form.
RENDERER = HubFormRenderer()


class HubForm(forms.Form):
    default_renderer = RENDERER
    label_suffix = ""
    # Fields a draft may leave out but a submission may not: marked so, not "optional".
    required_to_submit: frozenset[str] = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_class", HubErrorList)
        super().__init__(*args, **kwargs)
        # Every text a person writes refuses control characters (common.text); passwords
        # are checked as typed, never changed or refused for what they hold.
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                field.validators = [*field.validators, validate_text]

    # Typed access to fields whose choices or queryset are set per request.
    def choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def model_field(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])
