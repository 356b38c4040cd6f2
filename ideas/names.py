"""Whose name a submission's reader sees: the one rule pages and the API both ask.

Two consents stack: the person's own (`hub.display_names`: a citizen or external participant
appears under a pseudonym unless they consented to their name) and the submission's
(`Idea.show_author_name`: the author may keep their name off one submission; then only they
and moderators see it, and nobody learns it from their comments or the steps they took).
"""

from __future__ import annotations

from typing import Any

from hub.display_names import shown_name, shown_organisation
from ideas import permissions
from ideas.models import Comment, Idea, StatusChange


def sees_author(viewer: Any, idea: Idea) -> bool:
    """The author consented on this submission, or the viewer is the author or a moderator."""
    return idea.show_author_name or bool(permissions.can_see_author_name(viewer, idea))


def author_name(viewer: Any, idea: Idea) -> str | None:
    """The author's name as `viewer` sees it, or None when the submission withholds it."""
    if not sees_author(viewer, idea):
        return None
    return shown_name(person=idea.author, viewer=viewer)


def author_organisation(viewer: Any, idea: Idea) -> str | None:
    if not sees_author(viewer, idea):
        return None
    return shown_organisation(person=idea.author, viewer=viewer)


def comment_author_name(viewer: Any, comment: Comment, idea: Idea) -> str | None:
    """None for the submission's author when the submission withholds their name."""
    if comment.author_id == idea.author_id:
        return author_name(viewer, idea)
    return shown_name(person=comment.author, viewer=viewer)


def comment_author_organisation(viewer: Any, comment: Comment, idea: Idea) -> str | None:
    if comment.author_id == idea.author_id:
        return author_organisation(viewer, idea)
    return shown_organisation(person=comment.author, viewer=viewer)


def actor_name(viewer: Any, change: StatusChange, idea: Idea) -> str | None:
    """Who made a status change: moderators' steps are named to every reader (a record of
    the process); the author's own steps only where the author is."""
    if change.actor_id is None:
        return None
    if change.actor_id == idea.author_id:
        return author_name(viewer, idea)
    return shown_name(person=change.actor, viewer=viewer)
