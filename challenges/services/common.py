"""What the challenge services share: text checks, locking a challenge, counting places."""

from __future__ import annotations

from django.utils.translation import gettext as _

from challenges.models import Application, ApplicationStatus, Challenge

Errors = dict[str, list[str]]


def clean_text(value: str, field: str, limit: int, errors: Errors, *, required: bool) -> str:
    """`value` stripped; an error on `field` when it is missing, too long or has a NUL."""
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("Fyll i fältet.")]
    elif len(value) > limit:
        errors[field] = [_("Högst %(n)d tecken.") % {"n": limit}]
    elif "\x00" in value:
        errors[field] = [_("Texten innehåller ett otillåtet tecken.")]
    return value


def lock_challenge(challenge: Challenge) -> Challenge:
    """The challenge's row, locked for this transaction (SQLite's IMMEDIATE transactions
    serialise writers the same way)."""
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


def accepted_count(challenge: Challenge) -> int:
    return Application.objects.filter(
        challenge=challenge, status=ApplicationStatus.ACCEPTED
    ).count()


def is_filled(challenge: Challenge) -> bool:
    """Tillsatt: the accepted applications fill the places."""
    return accepted_count(challenge) >= challenge.places
