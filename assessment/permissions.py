"""Who may do what in assessment. Every check in the app reads from here.

Blind scoring is decided by three predicates:

- `can_view_own_scores`: an assessor always sees their own scores;
- `can_view_results` (the aggregates) and `can_view_all_scores` (every assessor's scores and
  rationales): while a round is open only an assessor who has submitted their own assessment;
  once it is closed the people who follow the focus area's work (`can_view_results`) or run
  and sat in the round (`can_view_all_scores`).

Nobody else sees a score, in any channel, before the round closes.
"""

from __future__ import annotations

from typing import Any

import rules

from assessment.models import AssessmentRound, RoundAssessor, RoundStatus
from hub.permissions import can_moderate, is_administrator, is_authenticated, is_governing_board

# --- Roles --------------------------------------------------------------------------------

# Facilitators (processtöd) and administrators run rounds and record decisions.
can_run_rounds = can_moderate


@rules.predicate
def is_core_team_of_area(user: Any, obj: Any) -> bool:
    """A Core Team member of the focus area `obj` (a round, or anything with focus_area_id)."""
    focus_area_id = getattr(obj, "focus_area_id", None)
    return (
        is_authenticated(user)
        and focus_area_id is not None
        and user.core_teams.filter(focus_area_id=focus_area_id).exists()
    )


# --- Rounds -------------------------------------------------------------------------------


def _seat(user: Any, round: AssessmentRound) -> RoundAssessor | None:
    if not is_authenticated(user) or round is None or round.pk is None:
        return None
    return RoundAssessor.objects.filter(round_id=round.pk, user_id=user.pk).first()


@rules.predicate
def is_round_assessor(user: Any, round: Any) -> bool:
    return _seat(user, round) is not None


@rules.predicate
def has_submitted(user: Any, round: Any) -> bool:
    seat = _seat(user, round)
    return seat is not None and seat.submitted_at is not None


@rules.predicate
def round_is_draft(user: Any, round: Any) -> bool:
    return round is not None and round.status == RoundStatus.DRAFT


@rules.predicate
def round_is_open(user: Any, round: Any) -> bool:
    return round is not None and round.status == RoundStatus.OPEN


@rules.predicate
def round_is_closed(user: Any, round: Any) -> bool:
    return round is not None and round.status == RoundStatus.CLOSED


# Who follows a focus area's assessment: its Core Team, the governing board, and those who
# run rounds. A draft is only for those who run rounds.
follows_round = can_run_rounds | is_governing_board | is_core_team_of_area | is_round_assessor

can_view_round = can_run_rounds | (~round_is_draft & follows_round)
can_create_round = can_run_rounds
can_edit_round = can_run_rounds & round_is_draft
can_open_round = can_run_rounds & round_is_draft
can_close_round = can_run_rounds & round_is_open
can_view_progress = can_view_round & ~round_is_draft

# Scoring: only the round's assessors, only while it is open, only until they submit.
can_score = is_round_assessor & round_is_open & ~has_submitted
can_submit_assessment = can_score
can_view_own_scores = is_round_assessor
can_declare_own_conflict = is_round_assessor & round_is_open
can_declare_conflict_for_others = can_run_rounds & round_is_open

# Blind scoring (see the module docstring).
_submitted_assessor_while_open = round_is_open & is_round_assessor & has_submitted
can_view_results = (round_is_closed & follows_round) | _submitted_assessor_while_open
can_view_all_scores = (
    round_is_closed & (can_run_rounds | is_round_assessor)
) | _submitted_assessor_while_open
can_export_results = can_view_results

# Decisions: the round's assessors vote for their party; facilitators record the decision.
can_vote = is_round_assessor & round_is_closed
can_record_decision = can_run_rounds & round_is_closed
can_view_votes = can_view_round & ~round_is_draft


@rules.predicate
def is_item_author(user: Any, item: Any) -> bool:
    return is_authenticated(user) and item is not None and item.idea.author_id == user.pk


@rules.predicate
def can_view_round_of_item(user: Any, item: Any) -> bool:
    return item is not None and bool(can_view_round(user, item.round))


# The author reads the outcome and its rationale; so do those who follow the round.
can_view_decision = is_item_author | can_view_round_of_item

# --- Configuration --------------------------------------------------------------------------

can_view_criteria = rules.always_allow
can_configure_assessment = is_administrator


rules.add_perm("assessment.view_round", can_view_round)
rules.add_perm("assessment.add_round", can_create_round)
rules.add_perm("assessment.change_round", can_edit_round)
rules.add_perm("assessment.score_round", can_score)
rules.add_perm("assessment.view_results", can_view_results)
rules.add_perm("assessment.view_all_scores", can_view_all_scores)
rules.add_perm("assessment.vote_round", can_vote)
rules.add_perm("assessment.decide_round", can_record_decision)
rules.add_perm("assessment.configure", can_configure_assessment)
