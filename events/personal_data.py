"""The events app's personal data (see common/personal_data.py).

Events and series are the partnership's public record: their texts stay, and their
creators and organisers read as "Borttagen deltagare" once erased.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from events.models import Event, ForumSeries

KEEP = pd.Erasure.KEEP

pd.register(
    ForumSeries,
    people=("created_by",),
    fields={"title": KEEP, "description": KEEP},
    label=_("Forumserier du skapat"),
)
pd.register(
    Event,
    people=("created_by", "organisers"),
    fields={"title": KEEP, "description": KEEP, "description_html": KEEP, "place": KEEP},
    label=_("Evenemang du skapat eller arrangerar"),
)
