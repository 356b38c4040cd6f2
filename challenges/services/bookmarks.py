"""Bookmarking challenges (a student's list to come back to)."""

from __future__ import annotations

from django.db import transaction

from challenges import permissions
from challenges.models import Bookmark, Challenge
from common.errors import ErrorCode, ServiceError
from hub.models import User


def bookmark_set(*, actor: User, challenge: Challenge, on: bool) -> bool:
    """Bookmark (`on`) or un-bookmark; doing it twice changes nothing. Returns `on`."""
    if not permissions.can_view_challenge(actor, challenge):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_bookmark(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        if on:
            Bookmark.objects.get_or_create(person=actor, challenge=challenge)
        else:
            Bookmark.objects.filter(person=actor, challenge=challenge).delete()
    return on
