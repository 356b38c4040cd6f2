"""A sending process killed mid-batch (SIGKILL, no clean-up) and started again: every
notification is mailed exactly once, and every mail delivered once (PostgreSQL)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from common.models import OutgoingEmail, OutgoingEmailStatus
from emailing.models import NotificationEmail
from hub.models import Notification
from hub.services import notify
from tests.boards import procs
from tests.conftest import needs_postgres
from tests.factories import UserFactory

pytestmark = [needs_postgres(), pytest.mark.django_db(transaction=True)]

SCRIPT = Path(__file__).with_name("sender_proc.py")
READERS = 8


def lines(record: Path, kind: str) -> list[list[str]]:
    if not record.exists():
        return []
    rows = [line.split() for line in record.read_text(encoding="utf-8").splitlines()]
    return [row[1:] for row in rows if row and row[0] == kind]


def start(phase: str, record: Path) -> subprocess.Popen:
    env = procs.server_env(database_url=procs.database_url(connection.settings_dict))
    return subprocess.Popen(  # noqa: S603 (our own script)
        [sys.executable, str(SCRIPT), phase, str(record)],
        cwd=procs.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_sender_killed_mid_batch_and_restarted_mails_each_notification_once(tmp_path):
    readers = [UserFactory(email_verified_at=timezone.now()) for _ in range(READERS)]
    for n in range(2):
        notify(
            recipients=readers,
            kind="idea.comment",
            actor=None,
            target_url="/",
            data={"who": "Per", "title": f"Läxhjälp {n}"},
        )
    record = tmp_path / "delivered.txt"

    first = start("first", record)
    deadline = time.monotonic() + 120
    # Kill while the fourth mail is at the mail server, three delivered before it.
    while len(lines(record, "start")) < 4 and time.monotonic() < deadline:
        assert first.poll() is None, first.stderr.read().decode() if first.stderr else ""
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert first.returncode == -signal.SIGKILL
    delivered_before = len(lines(record, "sent"))
    assert 3 <= delivered_before < READERS  # really mid-batch
    # The claimed mail stays "sending"; the sweep takes it back once it has been stuck for
    # STUCK_AFTER. Let that time pass.
    stuck = OutgoingEmail.objects.filter(status=OutgoingEmailStatus.SENDING)
    assert stuck.count() == 1
    stuck.update(next_attempt_at=timezone.now() - timedelta(minutes=31))

    again = start("restart", record)
    assert again.wait(180) == 0, again.stderr.read().decode() if again.stderr else ""

    sent = lines(record, "sent")
    message_ids = [row[0] for row in sent]
    assert len(message_ids) == len(set(message_ids)) == READERS  # no mail twice
    assert sorted(row[1] for row in sent) == sorted(r.email for r in readers)  # one each
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmailStatus.SENT}
    carried = NotificationEmail.objects.values_list("notification_id", flat=True)
    assert sorted(carried) == sorted(Notification.objects.values_list("pk", flat=True))
    assert len(carried) == len(set(carried)) == 2 * READERS
