"""What the assessment pages share: what the viewer may do in a round, straight from
`assessment.permissions`, for the templates to show or hide."""

from __future__ import annotations

from typing import Any

from assessment import permissions
from assessment.models import AssessmentRound


def round_abilities(user: Any, round: AssessmentRound) -> dict[str, bool]:
    """What `user` may do in `round` now, straight from the permissions."""
    checks = {
        "is_assessor": permissions.is_round_assessor,
        "has_submitted": permissions.has_submitted,
        "can_edit": permissions.can_edit_round,
        "can_open": permissions.can_open_round,
        "can_close": permissions.can_close_round,
        "can_score": permissions.can_score,
        "can_view_progress": permissions.can_view_progress,
        "can_view_results": permissions.can_view_results,
        "can_view_all_scores": permissions.can_view_all_scores,
        "can_vote": permissions.can_vote,
        "can_record_decision": permissions.can_record_decision,
        "can_view_votes": permissions.can_view_votes,
    }
    return {name: bool(check(user, round)) for name, check in checks.items()}
