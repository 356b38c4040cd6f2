"""Pages for submissions: the list, one submission, the submit/edit form, Mina bidrag."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from common.errors import ErrorCode, ServiceError
from common.ids import parse_id
from frontend.forms import CommentForm, HideForm, IdeaForm, IdeaListFilterSet, TransitionForm
from frontend.views.common import (
    AuthedRequest,
    HtmxHttpRequest,
    form_errors,
    render_page,
    wants_partial,
)
from hub.selectors import focus_area_list
from ideas import permissions
from ideas.models import Idea, IdeaStatus
from ideas.selectors import (
    IdeaFilters,
    comment_list,
    idea_detail,
    idea_get,
    idea_list,
    my_ideas,
    support_summary,
)
from ideas.services import idea_create, idea_edit

LIST_PAGE_SIZE = 20
MINE_PAGE_SIZE = 50


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    # Only what anyone may see: the front page never shows drafts, not even your own.
    public = idea_list(viewer=AnonymousUser(), filters=IdeaFilters())
    context = {
        "focus_areas": focus_area_list(),
        "latest": public[:6],
        "public_count": public.count(),
    }
    return render(request, "home.html", context)


@require_GET
def idea_list_page(request: HtmxHttpRequest) -> HttpResponse:
    filters = IdeaListFilterSet(request.GET, viewer=request.user)
    page = Paginator(filters.qs, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": filters.form, "page": page, "ideas": page.object_list}
    return render_page(request, "ideas/list.html", context, partial="results")


@require_GET
def idea_detail_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, idea_detail(viewer=request.user, pk=pk))


def support_context(request: HtmxHttpRequest, idea: Idea) -> dict[str, Any]:
    return {
        "idea": idea,
        "support": support_summary(idea=idea, viewer=request.user),
        "can_support": bool(permissions.can_support(request.user, idea)),
    }


def comments_context(request: HtmxHttpRequest, idea: Idea) -> dict[str, Any]:
    user = request.user
    return {
        "idea": idea,
        "comments": comment_list(viewer=user, idea=idea),
        "can_comment": bool(permissions.can_comment(user, idea)),
        "can_moderate": bool(permissions.can_moderate_idea(user, idea)),
        "comment_form": CommentForm(),
    }


def transition_moves(user: Any, idea: Idea) -> tuple[list[IdeaStatus], list[IdeaStatus]]:
    """The status changes `user` may make now: (as the author, as a facilitator)."""
    owner = permissions.TRANSITIONS
    moves = permissions.allowed_transitions(user, idea)
    author = [to for to in moves if owner[(IdeaStatus(idea.status), to)] == permissions.AUTHOR]
    return author, [to for to in moves if to not in author]


def detail_context(request: HtmxHttpRequest, idea: Idea, **extra: Any) -> dict[str, Any]:
    """Everything the detail page needs, driven by the permissions."""
    user = request.user
    author_moves, moderator_moves = transition_moves(user, idea)
    context: dict[str, Any] = {
        **support_context(request, idea),
        **comments_context(request, idea),
        "can_edit": bool(permissions.can_edit_idea(user, idea)),
        "can_delete": bool(permissions.can_delete_idea(user, idea)),
        "can_submit": IdeaStatus.SUBMITTED in author_moves,
        "can_withdraw": IdeaStatus.WITHDRAWN in author_moves,
        "can_reopen": IdeaStatus.DRAFT in author_moves,
        "moderator_moves": moderator_moves,
        "transition_form": TransitionForm(statuses=moderator_moves, prefix="moderate"),
        "hide_form": HideForm(prefix="hide"),
    }
    context.update(extra)
    return context


def render_detail(
    request: HtmxHttpRequest,
    idea: Idea,
    *,
    partial: str | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = detail_context(request, idea, **extra)
    return render_page(request, "ideas/detail.html", context, partial=partial, status=status)


@require_GET
def attachment_download(request: HtmxHttpRequest, pk: int, token: str) -> HttpResponseBase:
    """Files are served through the idea's visibility check, never straight from media/."""
    idea = idea_detail(viewer=request.user, pk=pk)
    attachment = next((a for a in idea.attachments.all() if a.token == token), None)
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


# --- Submit and edit --------------------------------------------------------------------


def _form_response(
    request: HtmxHttpRequest, form: IdeaForm, idea: Idea | None, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "idea": idea, "files_lost": bool(request.FILES) and form.errors}
    return render_page(request, "ideas/form.html", context, partial="form", status=status)


def _saved(request: HtmxHttpRequest, idea: Idea) -> HttpResponse:
    if idea.status == IdeaStatus.SUBMITTED:
        messages.success(request, _("Tack! Ditt bidrag är inskickat och syns nu för andra."))
    else:
        messages.success(request, _("Utkastet är sparat. Bara du kan se det."))
    if wants_partial(request):
        return HttpResponseClientRedirect(idea.get_absolute_url())
    return redirect(idea)


def rate_limit_on_form(request: HtmxHttpRequest) -> tuple[str, ...]:
    """Too many attempts keeps what was written on the page; an htmx swap gets the error."""
    return () if wants_partial(request) else (ErrorCode.RATE_LIMITED,)


@login_required
@require_http_methods(["GET", "POST"])
def idea_create_page(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_response(request, IdeaForm(), None)
    form = IdeaForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_response(request, form, None, status=400)
    submit = request.POST.get("action") == "submit"
    with form_errors(form, on_form=rate_limit_on_form(request)) as outcome:
        idea = idea_create(author=request.user, data=form.to_input(), submit=submit)
    if not outcome.ok:
        return _form_response(request, form, None, status=outcome.status)
    return _saved(request, idea)


@login_required
@require_http_methods(["GET", "POST"])
def idea_edit_page(request: AuthedRequest, pk: int) -> HttpResponse:
    idea = idea_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_idea(request.user, idea):
        if permissions.is_author(request.user, idea):
            messages.info(request, _("Bara utkast kan ändras."))
            return redirect(idea)
        raise ServiceError(ErrorCode.FORBIDDEN)
    if request.method != "POST":
        return _form_response(
            request, IdeaForm(initial=IdeaForm.initial_for(idea), idea=idea), idea
        )

    form = IdeaForm(request.POST, request.FILES, idea=idea)
    if not form.is_valid():
        return _form_response(request, form, idea, status=400)
    with form_errors(form, on_form=rate_limit_on_form(request)) as outcome:
        # One step: the edit, the removals and submitting all happen, or none of them.
        idea = idea_edit(
            actor=request.user,
            idea=idea,
            data=form.to_input(),
            remove_attachments=list(form.cleaned_data.get("remove_attachments") or []),
            submit=request.POST.get("action") == "submit",
        )
    if not outcome.ok:
        return _form_response(request, form, idea, status=outcome.status)
    return _saved(request, idea)


@require_GET
def goal_options(request: HtmxHttpRequest) -> HttpResponse:
    """The goals fieldset for the chosen focus area (htmx, when the focus area changes)."""
    goals = [pk for value in request.GET.getlist("goals") if (pk := parse_id(value)) is not None]
    form = IdeaForm(initial={"focus_area": request.GET.get("focus_area", ""), "goals": goals})
    return render(request, "ideas/form.html#goals", {"form": form, "announce": True})


# --- Mina bidrag --------------------------------------------------------------------------


@login_required
@require_GET
def my_ideas_page(request: AuthedRequest) -> HttpResponse:
    page = Paginator(my_ideas(user=request.user), MINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ideas/mine.html", {"page": page, "ideas": page.object_list})
