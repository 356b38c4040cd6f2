"""The feedback app's personal data (see common/personal_data.py).

An answer counts in the event's results: erasure keeps its ratings and clears who gave it
and the words they wrote (their free text and their answers to free-text questions). A
guest's answer has no account; its key is a keyed hash that leads to no one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from feedback.models import Answer, FeedbackForm, Question, Response

# The answers first: erasing the response takes the path to them away.
pd.register(
    Answer,
    people=("response__respondent",),
    fields={"text": pd.Erasure.CLEAR, "choice": pd.Erasure.KEEP},
    label=_("Dina svar på utvärderingarnas egna frågor"),
)
pd.register(
    Response,
    people=("respondent",),
    fields={"comment": pd.Erasure.CLEAR, "respondent": pd.Erasure.CLEAR},
    not_personal_fields=("guest_key",),
    label=_("Dina svar på utvärderingar"),
)
pd.not_personal(FeedbackForm, reason="an event's feedback form and its window")
pd.not_personal(Question, reason="the organisers' questions")
