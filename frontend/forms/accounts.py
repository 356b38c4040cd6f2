"""Forms of accounts: sign-in, sign-up, the profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms.base import HubForm
from hub.models import ProfileType
from hub.selectors import organisation_list

# --- Accounts -----------------------------------------------------------------------------


class LoginForm(HubForm):
    email = forms.EmailField(
        label=_("E-postadress"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ProfileFieldsForm(HubForm):
    display_name = forms.CharField(
        label=_("Namn"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Visas när du kommenterar och när du väljer att visa ditt namn."),
    )
    profile_type = forms.ChoiceField(label=_("Jag är"), choices=ProfileType.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=organisation_list().none(),
        required=False,
        empty_label=_("Ingen eller annan organisation"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_field("organisation").queryset = organisation_list()


class SignupForm(ProfileFieldsForm):
    email = forms.EmailField(
        label=_("E-postadress"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Du loggar in med den. Den visas inte för andra."),
    )
    password = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minst 8 tecken. Undvik vanliga lösenord och lösenord med bara siffror."),
    )
    password_again = forms.CharField(
        label=_("Upprepa lösenordet"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = [
        "display_name",
        "email",
        "password",
        "password_again",
        "profile_type",
        "organisation",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") != data.get("password"):
            self.add_error("password_again", _("Lösenorden är inte likadana."))
        return data


class ProfileForm(ProfileFieldsForm):
    bio = forms.CharField(
        label=_("Om mig"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Berätta kort vad du arbetar med och vad du kan bidra med."),
    )
