"""What people do on a submission's page: status changes, moderation, comments, support.

Status changes and moderation are plain POST-redirect-GET. Comments and support swap their
own block with htmx, and fall back to a full page without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import ErrorCode, ServiceError
from common.ids import parse_id
from frontend.forms import CommentForm, HideForm, SupportForm, TransitionForm
from frontend.views.common import (
    AuthedRequest,
    HtmxHttpRequest,
    form_errors,
    render_page,
    wants_partial,
)
from frontend.views.ideas import (
    comments_context,
    rate_limit_on_form,
    render_detail,
    support_context,
    transition_moves,
)
from ideas import permissions
from ideas.models import Comment, Idea, IdeaStatus, SupportKind
from ideas.selectors import comment_list, idea_detail, idea_get
from ideas.services import (
    comment_create,
    comment_hide,
    idea_delete_draft,
    idea_hide,
    idea_transition,
    idea_unhide,
    support_add,
    support_remove,
)


def _with_page_data(request: HtmxHttpRequest, idea: Idea) -> Idea:
    """The same submission with what its full page shows (attachments, history)."""
    return idea_detail(viewer=request.user, pk=idea.pk)


# --- Status and moderation ----------------------------------------------------------------


@login_required
@require_POST
def idea_transition_view(request: AuthedRequest, pk: int) -> HttpResponse:
    idea = idea_get(viewer=request.user, pk=pk)
    # The facilitator's form has a prefix; the author's buttons post plain fields.
    moderating = "moderate-reason" in request.POST or "moderate-to_status" in request.POST
    form: TransitionForm | None = None
    if moderating:
        if not permissions.can_moderate_idea(request.user, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        _author_moves, moves = transition_moves(request.user, idea)
        form = TransitionForm(request.POST, statuses=moves, prefix="moderate")
        if not form.is_valid():
            return _detail_with_errors(request, idea, transition_form=form)
        to_status, reason = form.cleaned_data["to_status"], form.cleaned_data["reason"]
    else:
        to_status = request.POST.get("to_status", "")
        reason = request.POST.get("reason", "")
    if form is not None:
        with form_errors(form, on_form=()) as outcome:
            idea = idea_transition(
                actor=request.user, idea=idea, to_status=to_status, reason=reason
            )
        if not outcome.ok:
            return _detail_with_errors(request, idea, transition_form=form)
    else:
        try:
            idea = idea_transition(
                actor=request.user, idea=idea, to_status=to_status, reason=reason
            )
        except ValidationError as exc:  # the author's buttons have no form to show it on
            return _detail_with_errors(request, idea, author_errors=exc.messages)
    if idea.status == IdeaStatus.SUBMITTED:
        messages.success(request, _("Tack! Ditt bidrag är inskickat och syns nu för andra."))
    else:
        messages.success(
            request,
            _("Statusen är ändrad till %(status)s.") % {"status": idea.get_status_display()},
        )
    return redirect(idea)


@login_required
@require_POST
def idea_hide_view(request: AuthedRequest, pk: int) -> HttpResponse:
    idea = idea_get(viewer=request.user, pk=pk)
    if not permissions.can_moderate_idea(request.user, idea):
        raise ServiceError(ErrorCode.FORBIDDEN)
    form = HideForm(request.POST, prefix="hide")
    if not form.is_valid():
        return _detail_with_errors(request, idea, hide_form=form)
    with form_errors(form, on_form=()) as outcome:
        idea_hide(actor=request.user, idea=idea, reason=form.cleaned_data["reason"])
    if not outcome.ok:
        return _detail_with_errors(request, idea, hide_form=form)
    messages.success(request, _("Bidraget är dolt. Författaren har fått veta varför."))
    return redirect(idea)


@login_required
@require_POST
def idea_unhide_view(request: AuthedRequest, pk: int) -> HttpResponse:
    idea = idea_unhide(actor=request.user, idea=idea_get(viewer=request.user, pk=pk))
    messages.success(request, _("Bidraget visas igen."))
    return redirect(idea)


@login_required
@require_POST
def idea_delete_view(request: AuthedRequest, pk: int) -> HttpResponse:
    idea_delete_draft(actor=request.user, idea=idea_get(viewer=request.user, pk=pk))
    messages.success(request, _("Utkastet är borttaget."))
    return redirect("frontend:my-ideas")


def _detail_with_errors(request: HtmxHttpRequest, idea: Idea, **forms: Any) -> HttpResponse:
    return render_detail(request, _with_page_data(request, idea), status=400, **forms)


# --- Comments -----------------------------------------------------------------------------


def _find_comment(comments: list[Comment], pk: int | None) -> Comment | None:
    for comment in comments:
        if comment.pk == pk:
            return comment
        for reply in comment.replies.all():
            if reply.pk == pk:
                return reply
    return None


@login_required
@require_POST
def comment_create_view(request: AuthedRequest, pk: int) -> HttpResponse:
    idea = idea_get(viewer=request.user, pk=pk)
    form = CommentForm(request.POST)
    raw_parent = request.POST.get("parent", "")
    parent_id = parse_id(raw_parent)
    if form.is_valid():
        parent = None
        if parent_id is not None:
            parent = _find_comment(comment_list(viewer=request.user, idea=idea), parent_id)
            if parent is None:
                form.add_error(None, _("Kommentaren du svarar på finns inte längre."))
        if not form.errors:
            with form_errors(form, on_form=rate_limit_on_form(request)) as outcome:
                comment = comment_create(
                    author=request.user, idea=idea, body=form.cleaned_data["body"], parent=parent
                )
            if outcome.ok:
                return _comment_saved(request, idea, comment)
            return _comment_errors(request, idea, form, parent_id, status=outcome.status)
    return _comment_errors(request, idea, form, parent_id)


def _comment_errors(
    request: HtmxHttpRequest,
    idea: Idea,
    form: CommentForm,
    parent_id: int | None,
    *,
    status: int = 400,
) -> HttpResponse:
    # The failed form is shown again where it was: the reply form under its comment.
    forms: dict[str, Any] = {"reply_form": form, "reply_to": parent_id} if parent_id else {}
    if not parent_id:
        forms["comment_form"] = form
    if wants_partial(request):
        context = {**comments_context(request, idea), **forms}
        return render_page(request, "ideas/detail.html", context, partial="comments", status=status)
    return render_detail(request, _with_page_data(request, idea), status=status, **forms)


def _comment_saved(request: HtmxHttpRequest, idea: Idea, comment: Comment) -> HttpResponse:
    if not wants_partial(request):
        messages.success(request, _("Din kommentar är publicerad."))
        return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")
    context = {
        **comments_context(request, idea),
        "notice": _("Din kommentar är publicerad."),
        "new_comment": comment.pk,
    }
    return render_page(request, "ideas/detail.html", context, partial="comments")


@login_required
@require_POST
def comment_hide_view(request: AuthedRequest, pk: int, comment_pk: int) -> HttpResponse:
    idea = idea_get(viewer=request.user, pk=pk)
    comment = _find_comment(comment_list(viewer=request.user, idea=idea), comment_pk)
    if comment is None or not permissions.can_hide_comment(request.user, comment):
        raise ServiceError(ErrorCode.NOT_FOUND)
    try:
        comment_hide(actor=request.user, comment=comment, reason=request.POST.get("reason", ""))
    except ValidationError as exc:  # the reason is asked for in a prompt: say it as a message
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kommentaren är dold."))
    return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")


# --- Support ------------------------------------------------------------------------------


@login_required
@require_POST
def support_toggle_view(request: AuthedRequest, pk: int) -> HttpResponse:
    idea = idea_get(viewer=request.user, pk=pk)
    form = SupportForm(request.POST)
    if not form.is_valid():
        raise ServiceError(ErrorCode.CONFLICT)
    kind, label = form.cleaned_data["kind"], SupportKind(form.cleaned_data["kind"]).label
    try:
        if form.cleaned_data["op"] == "add":
            support_add(user=request.user, idea=idea, kind=kind)
            notice = _("Tack! Du har anmält: %(kind)s.") % {"kind": label}
        else:
            support_remove(user=request.user, idea=idea, kind=kind)
            notice = _("Du har tagit tillbaka: %(kind)s.") % {"kind": label}
    except ValidationError as exc:  # a kind the buttons never send
        raise ServiceError(ErrorCode.CONFLICT) from exc
    if not wants_partial(request):
        messages.success(request, notice)
        return redirect(f"{idea.get_absolute_url()}#support")
    context = {**support_context(request, idea), "notice": notice}
    return render(request, "ideas/detail.html#support", context)
