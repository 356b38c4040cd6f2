"""What erasing a person does to the people core: the user row pseudonymised, their
notifications gone, their name out of the notifications others got about them.

Called by the registry (`hub/personal_data.py`) inside the erasure's transaction, which
`privacy.services` opens, checks and orders (the user row last, so every other app still
finds the person's name and address while it erases).
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db.models import F
from django.utils import timezone

from common.personal_data import ERASED_NAME_SV
from hub.models import Notification, User


def erased_email_placeholder(user: User) -> str:
    """Unique, and not an address (no "@"): nothing can be mailed to it or sign in with it."""
    return f"borttagen-{user.pk}-{secrets.token_hex(6)}"


def user_pseudonymise(*, user: User) -> None:
    """The row stays (decisions and histories point at it) but holds nothing of the person:
    "Borttagen deltagare", a placeholder for the address, no password, no roles, inactive,
    every session ended."""
    User.objects.filter(pk=user.pk).update(
        display_name=ERASED_NAME_SV,
        email=erased_email_placeholder(user),
        bio="",
        organisation=None,
        password=make_password(None),  # unusable
        is_active=False,
        is_staff=False,
        is_superuser=False,
        email_verified_at=None,
        # Part of the session hash: every session still open stops working at once.
        session_epoch=F("session_epoch") + 1,
        erased_at=timezone.now(),
    )
    user.groups.clear()
    user.user_permissions.clear()
    _sessions_delete(user)


def _sessions_delete(user: User) -> None:
    """Delete the database sessions signed in as `user` (the epoch already voids them)."""
    mine = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == mine
    ]
    Session.objects.filter(pk__in=doomed).delete()


def notifications_erase(*, user: User) -> None:
    """The person's own notifications go; in those others got about what the person did,
    the name they carry reads "Borttagen deltagare" (the actor link stays, pseudonymised)."""
    Notification.objects.filter(recipient=user).delete()
    name = user.display_name
    for notification in Notification.objects.filter(actor=user):
        data = notification.data
        if not isinstance(data, dict):
            continue
        scrubbed = {key: ERASED_NAME_SV if value == name else value for key, value in data.items()}
        if scrubbed != data:
            Notification.objects.filter(pk=notification.pk).update(data=scrubbed)
