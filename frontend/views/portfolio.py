"""Pages for the portfolios: the overview (per focus area and across both), one initiative
with its status reports, and the governing board's report.

Portfolios are public; status reports are for those who steer and follow
(`portfolio.permissions`). Reads through `portfolio.selectors`, changes through
`portfolio.services`; a refusal propagates to the error middleware, bad input goes back onto
the form (`form_errors`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.errors import ErrorCode, ServiceError
from frontend.forms.assessment import StageForm, StatusReportForm
from frontend.views.common import AuthedRequest, HtmxHttpRequest, form_errors
from hub.selectors import focus_area_list
from portfolio import permissions
from portfolio.models import LifecycleStage, PortfolioInitiative, TrafficLight
from portfolio.selectors import (
    governing_board_report,
    initiative_get,
    portfolio_overview,
    status_report_list,
)
from portfolio.services import InitiativeInput, initiative_update, status_report_create

STAGES = list(LifecycleStage)
LIGHTS = list(TrafficLight)


@require_GET
def portfolio_page(request: HtmxHttpRequest, slug: str | None = None) -> HttpResponse:
    areas = list(focus_area_list())
    area = None
    if slug is not None:
        area = next((a for a in areas if a.slug == slug), None)
        if area is None:
            raise ServiceError(ErrorCode.NOT_FOUND)
    overview = portfolio_overview(viewer=request.user, focus_area=area)
    context = {
        "overview": overview,
        "areas": areas,
        "area": area,
        "stages": STAGES,
        "can_follow": overview.shows_status,
    }
    return render(request, "portfolio/overview.html", context)


def render_initiative(
    request: HtmxHttpRequest,
    initiative: PortfolioInitiative,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    user = request.user
    can_view_reports = bool(permissions.can_view_status_reports(user, initiative))
    reports = (
        list(status_report_list(viewer=user, initiative=initiative)) if can_view_reports else []
    )
    can_set_stage = bool(permissions.can_set_stage(user, initiative))
    context: dict[str, Any] = {
        "initiative": initiative,
        "stages": STAGES,
        "stage_index": [s.value for s in STAGES].index(initiative.stage),
        "reports": reports,
        "can_view_reports": can_view_reports,
        "can_report": bool(permissions.can_report_status(user, initiative)),
        "can_set_stage": can_set_stage,
        "report_form": extra.pop("report_form", None) or StatusReportForm(prefix="report"),
        "stage_form": extra.pop("stage_form", None)
        or StageForm(
            prefix="stage",
            initial={"stage": initiative.stage, "leveraged_funding": initiative.leveraged_funding},
        ),
        **extra,
    }
    return render(request, "portfolio/initiative.html", context, status=status)


@require_GET
def initiative_detail_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return render_initiative(request, initiative_get(viewer=request.user, pk=pk))


@login_required
@require_POST
def status_report_view(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = initiative_get(viewer=request.user, pk=pk)
    if not permissions.can_report_status(request.user, initiative):
        raise ServiceError(ErrorCode.FORBIDDEN)
    form = StatusReportForm(request.POST, prefix="report")
    if form.is_valid():
        with form_errors(form) as outcome:
            status_report_create(
                actor=request.user,
                initiative=initiative,
                light=form.cleaned_data["light"],
                note=form.cleaned_data["note"],
                reported_on=form.cleaned_data["reported_on"],
            )
        if outcome.ok:
            messages.success(request, _("Lägesrapporten är sparad."))
            return redirect(f"{reverse('frontend:initiative-detail', args=[pk])}#reports")
    return render_initiative(request, initiative, status=400, report_form=form)


@login_required
@require_POST
def initiative_stage_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move the lifecycle stage and report leveraged funding (owner, process lead,
    facilitators and administrators)."""
    initiative = initiative_get(viewer=request.user, pk=pk)
    if not permissions.can_set_stage(request.user, initiative):
        raise ServiceError(ErrorCode.FORBIDDEN)
    form = StageForm(request.POST, prefix="stage")
    if form.is_valid():
        data = InitiativeInput(
            owner=initiative.owner,
            initiative_type=initiative.initiative_type,
            title=initiative.title,
            summary=initiative.summary,
            process_lead=initiative.process_lead,
            goals=list(initiative.goals.all()),
            stage=form.cleaned_data["stage"],
            seed_funding_requested=initiative.seed_funding_requested,
            seed_funding_granted=initiative.seed_funding_granted,
            leveraged_funding=form.cleaned_data["leveraged_funding"],
        )
        with form_errors(form) as outcome:
            initiative_update(actor=request.user, initiative=initiative, data=data)
        if outcome.ok:
            messages.success(request, _("Initiativet är uppdaterat."))
            return redirect("frontend:initiative-detail", pk)
    return render_initiative(request, initiative, status=400, stage_form=form)


@login_required
@require_GET
def governing_board_report_page(request: AuthedRequest) -> HttpResponse:
    report = governing_board_report(viewer=request.user)
    totals = [(light, report.totals.get(light.value, 0)) for light in LIGHTS]
    context = {
        "report": report,
        "totals": totals,
        "unreported": report.totals.get("none", 0),
        "count": sum(report.totals.values()),
    }
    return render(request, "portfolio/board_report.html", context)
