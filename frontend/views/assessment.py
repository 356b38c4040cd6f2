"""Pages for Core Team assessment: rounds, the assessor's sheet with autosave, results with
their charts and exports, and the parties' votes and decisions.

Every read goes through `assessment.selectors` and every change through
`assessment.services`; who may see and do what (blind scoring above all) is decided there.
These views translate: form fields in, the services' errors back onto the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment import permissions
from assessment.aggregation import ItemProfile, ItemResult, PortfolioMatrix
from assessment.errors import AssessmentError, Reason
from assessment.exports import results_csv, results_xlsx
from assessment.models import (
    SCALE_MAX,
    SCALE_MIN,
    AssessmentRound,
    Criterion,
    RoundItem,
    RoundStatus,
    Score,
    VoteChoice,
)
from assessment.selectors import (
    AssessorSheet,
    ItemVotes,
    RoundResults,
    SheetRow,
    conflict_list,
    decision_for_idea,
    my_sheet,
    round_decisions,
    round_detail,
    round_get,
    round_item_get,
    round_list,
    round_progress,
    round_results,
    round_scores,
)
from assessment.services import (
    ScoreInput,
    assessment_submit,
    conflict_declare,
    decision_record,
    round_close,
    round_create,
    round_open,
    round_update,
    scores_save,
    vote_cast,
)
from common.errors import ErrorCode, ServiceError
from frontend.forms_assessment import (
    ConflictForm,
    DecisionForm,
    InitiativeForm,
    RoundForm,
    VoteForm,
)
from frontend.views.common import (
    AuthedRequest,
    HtmxHttpRequest,
    add_service_errors,
    render_page,
    service_error_response,
    wants_partial,
)
from ideas.selectors import idea_get
from portfolio import permissions as portfolio_permissions
from portfolio.services import initiative_create

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = {"csv": ("text/csv; charset=utf-8", results_csv), "xlsx": (XLSX, results_xlsx)}


def _forbidden(request: HtmxHttpRequest) -> HttpResponse:
    return service_error_response(request, ServiceError(ErrorCode.FORBIDDEN))


def round_abilities(user: Any, round: AssessmentRound) -> dict[str, bool]:
    """What `user` may do in `round` now, straight from the permissions."""
    checks = {
        "is_assessor": permissions.is_round_assessor,
        "has_submitted": permissions.has_submitted,
        "can_edit": permissions.can_edit_round,
        "can_open": permissions.can_open_round,
        "can_close": permissions.can_close_round,
        "can_score": permissions.can_score,
        "can_view_progress": permissions.can_view_progress,
        "can_view_results": permissions.can_view_results,
        "can_view_all_scores": permissions.can_view_all_scores,
        "can_vote": permissions.can_vote,
        "can_record_decision": permissions.can_record_decision,
        "can_view_votes": permissions.can_view_votes,
    }
    return {name: bool(check(user, round)) for name, check in checks.items()}


# --- Rounds -------------------------------------------------------------------------------


@login_required
@require_GET
def round_list_page(request: AuthedRequest) -> HttpResponse:
    rounds = list(round_list(viewer=request.user))
    groups = [
        (status, label, [r for r in rounds if r.status == status])
        for status, label in (
            (RoundStatus.OPEN, _("Öppna rundor")),
            (RoundStatus.DRAFT, _("Utkast")),
            (RoundStatus.CLOSED, _("Stängda rundor")),
        )
    ]
    context = {
        "groups": [g for g in groups if g[2]],
        "has_rounds": bool(rounds),
        "can_create": bool(permissions.can_create_round(request.user)),
        "my_rounds": _my_open_rounds(request.user),
    }
    return render(request, "assessment/round_list.html", context)


def _my_open_rounds(user: Any) -> list[AssessmentRound]:
    """Open rounds in which the viewer is an assessor: their to-do list (one query)."""
    mine = round_list(viewer=user, status=RoundStatus.OPEN).filter(assessors__user_id=user.pk)
    return list(mine)


def default_deadline() -> datetime:
    """Two weeks from today at four in the afternoon, local time."""
    day = timezone.localdate() + timedelta(days=14)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 16, 0))


def _round_form_response(
    request: HtmxHttpRequest, form: RoundForm, round: AssessmentRound | None, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "round": round}
    return render_page(
        request, "assessment/round_form.html", context, partial="form", status=status
    )


def _round_saved(request: AuthedRequest, form: RoundForm, round: AssessmentRound) -> HttpResponse:
    """After a draft is saved: open it at once when asked, else back to its page."""
    if request.POST.get("action") == "open":
        try:
            round_open(actor=request.user, round=round)
        except ValidationError as exc:
            form.add_error(None, _("Utkastet är sparat, men rundan är inte öppnad."))
            add_service_errors(form, exc)
            return _round_form_response(request, form, round, status=400)
        except ServiceError as exc:
            return service_error_response(request, exc)
        messages.success(request, _("Rundan är öppnad. Bedömarna har fått en notis."))
    else:
        messages.success(
            request, _("Utkastet är sparat. Bara processtödet ser det tills rundan öppnas.")
        )
    return redirect("frontend:assessment-round", round.pk)


@login_required
@require_http_methods(["GET", "POST"])
def round_create_page(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_round(request.user):
        return _forbidden(request)
    if request.method != "POST":
        form = RoundForm(viewer=request.user, initial={"deadline": default_deadline()})
        return _round_form_response(request, form, None)
    form = RoundForm(request.POST, viewer=request.user)
    if not form.is_valid():
        return _round_form_response(request, form, None, status=400)
    try:
        round = round_create(actor=request.user, data=form.to_input())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _round_form_response(request, form, None, status=400)
    except ServiceError as exc:
        return service_error_response(request, exc)
    return _round_saved(request, form, round)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit_page(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        round = round_detail(viewer=request.user, pk=pk)
    except ServiceError as exc:
        return service_error_response(request, exc)
    if not permissions.can_edit_round(request.user, round):
        if round.status != RoundStatus.DRAFT and permissions.can_run_rounds(request.user):
            messages.info(request, _("Rundan är öppnad och kan inte längre ändras."))
            return redirect("frontend:assessment-round", round.pk)
        return _forbidden(request)
    if request.method != "POST":
        form = RoundForm(viewer=request.user, initial=RoundForm.initial_for(round))
        return _round_form_response(request, form, round)
    form = RoundForm(request.POST, viewer=request.user)
    if not form.is_valid():
        return _round_form_response(request, form, round, status=400)
    try:
        round = round_update(actor=request.user, round=round, data=form.to_input())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _round_form_response(request, form, round, status=400)
    except ServiceError as exc:
        return service_error_response(request, exc)
    return _round_saved(request, form, round)


@login_required
@require_GET
def idea_options(request: AuthedRequest) -> HttpResponse:
    """The submissions fieldset for the chosen focus area (htmx, when the focus area changes)."""
    if not permissions.can_create_round(request.user):
        return _forbidden(request)
    ideas = [value for value in request.GET.getlist("ideas") if value.isdigit()]
    initial = {"focus_area": request.GET.get("focus_area", ""), "ideas": ideas}
    form = RoundForm(viewer=request.user, initial=initial)
    return render(request, "assessment/round_form.html#ideas", {"form": form, "announce": True})


def render_round(
    request: HtmxHttpRequest, round: AssessmentRound, *, status: int = 200, **extra: Any
) -> HttpResponse:
    user = request.user
    you = round_abilities(user, round)
    context: dict[str, Any] = {"round": round, "you": you, **extra}
    if you["can_view_progress"]:
        progress = round_progress(viewer=user, round=round)
        context["progress"] = progress
        context["conflicts"] = list(conflict_list(viewer=user, round=round))
        if you["is_assessor"]:
            context["mine"] = next((p for p in progress if p.seat.user_id == user.pk), None)
    return render(request, "assessment/round_detail.html", context, status=status)


@login_required
@require_GET
def round_detail_page(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        round = round_detail(viewer=request.user, pk=pk)
    except ServiceError as exc:
        return service_error_response(request, exc)
    return render_round(request, round)


@login_required
@require_POST
def round_open_view(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        round = round_get(viewer=request.user, pk=pk)
        round_open(actor=request.user, round=round)
    except ValidationError as exc:
        round = round_detail(viewer=request.user, pk=pk)
        return render_round(request, round, status=400, open_errors=exc.messages)
    except ServiceError as exc:
        return service_error_response(request, exc)
    messages.success(request, _("Rundan är öppnad. Bedömarna har fått en notis."))
    return redirect("frontend:assessment-round", pk)


@login_required
@require_POST
def round_close_view(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        round = round_get(viewer=request.user, pk=pk)
        round_close(actor=request.user, round=round)
    except ServiceError as exc:
        return service_error_response(request, exc)
    messages.success(request, _("Rundan är stängd. Resultatet kan läsas och parterna kan rösta."))
    return redirect("frontend:assessment-round", pk)


# --- The assessor's sheet -------------------------------------------------------------------


def scale_levels(criterion: Criterion) -> list[tuple[int, str]]:
    """Each step of the 1–5 scale with its description (the criterion describes 1, 3 and 5)."""
    described = {1: criterion.level_1, 3: criterion.level_3, 5: criterion.level_5}
    return [(level, described.get(level, "")) for level in range(SCALE_MIN, SCALE_MAX + 1)]


def saved_label(moment: datetime) -> str:
    """“Sparat 14:02” today, “Sparat 3 maj 14:02” on another day."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        when = date_format(local, "H:i")
    else:
        when = date_format(local, "j F H:i")
    return _("Sparat %(when)s") % {"when": when}


@dataclass
class Cell:
    """One criterion of one item on the assessor's sheet."""

    item: RoundItem
    criterion: Criterion
    score: Score | None
    levels: list[tuple[int, str]]
    errors: list[str] = field(default_factory=list)
    saved: bool = False  # saved in this request

    @property
    def key(self) -> str:
        return f"{self.item.pk}-{self.criterion.pk}"

    @property
    def value(self) -> int | None:
        return self.score.value if self.score is not None else None

    @property
    def rationale(self) -> str:
        return self.score.rationale if self.score is not None else ""

    @property
    def saved_label(self) -> str:
        return saved_label(self.score.updated_at) if self.score is not None else ""


@dataclass
class SheetItem:
    row: SheetRow
    cells: list[Cell]
    conflict_form: ConflictForm | None = None

    @property
    def item(self) -> RoundItem:
        return self.row.item

    @property
    def missing(self) -> list[Cell]:
        return [] if self.row.recused else [c for c in self.cells if c.value is None]

    @property
    def scored(self) -> int:
        return len(self.cells) - len(self.missing)


def sheet_items(
    sheet: AssessorSheet,
    *,
    errors: dict[str, list[str]] | None = None,
    conflict_forms: dict[int, ConflictForm] | None = None,
) -> list[SheetItem]:
    errors = errors or {}
    conflict_forms = conflict_forms or {}
    criteria = [rc.criterion for rc in sheet.criteria]
    levels = {c.pk: scale_levels(c) for c in criteria}
    items = []
    for row in sheet.rows:
        cells = [
            Cell(
                item=row.item,
                criterion=c,
                score=row.scores.get(c.pk),
                levels=levels[c.pk],
                errors=errors.get(f"{row.item.pk}-{c.pk}", []),
            )
            for c in criteria
        ]
        form = conflict_forms.get(row.item.pk) or ConflictForm(prefix=f"conflict-{row.item.pk}")
        items.append(SheetItem(row=row, cells=cells, conflict_form=form))
    return items


def sheet_context(request: HtmxHttpRequest, sheet: AssessorSheet, **extra: Any) -> dict[str, Any]:
    items = extra.pop("items", None) or sheet_items(sheet)
    missing = [(entry, cell) for entry in items for cell in entry.missing]
    you = round_abilities(request.user, sheet.round)
    return {
        "round": sheet.round,
        "sheet": sheet,
        "items": items,
        "missing": missing,
        "editable": you["can_score"],
        "can_view_results": you["can_view_results"],
        "you": you,
        **extra,
    }


def _sheet_or_error(request: HtmxHttpRequest, pk: int) -> AssessorSheet | HttpResponse:
    try:
        round = round_get(viewer=request.user, pk=pk)
        return my_sheet(viewer=request.user, round=round)
    except ServiceError as exc:
        return service_error_response(request, exc)


@login_required
@require_GET
def sheet_page(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _sheet_or_error(request, pk)
    if isinstance(sheet, HttpResponse):
        return sheet
    return render(request, "assessment/sheet.html", sheet_context(request, sheet))


def entries_from_post(
    post: QueryDict, sheet: AssessorSheet, row: SheetRow
) -> tuple[list[ScoreInput], dict[str, list[str]]]:
    """The cells of one item that the form sent: `value-<criterion>` and
    `rationale-<criterion>`. A cell left out keeps what it has; an untouched empty cell is
    not saved at all."""
    entries: list[ScoreInput] = []
    errors: dict[str, list[str]] = {}
    for round_criterion in sheet.criteria:
        criterion = round_criterion.criterion
        value_key, rationale_key = f"value-{criterion.pk}", f"rationale-{criterion.pk}"
        if value_key not in post and rationale_key not in post:
            continue
        existing = row.scores.get(criterion.pk)
        raw = (post.get(value_key) or "").strip()
        rationale = post.get(rationale_key)
        if rationale is None:
            rationale = existing.rationale if existing else ""
        if not raw and not rationale.strip() and existing is None:
            continue
        value: int | None = existing.value if existing is not None else None
        if raw:
            try:
                value = int(raw)
            except ValueError:
                errors[f"{row.item.pk}-{criterion.pk}"] = [
                    _("Poängen ska vara ett heltal från %(min)d till %(max)d.")
                    % {"min": SCALE_MIN, "max": SCALE_MAX}
                ]
                continue
        entries.append(
            ScoreInput(item=row.item, criterion=criterion, value=value, rationale=rationale)
        )
    return entries, errors


def _cell_errors(exc: ValidationError, entries: list[ScoreInput]) -> dict[str, list[str]]:
    """`scores.<index>.<field>` from the service, as errors per cell ("<item>-<criterion>")."""
    errors: dict[str, list[str]] = {}
    for name, messages_ in exc.message_dict.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(entries):
            entry = entries[int(parts[1])]
            key = f"{entry.item.pk}-{entry.criterion.pk}"
        elif entries:
            key = f"{entries[0].item.pk}-{entries[0].criterion.pk}"
        else:
            continue
        errors.setdefault(key, []).extend(messages_)
    return errors


@login_required
@require_POST
def score_save_view(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    """Save one item's scores: a single cell as the assessor works (htmx autosave), or the
    whole item from its Spara button (without JavaScript)."""
    sheet = _sheet_or_error(request, pk)
    if isinstance(sheet, HttpResponse):
        return sheet
    row = next((r for r in sheet.rows if str(r.item.pk) == str(item_pk)), None)
    if row is None:
        return service_error_response(request, ServiceError(ErrorCode.NOT_FOUND))
    entries, errors = entries_from_post(request.POST, sheet, row)
    if entries and not errors:
        try:
            scores_save(actor=request.user, round=sheet.round, entries=entries)
        except ValidationError as exc:
            errors = _cell_errors(exc, entries)
        except ServiceError as exc:
            return service_error_response(request, exc)
    status = 400 if errors else 200
    fresh = my_sheet(viewer=request.user, round=sheet.round)
    items = sheet_items(fresh, errors=errors)
    keys = {f"{e.item.pk}-{e.criterion.pk}" for e in entries} | set(errors)
    if wants_partial(request):
        touched = [cell for entry in items for cell in entry.cells if cell.key in keys]
        for cell in touched:
            cell.saved = not cell.errors
        context = sheet_context(
            request,
            fresh,
            items=items,
            touched=touched,
            entry=next(e for e in items if e.item.pk == row.item.pk),
            status_text=_autosave_status(touched, saved=bool(entries) and not errors),
        )
        return render(request, "assessment/sheet.html#saved", context, status=status)
    if errors:
        context = sheet_context(request, fresh, items=items, cell_errors=True)
        return render(request, "assessment/sheet.html", context, status=status)
    messages.success(
        request, _("Din bedömning av ”%(title)s” är sparad.") % {"title": row.item.idea.title}
    )
    return redirect(f"{reverse('frontend:assessment-sheet', args=[pk])}#item-{row.item.pk}")


def _autosave_status(touched: list[Cell], *, saved: bool) -> str:
    """What the status line says after an autosave: the time, or what went wrong."""
    failed = [cell for cell in touched if cell.errors]
    if failed:
        return _("Inte sparat: se felet vid %(criterion)s.") % {
            "criterion": failed[0].criterion.name
        }
    return saved_label(timezone.now()) if saved else ""


@login_required
@require_POST
def assessment_submit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _sheet_or_error(request, pk)
    if isinstance(sheet, HttpResponse):
        return sheet
    try:
        assessment_submit(actor=request.user, round=sheet.round)
    except ValidationError as exc:
        context = sheet_context(request, sheet, submit_errors=exc.messages)
        return render(request, "assessment/sheet.html", context, status=400)
    except ServiceError as exc:
        return service_error_response(request, exc)
    messages.success(
        request,
        _("Tack! Din bedömning är inlämnad. Nu kan du se de andras poäng och resultatet."),
    )
    if permissions.can_view_results(request.user, sheet.round):
        return redirect("frontend:assessment-results", pk)
    return redirect("frontend:assessment-sheet", pk)


@login_required
@require_POST
def conflict_declare_view(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    sheet = _sheet_or_error(request, pk)
    if isinstance(sheet, HttpResponse):
        return sheet
    try:
        item = round_item_get(viewer=request.user, round=sheet.round, pk=item_pk)
    except ServiceError as exc:
        return service_error_response(request, exc)
    form = ConflictForm(request.POST, prefix=f"conflict-{item.pk}")
    if form.is_valid():
        try:
            conflict_declare(
                actor=request.user, round=sheet.round, item=item, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ServiceError as exc:
            return service_error_response(request, exc)
    fresh = my_sheet(viewer=request.user, round=sheet.round)
    status = 400 if form.errors else 200
    items = sheet_items(fresh, conflict_forms={item.pk: form} if form.errors else None)
    if wants_partial(request):
        entry = next(e for e in items if e.item.pk == item.pk)
        notice = (
            ""
            if form.errors
            else _("Du är nu jävig för ”%(title)s”. Dina poäng för bidraget är borttagna.")
            % {"title": item.idea.title}
        )
        context = sheet_context(request, fresh, items=items, entry=entry, notice=notice)
        return render(request, "assessment/sheet.html#item", context, status=status)
    if form.errors:
        return render(
            request, "assessment/sheet.html", sheet_context(request, fresh, items=items), status=400
        )
    messages.success(
        request,
        _("Du är nu jävig för ”%(title)s”. Dina poäng för bidraget är borttagna.")
        % {"title": item.idea.title},
    )
    return redirect(f"{reverse('frontend:assessment-sheet', args=[pk])}#item-{item.pk}")


# --- Results ----------------------------------------------------------------------------------

# The portfolio matrix: a 1–5 scale on both axes, with half a step of room at each end.
MATRIX_WIDTH, MATRIX_HEIGHT = 440, 410
MATRIX_LEFT, MATRIX_RIGHT, MATRIX_TOP, MATRIX_BOTTOM = 66, 14, 14, 66
BUBBLE_MIN, BUBBLE_MAX = 6.0, 22.0


def _svg(value: float) -> str:
    """A coordinate for an SVG attribute: never localised (no decimal comma)."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class MatrixBubble:
    result: ItemResult
    x: float
    y: float
    size: float | None
    cx: str
    cy: str
    r: str
    label_y: str


@dataclass(frozen=True)
class Tick:
    level: int
    at: str  # the grid line's position on its axis
    label_x: str
    label_y: str


@dataclass(frozen=True)
class MatrixChart:
    width: int
    height: int
    left: str
    top: str
    right: str
    bottom: str
    plot_width: str
    plot_height: str
    ticks_x: list[Tick]
    ticks_y: list[Tick]
    mid_x: str
    mid_y: str
    bubbles: list[MatrixBubble]
    unplotted: list[ItemResult]
    x_label: tuple[str, str]
    y_label: tuple[str, str]


def bubble_radius(size: float | None) -> float:
    """Partnership potential as a radius: the bubble's area grows with the value (what the
    eye compares); without a value, a small hollow bubble."""
    if size is None:
        return BUBBLE_MIN * 0.75
    share = max(0.0, min(1.0, (size - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)))
    return BUBBLE_MIN + (BUBBLE_MAX - BUBBLE_MIN) * math.sqrt(share)


def matrix_chart(matrix: PortfolioMatrix, results: list[ItemResult]) -> MatrixChart:
    """Screen coordinates for the portfolio matrix (citizen value on x, innovation level on
    y, partnership potential as the bubble's size)."""
    plot_w = MATRIX_WIDTH - MATRIX_LEFT - MATRIX_RIGHT
    plot_h = MATRIX_HEIGHT - MATRIX_TOP - MATRIX_BOTTOM
    low, high = SCALE_MIN - 0.5, SCALE_MAX + 0.5
    bottom = MATRIX_TOP + plot_h

    def sx(value: float) -> float:
        return MATRIX_LEFT + (value - low) / (high - low) * plot_w

    def sy(value: float) -> float:
        return MATRIX_TOP + (high - value) / (high - low) * plot_h

    by_item = {r.item.id: r for r in results}
    bubbles, unplotted = [], []
    for point in matrix.points:
        result = by_item[point.item.id]
        if point.x is None or point.y is None:
            unplotted.append(result)
            continue
        bubbles.append(
            MatrixBubble(
                result=result,
                x=point.x,
                y=point.y,
                size=point.size,
                cx=_svg(sx(point.x)),
                cy=_svg(sy(point.y)),
                r=_svg(bubble_radius(point.size)),
                label_y=_svg(sy(point.y) + 4),
            )
        )
    # Big bubbles first, so that small ones stay visible on top of them.
    bubbles.sort(key=lambda b: -(b.size or 0))
    levels = range(SCALE_MIN, SCALE_MAX + 1)
    middle = (SCALE_MIN + SCALE_MAX) / 2
    return MatrixChart(
        width=MATRIX_WIDTH,
        height=MATRIX_HEIGHT,
        left=_svg(MATRIX_LEFT),
        top=_svg(MATRIX_TOP),
        right=_svg(MATRIX_LEFT + plot_w),
        bottom=_svg(bottom),
        plot_width=_svg(plot_w),
        plot_height=_svg(plot_h),
        ticks_x=[
            Tick(level, _svg(sx(level)), _svg(sx(level)), _svg(bottom + 20)) for level in levels
        ],
        ticks_y=[
            Tick(level, _svg(sy(level)), _svg(MATRIX_LEFT - 10), _svg(sy(level) + 5))
            for level in levels
        ],
        mid_x=_svg(sx(middle)),
        mid_y=_svg(sy(middle)),
        bubbles=bubbles,
        unplotted=unplotted,
        x_label=(_svg(MATRIX_LEFT + plot_w / 2), _svg(MATRIX_HEIGHT - 16)),
        # Drawn rotated by -90°: x runs along the (upward) y axis, y across.
        y_label=(_svg(-(MATRIX_TOP + plot_h / 2)), "22"),
    )


# Per-item profile: one horizontal bar per criterion, a whisker from lowest to highest.
PROFILE_WIDTH, PROFILE_LABEL, PROFILE_ROW, PROFILE_TOP, PROFILE_BAR = 340, 168, 30, 6, 14
PROFILE_SCALE = (PROFILE_WIDTH - PROFILE_LABEL - 14) / SCALE_MAX


@dataclass(frozen=True)
class ProfileBar:
    name: str
    mean: float | None
    low: int | None
    high: int | None
    y: str
    text_y: str
    mid_y: str
    cap_top: str
    cap_bottom: str
    width: str
    low_x: str
    high_x: str


@dataclass(frozen=True)
class ProfileChart:
    profile: ItemProfile
    width: int
    height: int
    bars: list[ProfileBar]
    ticks: list[Tick]
    axis_y: str
    bar_x: str
    bar_height: int


def profile_chart(profile: ItemProfile) -> ProfileChart:
    def px(value: float) -> float:
        return PROFILE_LABEL + value * PROFILE_SCALE

    bars = []
    for index, axis in enumerate(profile.axes):
        top = PROFILE_TOP + index * PROFILE_ROW + (PROFILE_ROW - PROFILE_BAR) / 2
        middle = top + PROFILE_BAR / 2
        bars.append(
            ProfileBar(
                name=axis.criterion.name,
                mean=axis.mean,
                low=axis.min,
                high=axis.max,
                y=_svg(top),
                text_y=_svg(middle + 5),
                mid_y=_svg(middle),
                cap_top=_svg(middle - 5),
                cap_bottom=_svg(middle + 5),
                width=_svg((axis.mean or 0) * PROFILE_SCALE),
                low_x=_svg(px(axis.min or 0)),
                high_x=_svg(px(axis.max or 0)),
            )
        )
    axis_y = PROFILE_TOP + len(bars) * PROFILE_ROW
    return ProfileChart(
        profile=profile,
        width=PROFILE_WIDTH,
        height=axis_y + 22,
        bars=bars,
        ticks=[
            Tick(level, _svg(px(level)), _svg(px(level)), _svg(axis_y + 16))
            for level in range(0, SCALE_MAX + 1)
        ],
        axis_y=_svg(axis_y),
        bar_x=_svg(PROFILE_LABEL),
        bar_height=PROFILE_BAR,
    )


def results_context(request: HtmxHttpRequest, data: RoundResults) -> dict[str, Any]:
    items = data.results.items
    profiles = {p.item.id: profile_chart(p) for p in data.profiles}
    return {
        "round": data.round,
        "data": data,
        "criteria": data.results.criteria,
        "items": [(result, profiles[result.item.id]) for result in items],
        "matrix": data.matrix,
        "chart": matrix_chart(data.matrix, items),
        "disagreements": sum(1 for r in items if r.disagreement),
        "you": round_abilities(request.user, data.round),
    }


def _results_or_error(request: HtmxHttpRequest, pk: int) -> RoundResults | HttpResponse:
    try:
        round = round_get(viewer=request.user, pk=pk)
        return round_results(viewer=request.user, round=round)
    except ServiceError as exc:
        return service_error_response(request, exc)


@login_required
@require_GET
def results_page(request: AuthedRequest, pk: int) -> HttpResponse:
    data = _results_or_error(request, pk)
    if isinstance(data, HttpResponse):
        return data
    return render(request, "assessment/results.html", results_context(request, data))


@login_required
@require_GET
def results_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The results as a file, under the same rule as the page (the exports read only what
    `round_results` returns)."""
    if fmt not in EXPORTS:
        return service_error_response(request, ServiceError(ErrorCode.NOT_FOUND))
    data = _results_or_error(request, pk)
    if isinstance(data, HttpResponse):
        return data
    content_type, render_file = EXPORTS[fmt]
    response = HttpResponse(render_file(data), content_type=content_type)
    filename = f"bedomningsrunda-{data.round.pk}-resultat.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def scores_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every counted score with its rationale, per item: for the calibration meeting."""
    try:
        round = round_get(viewer=request.user, pk=pk)
        scores = list(round_scores(viewer=request.user, round=round))
    except ServiceError as exc:
        return service_error_response(request, exc)
    groups: list[tuple[RoundItem, list[Score]]] = []
    for score in scores:
        if not groups or groups[-1][0].pk != score.item_id:
            groups.append((score.item, []))
        groups[-1][1].append(score)
    context = {"round": round, "groups": groups, "you": round_abilities(request.user, round)}
    return render(request, "assessment/scores.html", context)


# --- Votes and decisions ----------------------------------------------------------------------


def _decisions_or_error(request: HtmxHttpRequest, pk: int) -> tuple[Any, Any] | HttpResponse:
    try:
        round = round_detail(viewer=request.user, pk=pk)
        return round, round_decisions(viewer=request.user, round=round)
    except ServiceError as exc:
        return service_error_response(request, exc)


@login_required
@require_GET
def decisions_page(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _decisions_or_error(request, pk)
    if isinstance(found, HttpResponse):
        return found
    round, rows = found
    context = {
        "round": round,
        "rows": rows,
        "you": round_abilities(request.user, round),
        "decided": sum(1 for row in rows if row.decision is not None),
    }
    return render(request, "assessment/decisions.html", context)


def _my_seat(user: Any, round: AssessmentRound) -> Any:
    return next((seat for seat in round.assessors.all() if seat.user_id == user.pk), None)


def render_item_decision(
    request: HtmxHttpRequest,
    round: AssessmentRound,
    row: ItemVotes,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    user = request.user
    you = round_abilities(user, round)
    seat = _my_seat(user, round)
    recused = False
    if seat is not None and you["can_view_progress"]:
        recused = any(
            c.assessor_id == seat.pk
            for c in conflict_list(viewer=user, round=round).filter(item=row.item)
        )
    party_vote = (
        next((v for v in row.votes if seat is not None and v.party_id == seat.party_id), None)
        if seat is not None
        else None
    )
    result = None
    if you["can_view_results"]:
        data = round_results(viewer=user, round=round)
        result = next((r for r in data.results.items if r.item.id == row.item.pk), None)
    idea = row.item.idea
    initiative = getattr(idea, "portfolio_initiative", None)
    parties = {seat.party_id: seat.party for seat in round.assessors.all()}
    votes = {vote.party_id: vote for vote in row.votes}
    party_rows = [
        (party, votes.get(party_id), party_id in row.recused_parties)
        for party_id, party in sorted(parties.items(), key=lambda p: p[1].name)
    ]
    outcome = row.tally.outcome
    context: dict[str, Any] = {
        "party_rows": party_rows,
        "outcome_label": VoteChoice(outcome).label if outcome else "",
        "round": round,
        "row": row,
        "item": row.item,
        "you": you,
        "seat": seat,
        "recused": recused,
        "party_vote": party_vote,
        "result": result,
        "can_vote_here": (
            you["can_vote"] and not recused and party_vote is None and row.decision is None
        ),
        "can_decide_here": you["can_record_decision"] and row.decision is None,
        "initiative": initiative,
        "can_add_initiative": (
            row.decision is not None
            and row.decision.outcome == VoteChoice.PROMOTE
            and initiative is None
            and bool(portfolio_permissions.can_manage_portfolio(user))
        ),
        "vote_form": extra.pop("vote_form", None) or VoteForm(prefix="vote"),
        "decision_form": extra.pop("decision_form", None) or DecisionForm(prefix="decision"),
        "initiative_form": extra.pop("initiative_form", None)
        or InitiativeForm(prefix="initiative"),
        **extra,
    }
    return render(request, "assessment/item_decision.html", context, status=status)


def _item_votes(
    request: HtmxHttpRequest, pk: int, item_pk: int
) -> tuple[AssessmentRound, ItemVotes] | HttpResponse:
    found = _decisions_or_error(request, pk)
    if isinstance(found, HttpResponse):
        return found
    round, rows = found
    row = next((r for r in rows if str(r.item.pk) == str(item_pk)), None)
    if row is None:
        return service_error_response(request, ServiceError(ErrorCode.NOT_FOUND))
    return round, row


@login_required
@require_GET
def item_decision_page(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    found = _item_votes(request, pk, item_pk)
    if isinstance(found, HttpResponse):
        return found
    return render_item_decision(request, *found)


def refusal_text(exc: ServiceError) -> str:
    """A refusal in words, with the counts `votes_missing` carries."""
    text = exc.message
    if isinstance(exc, AssessmentError) and exc.reason == Reason.VOTES_MISSING:
        needed = int(exc.detail.get("votes_needed", 0))
        text += " " + ngettext(
            "%(cast)s av %(eligible)s parter har röstat; minst %(needed)s röst till behövs.",
            "%(cast)s av %(eligible)s parter har röstat; minst %(needed)s röster till behövs.",
            needed,
        ) % {
            "cast": exc.detail.get("votes_cast", 0),
            "eligible": exc.detail.get("eligible_parties", 0),
            "needed": needed,
        }
    return text


def _item_url(pk: int, item_pk: int) -> str:
    return reverse("frontend:assessment-item", args=[pk, item_pk])


def _in_place(
    request: HtmxHttpRequest, pk: int, item_pk: int, exc: ServiceError, **forms: Any
) -> HttpResponse:
    """A refusal shown where the person acted, on the item's page; NOT_FOUND stays a 404."""
    if exc.code == ErrorCode.NOT_FOUND:
        return service_error_response(request, exc)
    found = _item_votes(request, pk, item_pk)
    if isinstance(found, HttpResponse):
        return found
    return render_item_decision(
        request, *found, status=exc.http_status, refusal=refusal_text(exc), **forms
    )


@login_required
@require_POST
def vote_view(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    try:
        round = round_get(viewer=request.user, pk=pk)
        item = round_item_get(viewer=request.user, round=round, pk=item_pk)
    except ServiceError as exc:
        return service_error_response(request, exc)
    form = VoteForm(request.POST, prefix="vote")
    if form.is_valid():
        try:
            vote_cast(
                actor=request.user,
                item=item,
                choice=form.cleaned_data["choice"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ServiceError as exc:
            return _in_place(request, pk, item_pk, exc, vote_form=form)
        else:
            label = VoteChoice(form.cleaned_data["choice"]).label
            messages.success(request, _("Din parts röst är lagd: %(choice)s.") % {"choice": label})
            return redirect(_item_url(pk, item.pk))
    found = _item_votes(request, pk, item_pk)
    if isinstance(found, HttpResponse):
        return found
    return render_item_decision(request, *found, status=400, vote_form=form)


@login_required
@require_POST
def decision_view(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    try:
        round = round_get(viewer=request.user, pk=pk)
        item = round_item_get(viewer=request.user, round=round, pk=item_pk)
    except ServiceError as exc:
        return service_error_response(request, exc)
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            decision = decision_record(
                actor=request.user, item=item, rationale=form.cleaned_data["rationale"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ServiceError as exc:
            return _in_place(request, pk, item_pk, exc, decision_form=form)
        else:
            messages.success(
                request,
                _("Beslutet är fattat: %(outcome)s. Författaren har fått en notis.")
                % {"outcome": decision.get_outcome_display()},
            )
            return redirect(_item_url(pk, item.pk))
    found = _item_votes(request, pk, item_pk)
    if isinstance(found, HttpResponse):
        return found
    return render_item_decision(request, *found, status=400, decision_form=form)


@login_required
@require_POST
def initiative_create_view(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    """Add a promoted submission to its focus area's portfolio."""
    try:
        round = round_get(viewer=request.user, pk=pk)
        item = round_item_get(viewer=request.user, round=round, pk=item_pk)
    except ServiceError as exc:
        return service_error_response(request, exc)
    form = InitiativeForm(request.POST, prefix="initiative")
    if form.is_valid():
        try:
            initiative = initiative_create(actor=request.user, idea=item.idea, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ServiceError as exc:
            return _in_place(request, pk, item_pk, exc, initiative_form=form)
        else:
            messages.success(
                request,
                _("”%(title)s” finns nu i portföljen. Initiativägaren har fått en notis.")
                % {"title": initiative.title},
            )
            return redirect("frontend:initiative-detail", initiative.pk)
    found = _item_votes(request, pk, item_pk)
    if isinstance(found, HttpResponse):
        return found
    return render_item_decision(request, *found, status=400, initiative_form=form)


@require_GET
def idea_decision_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The decision on a submission and its rationale: for the author (and those who follow
    the round)."""
    try:
        decision = decision_for_idea(viewer=request.user, idea_id=pk)
    except ServiceError as exc:
        # No recorded decision (or not one for this viewer): the submission's own page, if
        # they may see it, tells its history.
        try:
            idea = idea_get(viewer=request.user, pk=pk)
        except ServiceError:
            return service_error_response(request, exc)
        messages.info(request, _("Det finns inget protokollfört beslut från Core Team att visa."))
        return redirect(idea)
    idea = decision.item.idea
    context = {
        "decision": decision,
        "idea": idea,
        "initiative": getattr(idea, "portfolio_initiative", None),
        "decided_on": date_format(timezone.localtime(decision.decided_at), "j F Y"),
    }
    return render(request, "assessment/idea_decision.html", context)
