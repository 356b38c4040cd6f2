"""Who may do what with submissions. Every check in the ideas app reads from here."""

from __future__ import annotations

from typing import Any

import rules

from hub.permissions import can_moderate, is_administrator, is_authenticated
from ideas.models import PUBLIC_STATUSES, IdeaStatus


@rules.predicate
def is_author(user: Any, idea: Any) -> bool:
    return is_authenticated(user) and idea is not None and idea.author_id == user.pk


@rules.predicate
def is_draft(user: Any, idea: Any) -> bool:
    return idea is not None and idea.status == IdeaStatus.DRAFT


@rules.predicate
def is_public(user: Any, idea: Any) -> bool:
    return idea is not None and idea.status in PUBLIC_STATUSES and not idea.is_hidden


@rules.predicate
def is_moderatable(user: Any, idea: Any) -> bool:
    """Moderators see everything but other people's drafts."""
    return idea is not None and idea.status != IdeaStatus.DRAFT


@rules.predicate
def is_comment_author(user: Any, comment: Any) -> bool:
    return is_authenticated(user) and comment is not None and comment.author_id == user.pk


can_view_idea = is_public | is_author | (can_moderate & is_moderatable)
can_create_idea = is_authenticated
can_edit_idea = is_author & is_draft
can_delete_idea = is_author & is_draft
# Removing any submission (spam, a duplicate, a person's wish) is an administrator's call.
can_remove_idea = is_administrator
can_comment = is_authenticated & is_public
can_support = is_authenticated & is_public & ~is_author
can_moderate_idea = can_moderate & is_moderatable
can_hide_comment = can_moderate
can_see_author_name = is_author | can_moderate

rules.add_perm("ideas.view_idea", can_view_idea)
rules.add_perm("ideas.add_idea", can_create_idea)
rules.add_perm("ideas.change_idea", can_edit_idea)
rules.add_perm("ideas.delete_idea", can_delete_idea)
rules.add_perm("ideas.comment_idea", can_comment)
rules.add_perm("ideas.support_idea", can_support)
rules.add_perm("ideas.moderate_idea", can_moderate_idea)


# The lifecycle: which transition is whose. Anything not listed is refused.
AUTHOR = "author"
MODERATOR = "moderator"
TRANSITIONS: dict[tuple[IdeaStatus, IdeaStatus], str] = {
    (IdeaStatus.DRAFT, IdeaStatus.SUBMITTED): AUTHOR,
    (IdeaStatus.DRAFT, IdeaStatus.WITHDRAWN): AUTHOR,
    (IdeaStatus.SUBMITTED, IdeaStatus.WITHDRAWN): AUTHOR,
    (IdeaStatus.IN_REVIEW, IdeaStatus.WITHDRAWN): AUTHOR,
    (IdeaStatus.PARKED, IdeaStatus.WITHDRAWN): AUTHOR,
    (IdeaStatus.WITHDRAWN, IdeaStatus.DRAFT): AUTHOR,
    (IdeaStatus.SUBMITTED, IdeaStatus.IN_REVIEW): MODERATOR,
    (IdeaStatus.SUBMITTED, IdeaStatus.DECLINED): MODERATOR,
    (IdeaStatus.IN_REVIEW, IdeaStatus.IN_ASSESSMENT): MODERATOR,
    (IdeaStatus.IN_REVIEW, IdeaStatus.PARKED): MODERATOR,
    (IdeaStatus.IN_REVIEW, IdeaStatus.DECLINED): MODERATOR,
    (IdeaStatus.IN_ASSESSMENT, IdeaStatus.PROMOTED): MODERATOR,
    (IdeaStatus.IN_ASSESSMENT, IdeaStatus.PARKED): MODERATOR,
    (IdeaStatus.IN_ASSESSMENT, IdeaStatus.DECLINED): MODERATOR,
    (IdeaStatus.IN_ASSESSMENT, IdeaStatus.IN_REVIEW): MODERATOR,
    (IdeaStatus.PARKED, IdeaStatus.IN_REVIEW): MODERATOR,
}
# A decision the author must be able to read the reason for.
REASON_REQUIRED = frozenset({IdeaStatus.PARKED, IdeaStatus.DECLINED})


def transition_exists(from_status: str, to_status: str) -> bool:
    return (IdeaStatus(from_status), IdeaStatus(to_status)) in TRANSITIONS


def can_transition(user: Any, idea: Any, to_status: str) -> bool:
    """Whether `user` may move `idea` to `to_status` from where it is now."""
    try:
        owner = TRANSITIONS[(IdeaStatus(idea.status), IdeaStatus(to_status))]
    except (KeyError, ValueError):
        return False
    if owner == AUTHOR:
        return bool(is_author(user, idea))
    return bool(can_moderate(user))


def allowed_transitions(user: Any, idea: Any) -> list[IdeaStatus]:
    return [
        to for (frm, to) in TRANSITIONS if frm == idea.status and can_transition(user, idea, to)
    ]
