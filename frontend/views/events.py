"""Event pages: the list with its filters, one event with its boards and its series, and the
forms that set up events and forum series.

Events are public; their boards are shown to those who may see boards (signed-in people).
Reads go through `events.selectors` (an event's boards as `boards.selectors` lists them),
changes through `events.services`; who may do what is in `events.permissions`. These views
translate: form fields in, the services' errors back onto the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boards.permissions import can_add_board_to_event
from boards.selectors import board_list
from common.errors import ErrorCode, ServiceError
from common.ids import parse_id
from events import permissions
from events.calendar import CONTENT_TYPE, calendar_file
from events.models import Event, EventKind
from events.selectors import (
    event_detail,
    event_get,
    event_list,
    forum_series_list,
    forum_series_meetings,
)
from events.services import EventInput, event_create, event_update, forum_series_create
from frontend.forms.events import EventFilterForm, EventForm, ForumSeriesForm
from frontend.views.common import AuthedRequest, HtmxHttpRequest, form_errors, render_page
from frontend.views.feedback_panel import feedback_panel
from frontend.views.registration_panel import registration_panel

LIST_PAGE_SIZE = 20


def _require(allowed: object) -> None:
    """Refuse what the person may not do (the error middleware answers with its page)."""
    if not allowed:
        raise ServiceError(ErrorCode.FORBIDDEN)


# --- The list and one event -------------------------------------------------------------------


@require_GET
def event_list_page(request: HtmxHttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    events = event_list(filters=form.filters())
    page = Paginator(events, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "events": page.object_list,
        "can_create": bool(permissions.can_create_event(request.user)),
    }
    return render_page(request, "events/list.html", context, partial="results")


@require_GET
def event_detail_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return event_page(request, pk)


def event_page(
    request: HtmxHttpRequest,
    pk: int,
    *,
    registration_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    """The event's page; `registration_form` with its errors when a registration needs
    correcting (registration views answer with the page, the form filled in)."""
    event = event_detail(viewer=request.user, pk=pk, boards=board_list(viewer=request.user))
    user = request.user
    context = {
        **registration_panel(request, event, form=registration_form),
        **feedback_panel(request, event),
        "event": event,
        "boards": event.boards.all(),
        "meetings": event.series.meetings.all() if event.series else [],
        "organisers": event.organisers.all() if permissions.can_see_organisers(user) else [],
        "can_edit": bool(permissions.can_edit_event(user, event)),
        "can_add_board": bool(can_add_board_to_event(user, event)),
        "new_board_url": f"{reverse('frontend:board-create')}?{urlencode({'evenemang': pk})}",
    }
    return render_page(request, "events/detail.html", context, status=status)


# --- Calendar files ---------------------------------------------------------------------------


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_calendar_file(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One event as an .ics file, for anyone (events are public)."""
    event = event_get(pk=pk)
    return _calendar_response(
        calendar_file(events=[event], name=event.title), f"evenemang-{event.pk}.ics"
    )


@require_GET
def forum_series_calendar_file(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Every meeting of a forum series in one .ics file."""
    series, meetings = forum_series_meetings(pk=pk)
    return _calendar_response(
        calendar_file(events=meetings, name=series.title), f"forumserie-{series.pk}.ics"
    )


# --- Setting events up ------------------------------------------------------------------------


def _form_response(
    request: HtmxHttpRequest, form: EventForm, event: Event | None, *, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "event": event,
        "can_create_series": bool(permissions.can_create_forum_series(request.user)),
    }
    return render_page(request, "events/form.html", context, partial="form", status=status)


def _save(
    request: HtmxHttpRequest,
    form: EventForm,
    event: Event | None,
    save: Callable[[EventInput], Event],
    done: str,
) -> HttpResponse:
    """Save through the service and go to the event; else the form again, errors in place."""
    if form.is_valid():
        with form_errors(form) as outcome:
            saved = save(form.to_input())
        if outcome.ok:
            messages.success(request, done)
            return redirect(saved)
    return _form_response(request, form, event, status=400)


def _initial(request: AuthedRequest) -> dict[str, Any]:
    """A new event: organised by the person setting it up; a meeting in the series that
    `?forumserie=<id>` names, if any."""
    initial: dict[str, Any] = {"organisers": [request.user]}
    pk = parse_id(request.GET.get("forumserie", ""))
    series = forum_series_list().filter(pk=pk).first() if pk is not None else None
    if series is not None:
        initial.update(kind=EventKind.FORUM_MEETING, series=series, focus_area=series.focus_area)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def event_create_page(request: AuthedRequest) -> HttpResponse:
    _require(permissions.can_create_event(request.user))
    if request.method != "POST":
        return _form_response(request, EventForm(initial=_initial(request)), None)
    return _save(
        request,
        EventForm(request.POST),
        None,
        lambda data: event_create(actor=request.user, data=data),
        _("Evenemanget är skapat och syns för alla."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit_page(request: AuthedRequest, pk: int) -> HttpResponse:
    event = event_detail(viewer=request.user, pk=pk)
    _require(permissions.can_edit_event(request.user, event))
    if request.method != "POST":
        return _form_response(request, EventForm(initial=EventForm.initial_for(event)), event)
    return _save(
        request,
        EventForm(request.POST),
        event,
        lambda data: event_update(actor=request.user, event=event, data=data),
        _("Ändringarna är sparade."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def forum_series_create_page(request: AuthedRequest) -> HttpResponse:
    _require(permissions.can_create_forum_series(request.user))
    form = ForumSeriesForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        with form_errors(form) as outcome:
            series = forum_series_create(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Forumserien är skapad. Lägg nu in dess första träff."))
            query = urlencode({"forumserie": series.pk})
            return redirect(f"{reverse('frontend:event-create')}?{query}")
    status = 400 if form.is_bound else 200
    return render_page(
        request, "events/series_form.html", {"form": form}, partial="form", status=status
    )
