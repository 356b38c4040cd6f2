"""The registrations app's personal data (see common/personal_data.py).

A registration counts in the event's figures (registered, attended, by sector) for the
annual report: erasure keeps the row and its status, and clears what tells who the person
was or what they needed. A guest's registration is no account's: the retention job clears
guests' names and addresses, and everyone's needs, after the event (services/retention.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from registrations.models import CalendarFeed, Registration, RegistrationSettings

pd.register(
    Registration,
    people=("person",),
    fields={
        "guest_name": pd.Erasure.CLEAR,
        "guest_email": pd.Erasure.CLEAR,
        "organisation_name": pd.Erasure.CLEAR,
        "dietary_needs": pd.Erasure.CLEAR,
        "accessibility_needs": pd.Erasure.CLEAR,
    },
    label=_("Dina anmälningar till evenemang"),
)


def _feeds_export(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    # When it was made: not even the secret's hash leaves the hub.
    return [{"created_at": feed.created_at.isoformat()} for feed in rows]


pd.register(
    CalendarFeed,
    people=("person",),
    not_personal_fields=("key_hash",),
    delete_rows=True,  # the address stops working: nothing without the person
    export=_feeds_export,
    label=_("Ditt kalenderflöde"),
)
pd.not_personal(RegistrationSettings, reason="an event's capacity and deadline")
