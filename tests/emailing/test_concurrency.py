"""Two workers sending the same digests at once on PostgreSQL: every mail exactly once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from common.models import OutgoingEmail
from emailing import services
from emailing.models import Frequency, NotificationEmail
from hub.services import notify
from tests.conftest import needs_postgres
from tests.factories import UserFactory

pytestmark = [needs_postgres(), pytest.mark.django_db(transaction=True)]


def test_two_workers_at_once_never_mail_a_notification_twice() -> None:
    readers = [UserFactory(email_verified_at=timezone.now()) for _ in range(6)]
    for _ in range(3):
        notify(
            recipients=readers,
            kind="idea.comment",
            actor=None,
            target_url="/",
            data={"who": "Per", "title": "Läxhjälp"},
        )
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            services.digests_send(frequency=Frequency.DAILY)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    assert NotificationEmail.objects.count() == 18
    mails = list(OutgoingEmail.objects.values_list("to", flat=True))
    assert sorted(mails) == sorted(r.email for r in readers)  # one digest each
