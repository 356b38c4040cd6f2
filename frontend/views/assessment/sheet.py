"""The assessor's own sheet: every item on every criterion, saved as they work (htmx
autosave, one cell at a time, or one item from its button without JavaScript), conflicts of
interest declared from the item, and the assessment handed in once complete."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
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
from django.views.decorators.http import require_GET, require_POST

from assessment import permissions
from assessment.models import SCALE_MAX, SCALE_MIN, Criterion, RoundItem, Score
from assessment.selectors import AssessorSheet, SheetRow, my_sheet, round_get, round_item_get
from assessment.services import ScoreInput, assessment_submit, conflict_declare, scores_save
from common.errors import ErrorCode, ServiceError
from frontend.forms.assessment import ConflictForm
from frontend.localized import stored_label
from frontend.views.assessment.common import round_abilities
from frontend.views.common import AuthedRequest, HtmxHttpRequest, form_errors, wants_partial


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


def _my_sheet(request: HtmxHttpRequest, pk: int) -> AssessorSheet:
    return my_sheet(viewer=request.user, round=round_get(viewer=request.user, pk=pk))


@login_required
@require_GET
def sheet_page(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _my_sheet(request, pk)
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
    sheet = _my_sheet(request, pk)
    row = next((r for r in sheet.rows if str(r.item.pk) == str(item_pk)), None)
    if row is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    entries, errors = entries_from_post(request.POST, sheet, row)
    if entries and not errors:
        try:
            scores_save(actor=request.user, round=sheet.round, entries=entries)
        except ValidationError as exc:
            # Not a form: each message goes to the cell it is about.
            errors = _cell_errors(exc, entries)
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
            "criterion": stored_label(failed[0].criterion)
        }
    return saved_label(timezone.now()) if saved else ""


@login_required
@require_POST
def assessment_submit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _my_sheet(request, pk)
    try:
        assessment_submit(actor=request.user, round=sheet.round)
    except ValidationError as exc:
        # What is still missing, above the sheet.
        context = sheet_context(request, sheet, submit_errors=exc.messages)
        return render(request, "assessment/sheet.html", context, status=400)
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
    sheet = _my_sheet(request, pk)
    item = round_item_get(viewer=request.user, round=sheet.round, pk=item_pk)
    form = ConflictForm(request.POST, prefix=f"conflict-{item.pk}")
    if form.is_valid():
        with form_errors(form):
            conflict_declare(
                actor=request.user, round=sheet.round, item=item, reason=form.cleaned_data["reason"]
            )
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
