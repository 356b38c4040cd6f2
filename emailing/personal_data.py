"""The emailing app's personal data (see common/personal_data.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from emailing.models import EmailPreference, NotificationEmail

pd.register(
    EmailPreference,
    people=("user",),
    not_personal_fields=("kind",),  # a notification kind's code
    delete_rows=True,
    label=_("Val för e-postnotiser"),
)
pd.register(
    NotificationEmail,
    people=("notification__recipient",),
    delete_rows=True,  # goes with the notification anyway
    label=_("Notiser som skickats med e-post"),
)
