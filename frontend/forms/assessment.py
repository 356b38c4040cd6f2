"""Forms for the assessment and portfolio pages. They parse input; `assessment.services` and
`portfolio.services` decide what is allowed and valid, and their errors are put back on
these forms.

Like every form in the hub they render through `forms/field.html` and list their errors in
`includes/error_summary.html` (see `frontend.forms.HubForm`).
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessment.models import DECISION_RATIONALE_MAX, REASON_MAX, Criterion, VoteChoice
from assessment.selectors import criterion_list
from assessment.services import ASSESSABLE_STATUSES, RoundInput
from common.ids import parse_id
from frontend.forms import HubForm
from frontend.localized import StoredNameChoiceField, StoredNameMultipleChoiceField
from hub.models import FocusArea, User
from hub.selectors import focus_area_list
from ideas.models import Idea
from ideas.selectors import idea_list
from portfolio.models import STATUS_NOTE_MAX, InitiativeType, LifecycleStage, TrafficLight
from portfolio.services import InitiativeInput

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def assessable_ideas(viewer: Any) -> QuerySet[Idea]:
    """Submissions a round may take, among those the viewer sees: sent in or under review,
    not hidden. The service checks again (and that they belong to the round's focus area)."""
    return (
        idea_list(viewer=viewer)
        .filter(status__in=ASSESSABLE_STATUSES, is_hidden=False, focus_area__isnull=False)
        .order_by("focus_area__order", "focus_area__name", "title", "pk")
    )


class RoundForm(HubForm):
    """A round as a facilitator sets it up: a draft, opened from its page or at once."""

    title = forms.CharField(
        label=_("Namn på rundan"),
        max_length=200,
        error_messages={"required": _("Skriv ett namn på rundan.")},
        help_text=_("Till exempel ”Vårens bedömning 2025”."),
    )
    focus_area = StoredNameChoiceField(
        label=_("Fokusområde"),
        queryset=FocusArea.objects.none(),
        empty_label=_("Välj fokusområde"),
        to_field_name="slug",
        error_messages={"required": _("Välj fokusområde.")},
        help_text=_("Fokusområdets Core Team bedömer när rundan öppnas."),
    )
    deadline = forms.DateTimeField(
        label=_("Sista dag för bedömning"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={
            "required": _("Ange sista dag för bedömning."),
            "invalid": _("Ange datum och tid, till exempel 2025-05-30 16:00."),
        },
        help_text=_("Visas för bedömarna. Processtödet stänger rundan."),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad bedömarna behöver veta, till exempel när kalibreringsmötet är."),
    )
    ideas = forms.ModelMultipleChoiceField(
        label=_("Bidrag att bedöma"),
        queryset=Idea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = StoredNameMultipleChoiceField(
        label=_("Kriterier"),
        queryset=Criterion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett kriterium.")},
        help_text=_("Vikterna låses när rundan öppnas."),
    )

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_field("focus_area").queryset = focus_area_list()
        # Choosing a focus area narrows the submissions to its own (htmx; all are listed
        # without JavaScript, grouped by focus area).
        self.fields["focus_area"].widget.attrs.update(
            {
                "hx-get": reverse("frontend:assessment-idea-options"),
                "hx-trigger": "change",
                "hx-target": "#ideas-field",
                "hx-swap": "outerHTML",
                "hx-include": "[name='ideas']",
            }
        )
        self.all_ideas = list(assessable_ideas(viewer).select_related("focus_area"))
        self.model_field("ideas").queryset = assessable_ideas(viewer)
        self.model_field("criteria").queryset = criterion_list()
        if not self.is_bound and "criteria" not in self.initial:
            self.initial["criteria"] = list(criterion_list())

    @classmethod
    def initial_for(cls, round: Any) -> dict[str, Any]:
        return {
            "title": round.title,
            "focus_area": round.focus_area,
            "deadline": timezone.localtime(round.deadline),
            "description": round.description,
            "ideas": [item.idea for item in round.items.all()],
            "criteria": [rc.criterion for rc in round.round_criteria.all()],
        }

    def to_input(self) -> RoundInput:
        data = self.cleaned_data
        deadline: datetime = data["deadline"]
        return RoundInput(
            title=data["title"],
            focus_area=data["focus_area"],
            deadline=deadline,
            ideas=list(data.get("ideas") or []),
            description=data.get("description", ""),
            criteria=list(data["criteria"]),
        )

    def selected_area_slug(self) -> str:
        if self.is_bound:
            return str(self.data.get("focus_area") or "")
        value = self.initial.get("focus_area")
        return str(getattr(value, "slug", value) or "")

    def selected_idea_ids(self) -> set[int]:
        if self.is_bound:
            raw: list[Any] = self.data.getlist("ideas")  # type: ignore[attr-defined]
        else:
            raw = [getattr(i, "pk", i) for i in self.initial.get("ideas") or []]
        return {pk for value in raw if (pk := parse_id(value)) is not None}

    def idea_groups(self) -> list[tuple[FocusArea, list[tuple[Idea, bool]]]]:
        """Assessable submissions by focus area; only the chosen area's once one is chosen."""
        slug = self.selected_area_slug()
        selected = self.selected_idea_ids()
        ideas = [i for i in self.all_ideas if not slug or getattr(i.focus_area, "slug", "") == slug]
        groups = []
        for _area_id, members in groupby(ideas, key=lambda i: i.focus_area_id):
            listed = list(members)
            area = listed[0].focus_area
            if area is not None:
                groups.append((area, [(i, i.pk in selected) for i in listed]))
        return groups


class ConflictForm(HubForm):
    reason = forms.CharField(
        label=_("Varför är du jävig?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv varför du är jävig.")},
        help_text=_(
            "Till exempel att du deltar i arbetet eller har en nära relation till någon som gör "
            "det. Processtödet och Core Team ser skälet. Dina poäng för bidraget tas bort."
        ),
    )


class VoteForm(HubForm):
    choice = forms.ChoiceField(
        label=_("Din parts röst"),
        choices=VoteChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj lyft, parkera eller avböj.")},
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Syns för processtödet och Core Team."),
    )


class DecisionForm(HubForm):
    rationale = forms.CharField(
        label=_("Motivering till författaren"),
        max_length=DECISION_RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv en motivering till författaren.")},
        help_text=_("Författaren får en notis och läser beslutet med den här motiveringen."),
    )


class PersonChoiceField(forms.ModelChoiceField):
    """A person by name, with their organisation to tell namesakes apart."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.organisation_id:
            return f"{obj.display_name} ({obj.organisation.name})"
        return str(obj.display_name)


class InitiativeForm(HubForm):
    """A promoted submission added to its focus area's portfolio."""

    owner = PersonChoiceField(
        label=_("Initiativägare"),
        queryset=User.objects.none(),
        empty_label=_("Välj initiativägare"),
        error_messages={"required": _("Välj en initiativägare.")},
        help_text=_("En person från någon av parterna. Hen får en notis."),
    )
    process_lead = PersonChoiceField(
        label=_("Processledare"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen ännu"),
    )
    initiative_type = forms.ChoiceField(
        label=_("Typ av initiativ"),
        choices=InitiativeType.choices,
        initial=InitiativeType.INNOVATION,
        widget=forms.RadioSelect,
    )
    seed_funding_requested = forms.IntegerField(
        label=_("Sökt såddfinansiering (kr)"), min_value=0, required=False
    )
    seed_funding_granted = forms.IntegerField(
        label=_("Beviljad såddfinansiering (kr)"), min_value=0, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).select_related("organisation")
        self.model_field("owner").queryset = people.filter(organisation__is_party=True)
        self.model_field("process_lead").queryset = people

    def to_input(self) -> InitiativeInput:
        data = self.cleaned_data
        return InitiativeInput(
            owner=data["owner"],
            process_lead=data.get("process_lead"),
            initiative_type=data["initiative_type"],
            seed_funding_requested=data.get("seed_funding_requested"),
            seed_funding_granted=data.get("seed_funding_granted"),
        )


class StatusReportForm(HubForm):
    light = forms.ChoiceField(
        label=_("Läge"),
        choices=TrafficLight.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj grön, gul, orange eller röd.")},
        help_text=_(
            "Grön: enligt plan. Gul: avvikelser som hanteras. Orange: risk som behöver "
            "stöd. Röd: allvarligt läge som styrelsen behöver ta ställning till."
        ),
    )
    note = forms.CharField(
        label=_("Kommentar"),
        max_length=STATUS_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv en kort kommentar till läget.")},
        help_text=_("Vad har hänt, vad är nästa steg och behövs något från styrelsen?"),
    )
    reported_on = forms.DateField(
        label=pgettext_lazy("lägesrapport", "Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Ange ett datum, till exempel 2025-05-30.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()
        self.fields["reported_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class StageForm(HubForm):
    stage = forms.ChoiceField(
        label=pgettext_lazy("initiativets fas i cykeln", "Fas"), choices=LifecycleStage.choices
    )
    leveraged_funding = forms.IntegerField(
        label=_("Uppväxling (kr)"),
        min_value=0,
        required=False,
        help_text=_("Extern finansiering som initiativet har dragit till sig."),
    )
