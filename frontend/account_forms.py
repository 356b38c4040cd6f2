"""Forms of the account pages: passwords, email address, API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import TOKEN_NAME_MAX_LENGTH
from frontend.forms import HubForm
from hub.models import ConsentKind

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def _password(label: str | _StrPromise, autocomplete: str, **kwargs: object) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        **kwargs,  # type: ignore[arg-type]
    )


class PasswordResetRequestForm(HubForm):
    email = forms.EmailField(
        label=_("E-postadress"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class PasswordResetForm(HubForm):
    password = _password(
        _("Nytt lösenord"),
        "new-password",
        help_text=_("Minst 8 tecken. Undvik vanliga lösenord och lösenord med bara siffror."),
    )


class PasswordChangeForm(HubForm):
    current_password = _password(_("Nuvarande lösenord"), "current-password")
    new_password = _password(
        _("Nytt lösenord"),
        "new-password",
        help_text=_("Minst 8 tecken. Undvik vanliga lösenord och lösenord med bara siffror."),
    )


class EmailChangeForm(HubForm):
    new_email = forms.EmailField(
        label=_("Ny e-postadress"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Vi skickar en länk dit. Adressen byts först när du öppnar länken."),
    )
    password = _password(_("Ditt lösenord"), "current-password")


class ApiTokenForm(HubForm):
    name = forms.CharField(
        label=_("Namn på nyckeln"),
        max_length=TOKEN_NAME_MAX_LENGTH,
        help_text=_("Till exempel vilket skript eller system som ska använda den."),
    )


class ConsentForm(forms.Form):
    """Give or withdraw one consent (the buttons on the consent page)."""

    kind = forms.ChoiceField(choices=ConsentKind.choices)
    op = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")])
