"""A submission's lifecycle: the one place its status changes, with its history and the
author's notification."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from hub.models import User
from hub.services import notify
from ideas import permissions
from ideas.models import Idea, IdeaStatus, StatusChange
from ideas.notifications import STATUS_CHANGED
from ideas.services.locking import lock_idea

MAX_REASON_LENGTH = 2000


def idea_transition(*, actor: User, idea: Idea, to_status: str, reason: str = "") -> Idea:
    """Move a submission along its lifecycle. The only place its status changes."""
    reason = (reason or "").strip()
    if to_status not in IdeaStatus.values:
        raise ValidationError({"status": [_("Okänd status.")]})
    with transaction.atomic():
        idea = lock_idea(idea)
        if not permissions.can_view_idea(actor, idea):
            raise ServiceError(ErrorCode.NOT_FOUND)
        transition_check(actor=actor, idea=idea, to_status=to_status)
        if to_status in permissions.REASON_REQUIRED and not reason:
            raise ValidationError({"reason": [_("Skriv en motivering till författaren.")]})
        if len(reason) > MAX_REASON_LENGTH:
            raise ValidationError({"reason": [_("Motiveringen får vara högst 2000 tecken.")]})
        if to_status == IdeaStatus.SUBMITTED:
            completeness_check(idea)
        status_change(idea, actor=actor, to_status=IdeaStatus(to_status), reason=reason)
    return idea


def idea_submit(*, actor: User, idea: Idea) -> Idea:
    return idea_transition(actor=actor, idea=idea, to_status=IdeaStatus.SUBMITTED)


def idea_withdraw(*, actor: User, idea: Idea, reason: str = "") -> Idea:
    return idea_transition(actor=actor, idea=idea, to_status=IdeaStatus.WITHDRAWN, reason=reason)


def transition_check(*, actor: User, idea: Idea, to_status: str) -> None:
    """Refuse a move that does not exist from the current status, or is not the actor's."""
    if not permissions.transition_exists(idea.status, to_status):
        raise ServiceError(ErrorCode.INVALID_TRANSITION, current=idea.status, to=to_status)
    if not permissions.can_transition(actor, idea, to_status):
        raise ServiceError(ErrorCode.FORBIDDEN)


def completeness_errors(idea: Idea) -> dict[str, list[str]]:
    """What a draft needs before it can be submitted."""
    errors: dict[str, list[str]] = {}
    if not idea.summary:
        errors["summary"] = [_("Skriv en kort sammanfattning innan du skickar in.")]
    if idea.focus_area_id is None:
        errors["focus_area"] = [_("Välj ett fokusområde innan du skickar in.")]
    return errors


def completeness_check(idea: Idea) -> None:
    errors = completeness_errors(idea)
    if errors:
        raise ValidationError(errors)


def status_change(idea: Idea, *, actor: User, to_status: IdeaStatus, reason: str) -> None:
    """Write the new status, its step in the history and the author's notification.
    Inside the caller's transaction, on a locked submission whose move was checked."""
    from_status = idea.status
    idea.status = to_status
    fields = ["status", "updated_at"]
    if to_status == IdeaStatus.SUBMITTED and idea.submitted_at is None:
        idea.submitted_at = timezone.now()
        fields.append("submitted_at")
    idea.save(update_fields=fields)
    StatusChange.objects.create(
        idea=idea, actor=actor, from_status=from_status, to_status=to_status, reason=reason
    )
    notify(
        recipients=[idea.author],
        kind=STATUS_CHANGED,
        actor=actor,
        target_url=idea.get_absolute_url(),
        data={"title": idea.title, "status": str(to_status), "reason": reason},
    )
