"""Background work of feedback: telling participants when an event's feedback opens."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from common.periodic import periodic
from feedback.services import feedback_invitations_send


@periodic(every=timedelta(minutes=30))
@task()
def feedback_invitations() -> None:
    feedback_invitations_send()
