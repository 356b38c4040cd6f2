"""Support: a person says how they want to contribute to a submission."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from common.ratelimit import rate_limit_check
from hub.display_names import shown_name
from hub.models import User
from hub.services import notify
from ideas import permissions
from ideas.models import Idea, Support, SupportKind
from ideas.notifications import NEW_SUPPORT

MAX_NOTE_LENGTH = 500


def support_add(*, user: User, idea: Idea, kind: str, note: str = "") -> tuple[Support, bool]:
    """Say how you want to contribute. Idempotent: returns (support, created).

    The unique constraint decides between concurrent identical requests; the losers read
    the winner's row, so every request gets a clean answer and there is exactly one row.
    """
    if not permissions.can_view_idea(user, idea):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_support(user, idea):
        raise ServiceError(ErrorCode.FORBIDDEN)
    if kind not in SupportKind.values:
        raise ValidationError({"kind": [_("Välj hur du vill bidra.")]})
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError({"note": [_("Meddelandet får vara högst 500 tecken.")]})
    existing = Support.objects.filter(idea=idea, user=user, kind=kind).first()
    if existing is not None:
        return existing, False
    rate_limit_check(scope="support", key=user.pk)
    try:
        with transaction.atomic():
            support = Support.objects.create(idea=idea, user=user, kind=kind, note=note)
            notify(
                recipients=[idea.author],
                kind=NEW_SUPPORT,
                actor=user,
                target_url=idea.get_absolute_url(),
                data={"title": idea.title, "who": shown_name(person=user, viewer=idea.author)},
            )
    except IntegrityError:
        return Support.objects.get(idea=idea, user=user, kind=kind), False
    return support, True


def support_remove(*, user: User, idea: Idea, kind: str) -> bool:
    """Take back a support. Returns whether there was one."""
    if not permissions.can_view_idea(user, idea):
        raise ServiceError(ErrorCode.NOT_FOUND)
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=user, kind=kind).delete()
    return bool(deleted)
