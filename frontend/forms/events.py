"""Forms for the event pages. They parse input; `events.services` decides what is allowed and
valid, and its errors are put back on these forms.

Like every form in the hub they render through `forms/field.html` and list their errors in
`includes/error_summary.html` (see `frontend.forms.HubForm`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    EVENT_DESCRIPTION_MAX,
    EVENT_PLACE_MAX,
    EVENT_TITLE_MAX,
    SERIES_DESCRIPTION_MAX,
    Event,
    EventKind,
    ForumSeries,
)
from events.selectors import EventFilters, forum_series_list
from events.services import MAX_ORGANISERS, EventInput
from frontend.forms import HubForm, focus_area_filter_choices
from frontend.forms.assessment import DATETIME_LOCAL, PersonChoiceField
from frontend.localized import StoredNameChoiceField, stored_label
from hub.models import FocusArea, User
from hub.selectors import focus_area_list

WHEN_CHOICES = [
    ("", _("Kommande och genomförda")),
    ("upcoming", _("Kommande och pågående")),
    ("past", _("Genomförda")),
]


def _datetime_field(label: Any, required_message: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={
            "required": required_message,
            "invalid": _("Ange datum och tid, till exempel 2027-02-14 13:00."),
        },
    )


def _focus_area_field(**kwargs: Any) -> forms.ModelChoiceField:
    """An optional focus area, by slug; the form sets the queryset (`focus_area_list`)."""
    return StoredNameChoiceField(
        label=_("Fokusområde"),
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label=_("Inget särskilt fokusområde"),
        to_field_name="slug",
        **kwargs,
    )


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """People by name, with their organisation to tell namesakes apart."""

    label_from_instance = PersonChoiceField.label_from_instance


class SeriesChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.focus_area_id:
            return f"{obj.title} ({stored_label(obj.focus_area)})"
        return str(obj.title)


class EventForm(HubForm):
    """An event as a facilitator (or its organiser) sets it up."""

    kind = forms.ChoiceField(
        label=_("Typ av evenemang"),
        choices=EventKind.choices,
        initial=EventKind.FORUM_MEETING,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=EVENT_TITLE_MAX,
        error_messages={"required": _("Skriv en rubrik.")},
        help_text=_("Till exempel ”Forumträff 2: Volontärskap och engagemang”."),
    )
    starts_at = _datetime_field(_("Börjar"), _("Ange när evenemanget börjar."))
    ends_at = _datetime_field(_("Slutar"), _("Ange när evenemanget slutar."))
    place = forms.CharField(
        label=_("Plats"),
        max_length=EVENT_PLACE_MAX,
        required=False,
        help_text=_("En adress eller lokal, eller ”Digitalt”."),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        max_length=EVENT_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Vad händer, för vem, och vad ska ni ta fram tillsammans? Du kan använda Markdown: "
            "**fetstil**, *kursiv*, listor med - och länkar som [text](https://…)."
        ),
    )
    focus_area = _focus_area_field()
    series = SeriesChoiceField(
        label=_("Forumserie"),
        queryset=ForumSeries.objects.none(),
        required=False,
        empty_label=_("Ingen forumserie"),
        help_text=_("Bara för forumträffar. Träffen får seriens fokusområde."),
    )
    series_number = forms.IntegerField(
        label=_("Träffens nummer i serien"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_("Lämna tomt för nästa lediga nummer."),
    )
    organisers = PeopleChoiceField(
        label=_("Arrangörer"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisers"].help_text = _(
            "Arrangörerna kan ändra evenemanget och skapa tavlor i det. Håll ned Ctrl "
            "(Cmd på Mac) för att välja flera, högst %(n)d."
        ) % {"n": MAX_ORGANISERS}
        self.model_field("focus_area").queryset = focus_area_list()
        self.model_field("series").queryset = forum_series_list()
        self.model_field("organisers").queryset = User.objects.filter(
            is_active=True
        ).select_related("organisation")

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        initial = dict(vars(EventInput.of(event)))
        initial.update(
            starts_at=timezone.localtime(event.starts_at), ends_at=timezone.localtime(event.ends_at)
        )
        return initial

    def to_input(self) -> EventInput:
        return EventInput.from_fields(self.cleaned_data)


class ForumSeriesForm(HubForm):
    title = forms.CharField(
        label=_("Namn på forumserien"),
        max_length=EVENT_TITLE_MAX,
        error_messages={"required": _("Skriv ett namn på forumserien.")},
        help_text=_("Oftast seriens tema, till exempel ”Välmående och självständiga äldre”."),
    )
    description = forms.CharField(
        label=_("Tema och beskrivning"),
        max_length=SERIES_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vilken samhällsutmaning tar serien sig an, och vilka bjuds in?"),
    )
    focus_area = _focus_area_field(help_text=_("Seriens träffar får samma fokusområde."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_field("focus_area").queryset = focus_area_list()


class EventFilterForm(HubForm):
    """The list's filters. Lenient: a value that does not parse is simply not applied."""

    hide_optional = True

    kind = forms.ChoiceField(label=_("Typ"), required=False)
    focus_area = forms.ChoiceField(label=_("Fokusområde"), required=False)
    when = forms.ChoiceField(label=_("Visa"), required=False, choices=WHEN_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("kind").choices = [("", _("Alla typer")), *EventKind.choices]
        # Only names and slugs: focus_area_list() would fetch every area's goals too.
        self.choice_field("focus_area").choices = focus_area_filter_choices(FocusArea.objects.all())

    def filters(self) -> EventFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EventFilters(
            kind=data.get("kind") or "",
            focus_area=data.get("focus_area") or "",
            when=data.get("when") or "",
        )

    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)
