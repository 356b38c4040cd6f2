"""Feedback pages: answering (people and guests), setting it up with its own questions, the
link and its QR code, the results of an event and across a forum series or a year, and
their CSV files.

Reads go through `feedback.selectors`, changes through `feedback.services`; who may do what
is in `feedback.permissions`. A guest's proof lives in their session: the event's link (and
the browser key it gives), or the guest pass of one of the event's boards.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards.consumers import GUEST_SESSION_KEY
from boards.selectors import event_board_guest
from common.errors import ErrorCode, ServiceError
from common.http import client_ip
from common.qr import qr_svg
from events.calendar import absolute_url
from events.models import Event
from events.selectors import event_get, forum_series_get
from feedback import participation, permissions
from feedback.exports import feedback_csv, overview_csv
from feedback.links import event_link_token
from feedback.selectors import (
    feedback_form_of,
    feedback_overview,
    feedback_results,
    feedback_state,
    question_get,
)
from feedback.services import (
    Respondent,
    answer_refusal,
    feedback_form_set,
    link_holder,
    new_browser_key,
    question_add,
    question_remove,
    respondent_or_none,
    response_submit,
)
from frontend.forms.feedback import FeedbackAnswerForm, FeedbackSetupForm, QuestionForm
from frontend.views.common import AuthedRequest, HtmxHttpRequest, form_errors, render_page

LINKS_KEY = "feedback_links"  # session: {event id: link token}
BROWSERS_KEY = "feedback_browsers"  # session: {event id: this browser's key}
# Refusals said on the answer form, beside what the person filled in.
ON_FORM = (
    ErrorCode.CONFLICT,
    ErrorCode.INVALID_TRANSITION,
    ErrorCode.FORBIDDEN,
    ErrorCode.RATE_LIMITED,
)


def _require(allowed: object) -> None:
    if not allowed:
        raise ServiceError(ErrorCode.FORBIDDEN)


def event_link_path(event: Event) -> str:
    url = reverse("frontend:feedback-answer", args=[event.pk])
    return f"{url}?t={event_link_token(event.pk)}"


def event_link(event: Event) -> str:
    """The event's feedback link, as its QR code holds it (and people read it)."""
    return absolute_url(event_link_path(event))


def may_share_link(request: HtmxHttpRequest, event: Event) -> bool:
    """Who sees the event's link and QR code: those who run it (to show it on the screen),
    and those who took part (to pass it on to the others in the room)."""
    user = request.user
    if permissions.can_manage_feedback(user, event):
        return True
    if user.is_authenticated:
        return participation.took_part(event, user)
    return (
        event_board_guest(event=event, guest_passes=request.session.get(GUEST_SESSION_KEY))
        is not None
    )


def board_feedback(board: Any) -> dict[str, Any]:
    """The feedback link and QR code a board in an event shows to everyone on it (they took
    part), while the event's feedback is open or about to open."""
    event = board.event
    form = feedback_form_of(event=event) if event is not None else None
    if event is None or form is None or feedback_state(form) == "closed":
        return {"board_feedback_event": None}
    return {
        "board_feedback_event": event,
        "board_feedback_link": event_link(event),
        "board_feedback_path": event_link_path(event),
    }


def respondent_of(request: HtmxHttpRequest, event: Event) -> Respondent | None:
    """Who this request answers as, from the account or the proofs in the session."""
    key = str(event.pk)
    return respondent_or_none(
        event=event,
        user=request.user,
        token=request.session.get(LINKS_KEY, {}).get(key, ""),
        browser_key=request.session.get(BROWSERS_KEY, {}).get(key, ""),
        board_guest_id=event_board_guest(
            event=event, guest_passes=request.session.get(GUEST_SESSION_KEY)
        ),
    )


def _keep_link(request: HtmxHttpRequest, event: Event, token: str) -> None:
    """Remember a valid link in the session (and give the browser its key for the event's
    link); an invalid one is refused with the error page."""
    holder = link_holder(event=event, token=token)
    key = str(event.pk)
    links = dict(request.session.get(LINKS_KEY, {}))
    links[key] = token
    request.session[LINKS_KEY] = links
    if holder == "":
        browsers = dict(request.session.get(BROWSERS_KEY, {}))
        browsers.setdefault(key, new_browser_key())
        request.session[BROWSERS_KEY] = browsers


def _answer_page(
    request: HtmxHttpRequest, event: Event, form: FeedbackAnswerForm | None, *, status: int = 200
) -> HttpResponse:
    feedback = feedback_form_of(event=event)
    respondent = respondent_of(request, event)
    refusal = answer_refusal(form=feedback, respondent=respondent) if feedback else None
    if feedback is not None and form is None and refusal is None:
        form = FeedbackAnswerForm(feedback_form=feedback)
    context = {
        "event": event,
        "feedback": feedback,
        "state": feedback_state(feedback),
        "refusal": refusal,
        "answer_form": form if refusal is None or status != 200 else None,
    }
    return render_page(request, "feedback/answer.html", context, status=status)


@require_http_methods(["GET", "POST"])
def feedback_answer_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The feedback form of an event. `?t=` (the QR code's link) is kept in the session and
    taken out of the address."""
    event = event_get(pk=pk)
    token = request.GET.get("t", "")
    if request.method == "GET" and token:
        _keep_link(request, event, token)
        return redirect("frontend:feedback-answer", pk=pk)
    if request.method != "POST":
        return _answer_page(request, event, None)
    feedback = feedback_form_of(event=event)
    if feedback is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    form = FeedbackAnswerForm(request.POST, feedback_form=feedback)
    if not form.is_valid():
        return _answer_page(request, event, form, status=400)
    respondent = respondent_of(request, event) or Respondent()
    with form_errors(form, on_form=ON_FORM) as outcome:
        response_submit(
            event=event, respondent=respondent, data=form.to_input(), client_key=client_ip(request)
        )
    if outcome.ok:
        messages.success(request, _("Tack för ditt svar!"))
        return redirect(event)
    return _answer_page(request, event, form, status=outcome.status)


# --- Setting it up ------------------------------------------------------------------------------


def _setup_page(
    request: AuthedRequest,
    event: Event,
    *,
    setup_form: FeedbackSetupForm | None = None,
    question_form: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    feedback = feedback_form_of(event=event)
    context = {
        "event": event,
        "feedback": feedback,
        "state": feedback_state(feedback),
        "setup_form": setup_form
        or FeedbackSetupForm(initial=FeedbackSetupForm.initial_for(feedback, event)),
        "question_form": question_form or QuestionForm(),
        "link": event_link(event) if feedback else "",
        "link_path": event_link_path(event) if feedback else "",
    }
    return render_page(request, "feedback/setup.html", context, status=status)


def _managed_event(request: AuthedRequest, pk: int) -> Event:
    event = event_get(pk=pk)
    _require(permissions.can_manage_feedback(request.user, event))
    return event


@login_required
@require_http_methods(["GET", "POST"])
def feedback_setup_page(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    if request.method != "POST":
        return _setup_page(request, event)
    form = FeedbackSetupForm(request.POST)
    if form.is_valid():
        with form_errors(form) as outcome:
            feedback_form_set(actor=request.user, event=event, data=form.to_input())
        if outcome.ok:
            messages.success(request, _("Utvärderingen är sparad."))
            return redirect("frontend:feedback-setup", pk=pk)
    return _setup_page(request, event, setup_form=form, status=400)


@login_required
@require_POST
def feedback_question_add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    feedback = feedback_form_of(event=event)
    if feedback is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    form = QuestionForm(request.POST)
    if form.is_valid():
        with form_errors(form, on_form=(ErrorCode.CONFLICT,)) as outcome:
            question_add(actor=request.user, form=feedback, data=form.to_input())
        if outcome.ok:
            messages.success(request, _("Frågan är tillagd."))
            return redirect(f"{reverse('frontend:feedback-setup', args=[pk])}#questions-heading")
    return _setup_page(request, event, question_form=form, status=400)


@login_required
@require_POST
def feedback_question_remove_view(
    request: AuthedRequest, pk: int, question_pk: int
) -> HttpResponse:
    event = _managed_event(request, pk)
    question = question_get(event=event, pk=question_pk)
    question_remove(actor=request.user, question=question)
    messages.success(request, _("Frågan är borttagen."))
    return redirect(f"{reverse('frontend:feedback-setup', args=[pk])}#questions-heading")


@require_GET
def feedback_qr(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The event's link as a QR code (SVG, made on the server) for those who may share it."""
    event = event_get(pk=pk)
    _require(may_share_link(request, event))
    _require(feedback_form_of(event=event) is not None)
    title = _("QR-kod till utvärderingen av %(title)s") % {"title": event.title}
    response = HttpResponse(qr_svg(event_link(event), title=title), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Results ------------------------------------------------------------------------------------


@login_required
@require_GET
def feedback_results_page(request: AuthedRequest, pk: int) -> HttpResponse:
    event = event_get(pk=pk)
    results = feedback_results(event=event, viewer=request.user)
    if results is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    context = {
        "event": event,
        "results": results,
        "can_manage": bool(permissions.can_manage_feedback(request.user, event)),
    }
    return render_page(request, "feedback/results.html", context)


def _csv(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def feedback_export(request: AuthedRequest, pk: int) -> HttpResponse:
    event = event_get(pk=pk)
    return _csv(feedback_csv(event=event, viewer=request.user), f"utvardering-{event.pk}.csv")


def _overview_page(request: AuthedRequest, overview: Any, context: dict[str, Any]) -> HttpResponse:
    context = {
        **context,
        "overview": overview,
        "can_export": bool(permissions.can_export_overview(request.user)),
    }
    return render_page(request, "feedback/overview.html", context)


def _require_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ServiceError(ErrorCode.NOT_FOUND)


@login_required
@require_GET
def feedback_series_page(request: AuthedRequest, pk: int) -> HttpResponse:
    series = forum_series_get(pk=pk)
    overview = feedback_overview(viewer=request.user, series=series)
    export_url = reverse("frontend:feedback-series-export", args=[pk])
    return _overview_page(request, overview, {"series": series, "export_url": export_url})


@login_required
@require_GET
def feedback_year_page(request: AuthedRequest, year: int) -> HttpResponse:
    _require_year(year)
    overview = feedback_overview(viewer=request.user, year=year)
    export_url = reverse("frontend:feedback-year-export", args=[year])
    return _overview_page(
        request,
        overview,
        {"year": year, "export_url": export_url, "previous": year - 1, "next": year + 1},
    )


@login_required
@require_GET
def feedback_series_export(request: AuthedRequest, pk: int) -> HttpResponse:
    _require(permissions.can_export_overview(request.user))
    series = forum_series_get(pk=pk)
    overview = feedback_overview(viewer=request.user, series=series)
    return _csv(overview_csv(overview=overview), f"utvardering-forumserie-{pk}.csv")


@login_required
@require_GET
def feedback_year_export(request: AuthedRequest, year: int) -> HttpResponse:
    _require_year(year)
    _require(permissions.can_export_overview(request.user))
    overview = feedback_overview(viewer=request.user, year=year)
    return _csv(overview_csv(overview=overview), f"utvardering-{year}.csv")
