"""Moderation: hiding a submission or a comment, with a reason its author reads."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from hub.models import User
from hub.services import notify
from ideas import permissions
from ideas.models import Comment, Idea
from ideas.notifications import IDEA_HIDDEN
from ideas.services.locking import lock_idea

MAX_HIDDEN_REASON_LENGTH = 500


def idea_hide(*, actor: User, idea: Idea, reason: str) -> Idea:
    """A moderator hides a submission from everyone but its author, with a reason they see."""
    reason = (reason or "").strip()
    with transaction.atomic():
        idea = lock_idea(idea)
        if not permissions.can_moderate_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if not reason:
            raise ValidationError({"reason": [_("Ange varför bidraget döljs.")]})
        if len(reason) > MAX_HIDDEN_REASON_LENGTH:
            raise ValidationError({"reason": [_("Skälet får vara högst 500 tecken.")]})
        idea.is_hidden = True
        idea.hidden_reason = reason
        idea.hidden_by = actor
        idea.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "updated_at"])
        notify(
            recipients=[idea.author],
            kind=IDEA_HIDDEN,
            actor=actor,
            target_url=idea.get_absolute_url(),
            data={"title": idea.title, "reason": reason},
        )
    return idea


def idea_unhide(*, actor: User, idea: Idea) -> Idea:
    with transaction.atomic():
        idea = lock_idea(idea)
        if not permissions.can_moderate_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        idea.is_hidden = False
        idea.hidden_reason = ""
        idea.hidden_by = None
        idea.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "updated_at"])
    return idea


def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    if not permissions.can_hide_comment(actor, comment):
        raise ServiceError(ErrorCode.FORBIDDEN)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Ange varför kommentaren döljs.")]})
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.is_hidden = True
        comment.hidden_reason = reason[:MAX_HIDDEN_REASON_LENGTH]
        comment.save(update_fields=["is_hidden", "hidden_reason"])
    return comment
