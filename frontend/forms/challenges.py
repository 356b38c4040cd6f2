"""Forms for the challenge pages. They parse input; `challenges.services` decides what is
allowed and valid, and its errors are put back on these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import (
    ABSTRACT_MAX,
    CONTEXT_MAX,
    GROUPS_MAX,
    MESSAGE_MAX,
    MOTIVATION_MAX,
    NAME_MAX,
    PLACES_MAX,
    QUESTION_MAX,
    REPORT_MAX,
    TITLE_MAX,
    Challenge,
    ChallengeStatus,
    Format,
    Level,
)
from challenges.selectors import discipline_list
from challenges.services import ChallengeInput, CourseCaseInput, StudentProfileInput
from frontend.forms.assessment import PersonChoiceField
from frontend.forms.base import HubForm
from frontend.forms.ideas import focus_area_filter_choices
from hub.models import FocusArea, Organisation, SocietalGoal, User
from hub.selectors import focus_area_list, goal_list, organisation_list
from ideas.models import Idea
from portfolio.models import PortfolioInitiative

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Ange ett datum, till exempel 2027-03-15.")},
        **kwargs,
    )


class ChallengeFilterForm(HubForm):
    """The catalogue's filters. Lenient: a value that does not parse is not applied."""

    hide_optional = True

    q = forms.CharField(label=_("Sök utmaningar"), required=False, max_length=200)
    discipline = forms.ChoiceField(label=_("Ämnesområde"), required=False)
    level = forms.ChoiceField(
        label=_("Nivå"), required=False, choices=[("", _("Alla nivåer")), *Level.choices]
    )
    work_format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Alla format")), *Format.choices]
    )
    focus_area = forms.ChoiceField(label=_("Fokusområde"), required=False)
    period_from = _date(_("Period från"))
    period_to = _date(_("Period till"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("discipline").choices = [("", _("Alla ämnesområden"))] + [
            (d.slug, d.name) for d in discipline_list()
        ]
        self.choice_field("focus_area").choices = focus_area_filter_choices(focus_area_list())

    def params(self) -> dict[str, str]:
        """The values that parsed, as the catalogue's FilterSet reads them."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: value.isoformat() if hasattr(value, "isoformat") else str(value)
            for name, value in cleaned.items()
            if value not in (None, "")
        }

    @property
    def is_filtered(self) -> bool:
        return any(name != "q" for name in self.params())


class ChallengeForm(HubForm):
    title = forms.CharField(label=_("Rubrik"), max_length=TITLE_MAX)
    question = forms.CharField(
        label=_("Frågeställning"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad vill ni ha svar på, eller hjälp med?"),
    )
    context = forms.CharField(
        label=_("Bakgrund"),
        max_length=CONTEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    levels = forms.MultipleChoiceField(
        label=_("Nivå"), choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )
    formats = forms.MultipleChoiceField(
        label=_("Passar som"), choices=Format.choices, widget=forms.CheckboxSelectMultiple
    )
    disciplines = forms.ModelMultipleChoiceField(
        label=_("Ämnesområden"),
        queryset=discipline_list(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    focus_area = forms.ModelChoiceField(
        label=_("Fokusområde"), queryset=FocusArea.objects.none(), required=False
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Samhällsmål"),
        queryset=SocietalGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    credits = forms.IntegerField(label=_("Högskolepoäng"), required=False, min_value=1)
    hours = forms.IntegerField(
        label=_("Timmar"), required=False, min_value=1, help_text=_("För mikrojobb.")
    )
    places = forms.IntegerField(label=_("Antal platser"), min_value=1, max_value=PLACES_MAX)
    period_start = _date(_("Period från"))
    period_end = _date(_("Period till"))
    application_deadline = _date(_("Sista ansökningsdag"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    contact_person = PersonChoiceField(
        label=_("Kontaktperson"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Jag själv"),
    )
    partnership_supervisor = PersonChoiceField(
        label=_("Handledare i partnerskapet"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen ännu"),
    )
    origin_idea = forms.ModelChoiceField(
        label=_("Bygger på bidraget"),
        queryset=Idea.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )
    origin_initiative = forms.ModelChoiceField(
        label=_("Bygger på initiativet"),
        queryset=PortfolioInitiative.objects.none(),
        required=False,
        empty_label=_("Inget initiativ"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True, erased_at__isnull=True).select_related(
            "organisation"
        )
        self.model_field("contact_person").queryset = people
        self.model_field("partnership_supervisor").queryset = people
        self.model_field("focus_area").queryset = focus_area_list()
        self.model_field("goals").queryset = goal_list()
        self.model_field("organisation").queryset = organisation_list()
        self.model_field("origin_idea").queryset = Idea.objects.all()
        self.model_field("origin_initiative").queryset = PortfolioInitiative.objects.order_by(
            "title"
        )

    @classmethod
    def initial_for(cls, challenge: Challenge) -> dict[str, Any]:
        names = [
            "title", "question", "context", "focus_area", "credits", "hours", "places",
            "period_start", "period_end", "application_deadline", "organisation",
            "contact_person", "partnership_supervisor", "origin_idea", "origin_initiative",
        ]  # fmt: skip
        initial = {name: getattr(challenge, name) for name in names}
        initial["levels"] = challenge.level_list
        initial["formats"] = challenge.format_list
        initial["disciplines"] = list(challenge.disciplines.all())
        initial["goals"] = list(challenge.goals.all())
        return initial

    def to_input(self) -> ChallengeInput:
        data = self.cleaned_data
        return ChallengeInput(
            title=data["title"],
            question=data["question"],
            context=data["context"],
            levels=data["levels"],
            formats=data["formats"],
            disciplines=list(data["disciplines"]),
            focus_area=data["focus_area"],
            goals=list(data["goals"]),
            credits=data["credits"],
            hours=data["hours"],
            places=data["places"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            application_deadline=data["application_deadline"],
            organisation=data["organisation"],
            contact_person=data["contact_person"],
            partnership_supervisor=data["partnership_supervisor"],
            origin_idea=data["origin_idea"],
            origin_initiative=data["origin_initiative"],
        )


class StatusForm(HubForm):
    status = forms.ChoiceField(choices=ChallengeStatus.choices)


class ApplicationForm(HubForm):
    motivation = forms.CharField(
        label=_("Motivering"),
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Varför vill du arbeta med utmaningen, och vad tar du med dig? Bara den som "
            "publicerat utmaningen läser den."
        ),
        error_messages={"required": _("Skriv en kort motivering.")},
    )
    partner_email = forms.EmailField(
        label=_("Söker ni två? Den andra studentens e-postadress"),
        required=False,
        help_text=_("Hen behöver ett studentkonto i hubben."),
    )
    university_supervisor = forms.CharField(
        label=_("Handledare på lärosätet"), max_length=NAME_MAX, required=False
    )

    def partner(self) -> User | None:
        email = self.cleaned_data.get("partner_email")
        if not email:
            return None
        partner = User.objects.filter(email__iexact=email, is_active=True).first()
        if partner is None:
            self.add_error("partner_email", _("Det finns ingen i hubben med den adressen."))
        return partner


class DecisionForm(HubForm):
    decision = forms.ChoiceField(
        label=_("Besked"),
        choices=[("accept", _("Anta")), ("decline", _("Avböj"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Meddelande till studenten"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    university_supervisor = forms.CharField(
        label=_("Handledare på lärosätet"), max_length=NAME_MAX, required=False
    )


class CourseCaseForm(HubForm):
    course_name = forms.CharField(label=_("Kurs"), max_length=200)
    term = forms.CharField(label=_("Termin"), max_length=40, help_text=_("Till exempel VT 2027."))
    groups = forms.IntegerField(
        label=_("Antal studentgrupper"), min_value=1, max_value=GROUPS_MAX, initial=1
    )

    def to_input(self) -> CourseCaseInput:
        return CourseCaseInput(**self.cleaned_data)


class CourseCaseReportForm(HubForm):
    report = forms.CharField(
        label=_("Vad kom ut av kursen?"),
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResultForm(HubForm):
    title = forms.CharField(label=_("Rubrik"), max_length=TITLE_MAX)
    abstract = forms.CharField(
        label=_("Sammanfattning"), max_length=ABSTRACT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    link = forms.URLField(
        label=_("Länk"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Till exempel till uppsatsen i DiVA."),
    )
    file = forms.FileField(label=_("Eller en fil"), required=False)


class StudentProfileForm(HubForm):
    university = forms.CharField(label=_("Lärosäte"), max_length=200, required=False)
    programme = forms.CharField(label=_("Program"), max_length=200, required=False)
    disciplines = forms.ModelMultipleChoiceField(
        label=_("Ämnesområden"),
        queryset=discipline_list(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.CharField(
        label=_("Intressen"),
        max_length=300,
        required=False,
        help_text=_("Några ord, åtskilda med kommatecken, till exempel: skola, idrott, äldre."),
    )

    def to_input(self) -> StudentProfileInput:
        data = self.cleaned_data
        return StudentProfileInput(
            university=data["university"],
            programme=data["programme"],
            interests=data["interests"],
            disciplines=list(data["disciplines"]),
        )
