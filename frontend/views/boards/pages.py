"""The list of boards, a new board, and joining one with its code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from boards import permissions
from boards.consumers import GUEST_SESSION_KEY
from boards.models import Participant
from boards.selectors import board_list
from boards.services import board_create, guest_join
from frontend.forms import BoardForm, BoardJoinForm
from frontend.views.common import (
    AuthedRequest,
    HtmxHttpRequest,
    client_ip,
    form_errors,
    render_page,
    wants_partial,
)

LIST_PAGE_SIZE = 30


# --- The list and a new board ---------------------------------------------------------------


def new_board_form(request: HtmxHttpRequest) -> BoardForm:
    """An empty board form; for the event `?evenemang=<id>` names when the person may use it."""
    form = BoardForm(viewer=request.user)
    form.preselect_event(request.GET.get("evenemang"))
    return form


@require_GET
def board_list_page(request: HtmxHttpRequest) -> HttpResponse:
    boards = board_list(viewer=request.user)
    page = Paginator(boards, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "boards": page.object_list,
        "form": new_board_form(request),
        "can_create": bool(permissions.can_create_board(request.user)),
    }
    return render_page(request, "boards/list.html", context)


def _create_response(
    request: HtmxHttpRequest, form: BoardForm, *, status: int = 200
) -> HttpResponse:
    return render_page(
        request, "boards/create.html", {"form": form}, partial="create-form", status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_create_view(request: AuthedRequest) -> HttpResponse:
    """The new-board page (also the list's side panel posts here)."""
    if request.method != "POST":
        return _create_response(request, new_board_form(request))
    form = BoardForm(request.POST, viewer=request.user)
    if form.is_valid():
        with form_errors(form) as outcome:
            board = board_create(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(
                request,
                _("Tavlan är skapad. Visa koden för gästerna när ni börjar."),
            )
            if wants_partial(request):
                return HttpResponseClientRedirect(board.get_absolute_url())
            return redirect(board)
    return _create_response(request, form, status=400)


# --- Joining with a code --------------------------------------------------------------------


def remember_guest(request: HtmxHttpRequest, participant: Participant) -> None:
    """Keep a guest pass for the participant's board in the session (the socket reads it)."""
    passes = dict(request.session.get(GUEST_SESSION_KEY) or {})
    passes[str(participant.board_id)] = participant.pk
    request.session.cycle_key()  # a new privilege, a new session key
    request.session[GUEST_SESSION_KEY] = passes


@require_http_methods(["GET", "POST"])
def board_join_page(request: HtmxHttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    form = BoardJoinForm(
        request.POST if request.method == "POST" else None,
        signed_in=signed_in,
        initial={"join_code": request.GET.get("kod", "")},
    )
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["join_code"].strip().upper()
        if signed_in:
            board = board_list(viewer=request.user).filter(join_code=code).first()
            if board is not None:
                return _joined(request, board.get_absolute_url())
            form.add_error("join_code", _("Ingen öppen tavla har den koden."))
        else:
            # Too many tries (a rate limit, which form_errors says on the form with its
            # status): guessing codes stays slow.
            with form_errors(form) as outcome:
                participant = guest_join(
                    join_code=code, name=form.cleaned_data["name"], client_key=client_ip(request)
                )
            status = outcome.status
            if outcome.ok:
                remember_guest(request, participant)
                messages.success(
                    request,
                    _("Välkommen till tavlan, %(name)s!") % {"name": participant.display_name},
                )
                return _joined(
                    request, reverse("frontend:board-detail", args=[participant.board_id])
                )
    context = {"form": form, "next": request.GET.get("next", "")}
    return render_page(request, "boards/join.html", context, partial="form", status=status)


def _joined(request: HtmxHttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if wants_partial(request) else redirect(url)
