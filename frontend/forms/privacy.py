"""Forms of the privacy pages: deleting one's account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms.base import HubForm


class AccountEraseForm(HubForm):
    password = forms.CharField(
        label=_("Ditt lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("För att vara säkra på att det är du."),
    )
    remove_texts = forms.BooleanField(
        label=_("Ta också bort texterna jag har skrivit"),
        required=False,
        help_text=_(
            "Beskrivningar av dina bidrag, kommentarer, lappar på idétavlor, motiveringar "
            "och bilagor töms. Annars står de kvar som en del av det offentliga arbetet, "
            "utan ditt namn."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Jag förstår att kontot inte går att få tillbaka"),
        error_messages={"required": _("Kryssa i rutan för att ta bort kontot.")},
    )
