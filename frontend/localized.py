"""The language of stored text: what the partnership names itself has an English name beside
the Swedish one (`name_en`, `title_en`); everything else the hub stores is Swedish.

Pages use the `stored_text` template library; forms use `stored_label` for option labels and
`StoredNameChoiceField`s.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language

STORED_LANGUAGE = "sv"


def page_is_swedish() -> bool:
    return (get_language() or STORED_LANGUAGE).split("-")[0] == STORED_LANGUAGE


def _value(obj: Any, field: str) -> str:
    if isinstance(obj, dict):
        return str(obj.get(field) or "")
    return str(getattr(obj, field, "") or "")


def stored_name(obj: Any, field: str = "name") -> tuple[str, bool]:
    """The text of `obj.<field>` for the current language, and whether it is the Swedish one
    (so not in the page's language when the page is English)."""
    if not page_is_swedish():
        english = _value(obj, f"{field}_en").strip()
        if english:
            return english, False
    return _value(obj, field), True


def stored_label(obj: Any, field: str = "name") -> str:
    """Plain text, for places that take no markup (attributes, option labels in forms)."""
    return stored_name(obj, field)[0]


class StoredNameChoiceField(forms.ModelChoiceField):
    """A choice of focus area, criterion…: each option in the page's language."""

    stored_field = "name"

    def label_from_instance(self, obj: Any) -> str:
        return stored_label(obj, self.stored_field)


class StoredNameMultipleChoiceField(forms.ModelMultipleChoiceField):
    stored_field = "name"

    def label_from_instance(self, obj: Any) -> str:
        return stored_label(obj, self.stored_field)
