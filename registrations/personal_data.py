"""The registrations app's personal data (see common/personal_data.py).

A registration counts in the event's figures (registered, attended, by sector) for the
annual report: erasure keeps the row and its status, and clears what tells who the person
was or what they needed. A guest's registration is no account's: the retention job clears
guests' names and addresses, and everyone's needs, after the event (services/retention.py).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from registrations.models import Registration, RegistrationSettings

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
pd.not_personal(RegistrationSettings, reason="an event's capacity and deadline")
