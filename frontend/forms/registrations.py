"""Forms for registering for an event, and for the organisers' settings. They parse input;
`registrations.services` decides what is allowed and valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms.assessment import DATETIME_LOCAL
from frontend.forms.base import HubForm
from registrations.models import (
    CAPACITY_MAX,
    NAME_MAX,
    NEEDS_MAX,
    ORGANISATION_MAX,
    RegistrationSettings,
    Sector,
    sector_of_organisation,
)
from registrations.services import GuestInput, RegistrationInput, SettingsInput


class RegistrationForm(HubForm):
    sector = forms.ChoiceField(
        label=_("Sektor"),
        choices=[("", _("Välj sektor")), *Sector.choices],
        error_messages={"required": _("Välj den sektor du kommer från.")},
        help_text=_("Vi räknar deltagare per sektor i partnerskapets årsrapport."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"), max_length=ORGANISATION_MAX, required=False
    )
    dietary_needs = forms.CharField(
        label=_("Kost"),
        max_length=NEEDS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Allergier eller specialkost. Bara arrangörerna ser det, och det tas bort "
            "efter evenemanget."
        ),
    )
    accessibility_needs = forms.CharField(
        label=_("Tillgänglighet"),
        max_length=NEEDS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Till exempel hörslinga, rullstolsplats eller tolk. Bara arrangörerna ser det."
        ),
    )

    @classmethod
    def initial_for(cls, user: Any) -> dict[str, Any]:
        organisation = getattr(user, "organisation", None)
        if organisation is None:
            return {}
        return {
            "organisation_name": organisation.name,
            "sector": sector_of_organisation(organisation.kind),
        }

    def to_input(self) -> RegistrationInput:
        data = self.cleaned_data
        return RegistrationInput(
            sector=data["sector"],
            organisation_name=data["organisation_name"],
            dietary_needs=data["dietary_needs"],
            accessibility_needs=data["accessibility_needs"],
        )


class GuestRegistrationForm(RegistrationForm):
    """A guest without an account: their name and address, then the same as everyone."""

    field_order = ("name", "email", "sector", "organisation_name")

    name = forms.CharField(
        label=_("Namn"),
        max_length=NAME_MAX,
        error_messages={"required": _("Skriv ditt namn.")},
    )
    email = forms.EmailField(
        label=_("E-postadress"),
        error_messages={
            "required": _("Skriv din e-postadress."),
            "invalid": _("Skriv en giltig e-postadress."),
        },
        help_text=_("Dit skickar vi bekräftelsen, med en länk för att avanmäla dig."),
    )

    def guest_input(self) -> GuestInput:
        return GuestInput(name=self.cleaned_data["name"], email=self.cleaned_data["email"])


class RegistrationSettingsForm(HubForm):
    is_open = forms.BooleanField(
        label=_("Ta emot anmälningar"),
        required=False,
        help_text=_("Stäng för att sluta ta emot anmälningar innan tiden gått ut."),
    )
    capacity = forms.IntegerField(
        label=_("Antal platser"),
        min_value=1,
        max_value=CAPACITY_MAX,
        required=False,
        help_text=_("Lämna tomt om antalet inte är begränsat."),
    )
    deadline = forms.DateTimeField(
        label=_("Sista anmälningsdag"),
        required=False,
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={"invalid": _("Ange datum och tid, till exempel 2027-02-14 13:00.")},
        help_text=_("Lämna tomt för att ta emot anmälningar tills evenemanget börjar."),
    )
    waiting_list = forms.BooleanField(
        label=_("Väntelista när det är fullt"),
        required=False,
        help_text=_("Den som står först får platsen när någon avanmäler sig."),
    )

    @classmethod
    def initial_for(cls, setup: RegistrationSettings | None) -> dict[str, Any]:
        if setup is None:
            return {"is_open": True, "waiting_list": True}
        return {
            "is_open": setup.is_open,
            "capacity": setup.capacity,
            "deadline": setup.deadline,
            "waiting_list": setup.waiting_list,
        }

    def to_input(self) -> SettingsInput:
        data = self.cleaned_data
        return SettingsInput(
            is_open=data["is_open"],
            capacity=data["capacity"],
            deadline=data["deadline"],
            waiting_list=data["waiting_list"],
        )


class AttendanceForm(forms.Form):
    attended = forms.BooleanField(required=False)
