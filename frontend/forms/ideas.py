"""Forms of submissions: writing one, the list's filters, comments, support, moderation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.ids import parse_id
from frontend.forms.base import HubForm
from frontend.localized import StoredNameChoiceField, stored_label
from hub.models import FocusArea, SocietalGoal
from hub.selectors import focus_area_list, goal_list, organisation_list
from ideas.filters import IdeaFilterSet
from ideas.models import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    PUBLIC_STATUSES,
    SUMMARY_MAX,
    TITLE_MAX,
    Attachment,
    Idea,
    IdeaKind,
    IdeaStatus,
    SupportKind,
)
from ideas.selectors import ideas_visible, tag_list
from ideas.services import IdeaInput
from ideas.uploads import allowed_extensions

# --- Submissions --------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (`ideas.uploads`)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in files]


def _split_tags(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


class IdeaForm(HubForm):
    # A draft needs only a title; these are checked when it is submitted (ideas.services),
    # and their labels say so instead of "optional".
    required_to_submit = frozenset({"summary", "focus_area"})

    kind = forms.ChoiceField(
        label=_("Vad vill du dela?"),
        choices=IdeaKind.choices,
        initial=IdeaKind.IDEA,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Skriv en rubrik.")},
        help_text=_("Kort och konkret, till exempel ”Läxhjälp på biblioteket”."),
    )
    summary = forms.CharField(
        label=_("Sammanfattning"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En eller två meningar som visas i listor."),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Vilket problem vill du lösa, för vem, och hur? Du kan använda Markdown: "
            "**fetstil**, *kursiv*, listor med - och länkar som [text](https://…)."
        ),
    )
    focus_area = StoredNameChoiceField(
        label=_("Fokusområde"),
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label=_("Välj fokusområde"),
        to_field_name="slug",
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Samhällsmål"),
        queryset=SocietalGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisationer som deltar"),
        queryset=organisation_list().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Etiketter"),
        required=False,
        max_length=600,
        help_text=_("Skilj etiketterna åt med kommatecken, till exempel: skola, digitalisering."),
    )
    attachments = MultipleFileField(label=_("Lägg till filer"), required=False)
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Ta bort bilagor"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    show_author_name = forms.BooleanField(
        label=_("Visa mitt namn offentligt"),
        required=False,
        help_text=_("Annars ser bara processtödet vem som skrivit bidraget."),
    )

    def __init__(self, *args: Any, idea: Idea | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.areas = list(focus_area_list())
        self.model_field("focus_area").queryset = focus_area_list()
        # Choosing a focus area narrows the goals to its own (htmx; all are listed without JS).
        self.fields["focus_area"].widget.attrs.update(
            {
                "hx-get": reverse("frontend:goal-options"),
                "hx-trigger": "change",
                "hx-target": "#goals-field",
                "hx-swap": "outerHTML",
                "hx-include": "[name='goals']",
            }
        )
        self.model_field("goals").queryset = goal_list()
        self.model_field("organisations").queryset = organisation_list()
        extensions = allowed_extensions()
        self.fields["attachments"].widget.attrs["accept"] = ",".join(f".{e}" for e in extensions)
        self.fields["attachments"].help_text = _(
            "Du kan välja flera filer, högst %(size)s per fil. Tillåtna filtyper: %(types)s."
        ) % {
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            "types": ", ".join(extensions),
        }
        if idea is None:
            del self.fields["remove_attachments"]
        else:
            self.model_field("remove_attachments").queryset = idea.attachments.all()

    @classmethod
    def initial_for(cls, idea: Idea) -> dict[str, Any]:
        return {
            "kind": idea.kind,
            "title": idea.title,
            "summary": idea.summary,
            "description": idea.description,
            "focus_area": idea.focus_area,
            "goals": list(idea.goals.all()),
            "organisations": list(idea.organisations.all()),
            "tags": ", ".join(tag.name for tag in idea.tags.all()),
            "show_author_name": idea.show_author_name,
        }

    def to_input(self) -> IdeaInput:
        data = self.cleaned_data
        return IdeaInput(
            title=data["title"],
            kind=data["kind"],
            summary=data.get("summary", ""),
            description=data.get("description", ""),
            focus_area=data.get("focus_area"),
            goals=list(data.get("goals") or []),
            organisations=list(data.get("organisations") or []),
            tags=_split_tags(data.get("tags", "")),
            show_author_name=bool(data.get("show_author_name")),
            attachments=data.get("attachments") or [],
        )

    def selected_area(self) -> FocusArea | None:
        """The focus area as currently chosen (bound data first), for grouping the goals."""
        slug = self._raw("focus_area")
        if slug:
            return next((area for area in self.areas if area.slug == slug), None)
        return None

    def selected_goal_ids(self) -> set[int]:
        raw = (
            cast(QueryDict, self.data).getlist("goals")
            if self.is_bound
            else self._initial_goal_ids()
        )
        return {pk for value in raw if (pk := parse_id(value)) is not None}

    def goal_groups(self) -> list[tuple[FocusArea, list[tuple[SocietalGoal, bool]]]]:
        """Goals grouped by focus area: only the chosen area's once one is chosen."""
        chosen = self.selected_area()
        selected = self.selected_goal_ids()
        areas = [chosen] if chosen is not None else self.areas
        return [
            (area, [(goal, goal.pk in selected) for goal in area.goals.all()]) for area in areas
        ]

    def _raw(self, name: str) -> str:
        if self.is_bound:
            return str(self.data.get(name) or "")
        value = self.initial.get(name)
        return getattr(value, "slug", value) or ""

    def _initial_goal_ids(self) -> Iterable[Any]:
        return [getattr(goal, "pk", goal) for goal in self.initial.get("goals") or []]


class GoalOptionsForm(forms.Form):
    """The focus area and ticked goals, sent by htmx when the focus area changes."""

    focus_area = forms.SlugField(required=False)


# --- Listing ------------------------------------------------------------------------------

ORDERING_CHOICES = [
    ("newest", _("Nyast först")),
    ("oldest", _("Äldst först")),
    ("most_supported", _("Mest stöd")),
    ("most_discussed", _("Mest diskuterade")),
    ("title", _("Rubrik A–Ö")),
    ("relevance", _("Bäst matchning (vid sökning)")),
]


def focus_area_filter_choices(areas: Iterable[FocusArea]) -> list[tuple[str, Any]]:
    """A list filter's focus areas, by slug, after "all of them"."""
    return [("", _("Alla fokusområden"))] + [(area.slug, stored_label(area)) for area in areas]


class IdeaFilterForm(HubForm):
    """The list's filters. Lenient: a value that does not parse is simply not applied."""

    hide_optional = True  # every filter is optional; saying so seven times is noise

    q = forms.CharField(
        label=_("Sök bland bidragen"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    focus_area = forms.ChoiceField(label=_("Fokusområde"), required=False)
    goal = forms.TypedChoiceField(label=_("Samhällsmål"), required=False, coerce=int)
    kind = forms.ChoiceField(label=_("Typ"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    organisation = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int)
    tag = forms.ChoiceField(label=_("Etikett"), required=False)
    ordering = forms.ChoiceField(
        label=_("Sortera"), required=False, choices=ORDERING_CHOICES, initial="newest"
    )

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = list(focus_area_list())
        self.choice_field("focus_area").choices = focus_area_filter_choices(areas)
        # Grouped by focus area: a select with <optgroup>s.
        self.choice_field("goal").choices = [("", _("Alla samhällsmål"))] + [
            (stored_label(area), [(g.pk, stored_label(g, "title")) for g in area.goals.all()])
            for area in areas
        ]
        self.choice_field("kind").choices = [("", _("Alla typer")), *IdeaKind.choices]
        statuses = [
            (value, label)
            for value, label in IdeaStatus.choices
            if value in PUBLIC_STATUSES or (viewer and viewer.is_authenticated)
        ]
        self.choice_field("status").choices = [("", _("Alla statusar")), *statuses]
        self.choice_field("organisation").choices = [("", _("Alla organisationer"))] + [
            (org.pk, org.name) for org in organisation_list()
        ]
        self.choice_field("tag").choices = [("", _("Alla etiketter"))] + [
            (tag.slug, tag.name) for tag in tag_list(viewer=viewer)
        ]

    def is_filtered(self) -> bool:
        """Whether any filter or a non-default order is in use (the search box is not one)."""
        data = getattr(self, "cleaned_data", {})
        filters = [name for name in self.fields if name not in ("q", "ordering")]
        return any(data.get(name) for name in filters) or data.get("ordering") not in (
            None,
            "",
            "newest",
        )


class IdeaListFilterSet(IdeaFilterSet):
    """The list page's filters: the API's FilterSet, bound to the page's own form.

    The form offers only what the viewer may pick (public statuses for visitors, tags on
    submissions they may see); a value it does not accept is a form error and not applied.
    """

    def __init__(self, data: Any, *, viewer: Any) -> None:
        super().__init__(data, queryset=ideas_visible(viewer=viewer))
        self.viewer = viewer

    @property
    def form(self) -> IdeaFilterForm:
        if not hasattr(self, "_form"):
            self._form = IdeaFilterForm(self.data, viewer=self.viewer)
        return self._form


# --- Comments, support, moderation ------------------------------------------------------


class CommentForm(HubForm):
    body = forms.CharField(
        label=_("Din kommentar"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv något först.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SupportForm(HubForm):
    kind = forms.ChoiceField(choices=SupportKind.choices)
    # The state the person saw: a double click repeats the same request, never a flip back.
    op = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])


class TransitionForm(HubForm):
    to_status = forms.ChoiceField(label=_("Ny status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Motivering"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas för författaren. Krävs när ett bidrag parkeras eller avböjs."),
    )

    def __init__(self, *args: Any, statuses: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("to_status").choices = [(s, IdeaStatus(s).label) for s in statuses]


class HideForm(HubForm):
    reason = forms.CharField(
        label=_("Skäl till att dölja"),
        error_messages={"required": _("Ange varför bidraget döljs.")},
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Författaren ser skälet."),
    )
