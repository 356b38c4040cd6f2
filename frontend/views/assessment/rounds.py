"""Pages for rounds: the list, setting one up (a draft, opened from its page or at once),
its page with the assessors' progress, and opening and closing it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment import permissions
from assessment.models import AssessmentRound, RoundStatus
from assessment.selectors import conflict_list, round_detail, round_get, round_list, round_progress
from assessment.services import round_close, round_create, round_open, round_update
from common.errors import ErrorCode, ServiceError
from common.ids import parse_id
from frontend.forms.assessment import RoundForm
from frontend.views.assessment.common import round_abilities
from frontend.views.common import (
    AuthedRequest,
    HtmxHttpRequest,
    add_service_errors,
    form_errors,
    render_page,
)


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
            # Said first: the draft is safe, only the opening waits for what is missing.
            form.add_error(None, _("Utkastet är sparat, men rundan är inte öppnad."))
            add_service_errors(form, exc)
            return _round_form_response(request, form, round, status=400)
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
        raise ServiceError(ErrorCode.FORBIDDEN)
    if request.method != "POST":
        form = RoundForm(viewer=request.user, initial={"deadline": default_deadline()})
        return _round_form_response(request, form, None)
    form = RoundForm(request.POST, viewer=request.user)
    if not form.is_valid():
        return _round_form_response(request, form, None, status=400)
    with form_errors(form) as outcome:
        round = round_create(actor=request.user, data=form.to_input())
    if not outcome.ok:
        return _round_form_response(request, form, None, status=outcome.status)
    return _round_saved(request, form, round)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit_page(request: AuthedRequest, pk: int) -> HttpResponse:
    round = round_detail(viewer=request.user, pk=pk)
    if not permissions.can_edit_round(request.user, round):
        if round.status != RoundStatus.DRAFT and permissions.can_run_rounds(request.user):
            messages.info(request, _("Rundan är öppnad och kan inte längre ändras."))
            return redirect("frontend:assessment-round", round.pk)
        raise ServiceError(ErrorCode.FORBIDDEN)
    if request.method != "POST":
        form = RoundForm(viewer=request.user, initial=RoundForm.initial_for(round))
        return _round_form_response(request, form, round)
    form = RoundForm(request.POST, viewer=request.user)
    if not form.is_valid():
        return _round_form_response(request, form, round, status=400)
    with form_errors(form) as outcome:
        round = round_update(actor=request.user, round=round, data=form.to_input())
    if not outcome.ok:
        return _round_form_response(request, form, round, status=outcome.status)
    return _round_saved(request, form, round)


@login_required
@require_GET
def idea_options(request: AuthedRequest) -> HttpResponse:
    """The submissions fieldset for the chosen focus area (htmx, when the focus area changes)."""
    if not permissions.can_create_round(request.user):
        raise ServiceError(ErrorCode.FORBIDDEN)
    ideas = [pk for value in request.GET.getlist("ideas") if (pk := parse_id(value)) is not None]
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
    return render_round(request, round_detail(viewer=request.user, pk=pk))


@login_required
@require_POST
def round_open_view(request: AuthedRequest, pk: int) -> HttpResponse:
    round = round_get(viewer=request.user, pk=pk)
    try:
        round_open(actor=request.user, round=round)
    except ValidationError as exc:
        # What is missing before the round can open, on the round's own page.
        round = round_detail(viewer=request.user, pk=pk)
        return render_round(request, round, status=400, open_errors=exc.messages)
    messages.success(request, _("Rundan är öppnad. Bedömarna har fått en notis."))
    return redirect("frontend:assessment-round", pk)


@login_required
@require_POST
def round_close_view(request: AuthedRequest, pk: int) -> HttpResponse:
    round_close(actor=request.user, round=round_get(viewer=request.user, pk=pk))
    messages.success(request, _("Rundan är stängd. Resultatet kan läsas och parterna kan rösta."))
    return redirect("frontend:assessment-round", pk)
