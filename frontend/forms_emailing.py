"""The email preferences form: one choice per notification kind."""

from __future__ import annotations

from typing import Any

from django import forms

from emailing.models import Frequency
from emailing.selectors import KindChoice
from frontend.forms import HubForm


class EmailPreferencesForm(HubForm):
    def __init__(self, *args: Any, choices: list[KindChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for choice in choices:
            self.fields[choice.kind] = forms.ChoiceField(
                label=str(choice.label),
                choices=Frequency.choices,
                initial=choice.frequency.value,
            )

    def choices(self) -> dict[str, str]:
        return {kind: str(value) for kind, value in self.cleaned_data.items()}
