"""A person's calendar feed (the events they registered for, at a secret address): created,
replaced and revoked by the person alone."""

from __future__ import annotations

import secrets

from django.db import transaction

from accounts.models import token_hash
from common.errors import ErrorCode, ServiceError
from hub.models import User
from hub.permissions import is_authenticated
from registrations.models import CalendarFeed

FEED_PREFIX = "cal_"


def calendar_feed_create(*, actor: User) -> tuple[CalendarFeed, str]:
    """A new feed address for `actor`, replacing any earlier one (which stops working at
    once). Returns the feed and its secret: only the hash is kept, so show it now."""
    if not is_authenticated(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    secret = FEED_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(person=actor).delete()
        feed = CalendarFeed.objects.create(person=actor, key_hash=token_hash(secret))
    return feed, secret


def calendar_feed_revoke(*, actor: User) -> bool:
    """End `actor`'s feed address; True if there was one."""
    if not is_authenticated(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        deleted, _rows = CalendarFeed.objects.filter(person=actor).delete()
    return deleted > 0
