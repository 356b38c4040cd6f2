"""The parties' votes and the decisions: a round's decisions, one item's page where a party
votes, the facilitator records the decision and a promoted submission joins the portfolio,
and the decision as its author reads it.

A refusal on an item's page (voting twice, votes still missing…) is said there, above what
the person did (`refused_in_place`); anything the viewer may not see is the error page.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from assessment.errors import AssessmentError, Reason
from assessment.models import AssessmentRound, VoteChoice
from assessment.selectors import (
    ItemVotes,
    conflict_list,
    latest_decision,
    round_decisions,
    round_detail,
    round_get,
    round_item_get,
    round_results,
)
from assessment.services import decision_record, vote_cast
from common.errors import ErrorCode, ServiceError
from frontend.forms.assessment import DecisionForm, InitiativeForm, VoteForm
from frontend.views.assessment.common import round_abilities
from frontend.views.common import (
    AuthedRequest,
    HtmxHttpRequest,
    PageOutcome,
    refused_in_place_with,
)
from ideas.selectors import idea_get
from portfolio import permissions as portfolio_permissions
from portfolio.services import initiative_create


@login_required
@require_GET
def decisions_page(request: AuthedRequest, pk: int) -> HttpResponse:
    round = round_detail(viewer=request.user, pk=pk)
    rows = round_decisions(viewer=request.user, round=round)
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
) -> tuple[AssessmentRound, ItemVotes]:
    round = round_detail(viewer=request.user, pk=pk)
    rows = round_decisions(viewer=request.user, round=round)
    row = next((r for r in rows if str(r.item.pk) == str(item_pk)), None)
    if row is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return round, row


@login_required
@require_GET
def item_decision_page(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    return render_item_decision(request, *_item_votes(request, pk, item_pk))


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


def refused_in_place(form: forms.Form) -> AbstractContextManager[PageOutcome]:
    """`refused_in_place` with the counts of a decision refused for missing votes."""
    return refused_in_place_with(form, describe=refusal_text)


def _item_page(
    request: HtmxHttpRequest, pk: int, item_pk: int, outcome: PageOutcome, **sent: Any
) -> HttpResponse:
    """The item's page again, with the form as sent (`sent`) and what went wrong."""
    found = _item_votes(request, pk, item_pk)
    if outcome.refusal:
        sent["refusal"] = outcome.refusal
    return render_item_decision(request, *found, status=outcome.status, **sent)


def _item_url(pk: int, item_pk: int) -> str:
    return reverse("frontend:assessment-item", args=[pk, item_pk])


@login_required
@require_POST
def vote_view(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    round = round_get(viewer=request.user, pk=pk)
    item = round_item_get(viewer=request.user, round=round, pk=item_pk)
    form = VoteForm(request.POST, prefix="vote")
    outcome = PageOutcome(status=400)  # until the form is valid
    if form.is_valid():
        with refused_in_place(form) as outcome:
            vote_cast(
                actor=request.user,
                item=item,
                choice=form.cleaned_data["choice"],
                comment=form.cleaned_data["comment"],
            )
        if outcome.ok:
            label = VoteChoice(form.cleaned_data["choice"]).label
            messages.success(request, _("Din parts röst är lagd: %(choice)s.") % {"choice": label})
            return redirect(_item_url(pk, item.pk))
    return _item_page(request, pk, item_pk, outcome, vote_form=form)


@login_required
@require_POST
def decision_view(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    round = round_get(viewer=request.user, pk=pk)
    item = round_item_get(viewer=request.user, round=round, pk=item_pk)
    form = DecisionForm(request.POST, prefix="decision")
    outcome = PageOutcome(status=400)  # until the form is valid
    if form.is_valid():
        with refused_in_place(form) as outcome:
            decision = decision_record(
                actor=request.user, item=item, rationale=form.cleaned_data["rationale"]
            )
        if outcome.ok:
            messages.success(
                request,
                _("Beslutet är fattat: %(outcome)s. Författaren har fått en notis.")
                % {"outcome": decision.get_outcome_display()},
            )
            return redirect(_item_url(pk, item.pk))
    return _item_page(request, pk, item_pk, outcome, decision_form=form)


@login_required
@require_POST
def initiative_create_view(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    """Add a promoted submission to its focus area's portfolio."""
    round = round_get(viewer=request.user, pk=pk)
    item = round_item_get(viewer=request.user, round=round, pk=item_pk)
    form = InitiativeForm(request.POST, prefix="initiative")
    outcome = PageOutcome(status=400)  # until the form is valid
    if form.is_valid():
        with refused_in_place(form) as outcome:
            initiative = initiative_create(actor=request.user, idea=item.idea, data=form.to_input())
        if outcome.ok:
            messages.success(
                request,
                _("”%(title)s” finns nu i portföljen. Initiativägaren har fått en notis.")
                % {"title": initiative.title},
            )
            return redirect("frontend:initiative-detail", initiative.pk)
    return _item_page(request, pk, item_pk, outcome, initiative_form=form)


@require_GET
def idea_decision_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The decision on a submission and its rationale: for the author (and those who follow
    the round)."""
    decision = latest_decision(viewer=request.user, idea_id=pk)
    if decision is None:
        # No recorded decision (or not one for this viewer): the submission's own page, if
        # they may see it, tells its history.
        idea = idea_get(viewer=request.user, pk=pk)
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
