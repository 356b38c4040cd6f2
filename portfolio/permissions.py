"""Who may do what with portfolios. Every check in the app reads from here.

Portfolios are public: what the partnership works on is for everyone to find. Status
reports, and the governing board's report built from them, are for those who steer and
follow the work, and for an initiative's own owner and process lead.
"""

from __future__ import annotations

from typing import Any

import rules

from hub.permissions import can_moderate, is_authenticated, is_core_team_member, is_governing_board


@rules.predicate
def is_initiative_lead(user: Any, initiative: Any) -> bool:
    """The initiative's owner or its process lead."""
    return (
        is_authenticated(user)
        and initiative is not None
        and user.pk in (initiative.owner_id, initiative.process_lead_id)
    )


can_view_portfolio = rules.always_allow
# Facilitators (processtöd) and administrators add initiatives and change anything in them.
can_manage_portfolio = can_moderate
can_follow_portfolio = can_moderate | is_governing_board | is_core_team_member
can_view_status_reports = can_follow_portfolio | is_initiative_lead
can_report_status = can_manage_portfolio | is_initiative_lead
can_set_stage = can_manage_portfolio | is_initiative_lead

rules.add_perm("portfolio.manage_portfolio", can_manage_portfolio)
rules.add_perm("portfolio.follow_portfolio", can_follow_portfolio)
rules.add_perm("portfolio.report_status", can_report_status)
