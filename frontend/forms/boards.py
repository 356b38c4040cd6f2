"""Forms of idea boards: creating one, joining with a code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from boards.models import BOARD_TEMPLATE_FOR_EVENT, BoardTemplate
from common.ids import parse_id
from events.models import Event
from events.selectors import events_for_boards
from frontend.forms.base import HubForm

# --- Idea boards --------------------------------------------------------------------------


class EventChoiceField(forms.ModelChoiceField):
    """An event by its title and the day it starts, to tell a series' meetings apart."""

    def label_from_instance(self, obj: Any) -> str:
        day = date_format(timezone.localtime(obj.starts_at), "DATE_FORMAT")
        return f"{obj.title} ({day})"


class BoardForm(HubForm):
    """A new board. The service checks the rest (`boards.services.board_create`)."""

    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        error_messages={"required": _("Skriv en rubrik.")},
        help_text=_("Till exempel ”Forumträff 2: Fler elever klarar skolan”."),
    )
    purpose = forms.CharField(
        label=_("Syfte"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad ska tavlan användas till? Visas överst på tavlan."),
    )
    template = forms.ChoiceField(
        label=_("Mall"),
        choices=BoardTemplate.choices,
        initial=BoardTemplate.BRAINSTORM,
        widget=forms.RadioSelect,
        help_text=_(
            "Mallen bestämmer kolumnerna. Idéinsamling: Idéer. Forumträff: Utmaningar, "
            "Samhällsmål och Idéer. Matchmaking: Behov, Forskning samt Resurser och kompetens."
        ),
    )
    votes_per_participant = forms.IntegerField(
        label=_("Röster per deltagare"),
        min_value=1,
        max_value=20,
        initial=3,
        help_text=_("Så många prickar får var och en sätta när tavlan är i röstningsfasen."),
    )
    anonymous_cards = forms.BooleanField(
        label=_("Visa lappar utan namn"),
        required=False,
        help_text=_("Deltagarna ser inte vem som skrivit en lapp."),
    )
    event = EventChoiceField(
        label=pgettext_lazy("det evenemang en tavla hör till", "Evenemang"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Inget – en fristående tavla"),
        help_text=_("Tavlan visas på evenemangets sida. Du kan välja de evenemang du arrangerar."),
    )

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = events_for_boards(viewer=viewer)
        if viewer is None or not self.events.exists():
            del self.fields["event"]  # nothing to choose: every board of theirs is standalone
        else:
            self.model_field("event").queryset = self.events

    def preselect_event(self, raw: str | None) -> Event | None:
        """Choose the event `?evenemang=<id>` names, if the person may use it, and the
        template that suits its kind (a forum meeting's board starts with its columns)."""
        pk = parse_id(raw)
        if "event" not in self.fields or pk is None:
            return None
        event = self.events.filter(pk=pk).first()
        if event is not None:
            self.initial["event"] = event.pk
            self.initial["template"] = BOARD_TEMPLATE_FOR_EVENT.get(
                event.kind, BoardTemplate.BRAINSTORM
            )
        return event


class BoardJoinForm(HubForm):
    """A guest joins with the facilitator's code; a signed-in person needs only the code."""

    join_code = forms.CharField(
        label=_("Kod"),
        max_length=12,
        error_messages={"required": _("Skriv koden som processtödet visar.")},
        help_text=_("Sex tecken, till exempel K7PQ2M. Processtödet visar koden."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label=_("Ditt namn"),
        max_length=60,
        error_messages={"required": _("Skriv ett namn som andra ser.")},
        help_text=_("Visas för de andra på tavlan."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:  # a signed-in person is on the board as themselves
            del self.fields["name"]
