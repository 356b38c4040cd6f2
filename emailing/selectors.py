"""Reads: each person's effective choice per notification kind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from emailing.models import ALL_KINDS, EmailPreference, Frequency
from hub.models import User
from hub.notifications import notification_kinds


def default_frequency(kind: str) -> Frequency:
    """Immediately for what is addressed to the reader, a daily digest for the rest."""
    for known in notification_kinds():
        if known.kind == kind:
            return Frequency.IMMEDIATELY if known.addressed else Frequency.DAILY
    return Frequency.DAILY


def frequency_for(stored: dict[str, str], kind: str) -> Frequency:
    """The choice for `kind` given a person's stored rows (kind -> frequency)."""
    value = stored.get(kind) or stored.get(ALL_KINDS)
    return Frequency(value) if value in Frequency.values else default_frequency(kind)


def stored_preferences(user_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Every stored row of these people, in one query: user id -> kind -> frequency."""
    found: dict[int, dict[str, str]] = {}
    rows = EmailPreference.objects.filter(user_id__in=list(user_ids))
    for user_id, kind, frequency in rows.values_list("user_id", "kind", "frequency"):
        found.setdefault(user_id, {})[kind] = frequency
    return found


@dataclass(frozen=True)
class KindChoice:
    kind: str
    label: Promise | str
    frequency: Frequency
    is_default: bool


def email_preferences(*, user: User) -> list[KindChoice]:
    """Each registered kind with the person's choice, for the preferences page and API."""
    stored = stored_preferences([user.pk]).get(user.pk, {})
    return [
        KindChoice(
            kind=known.kind,
            label=known.label,
            frequency=frequency_for(stored, known.kind),
            is_default=known.kind not in stored and ALL_KINDS not in stored,
        )
        for known in notification_kinds()
    ]


def can_receive_email(user: User) -> bool:
    """Only active people with a verified address get notification email."""
    return bool(user.is_active and user.email and user.email_verified_at is not None)
