"""A real sending process for tests/emailing/test_killed_sender.py (not a test module).

`python tests/emailing/sender_proc.py <first|restart> <record file>` runs what the worker
runs: the daily digests (each queued and, after its commit, sent by `common.tasks.email_send`)
and, on restart, the outbox sweep first. The mail server is simulated at the last step,
`EmailMultiAlternatives.send`: it writes "start <Message-ID>", waits a little, then writes
"sent <Message-ID> <to>" and fsyncs, so the test knows exactly what was delivered.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(phase: str, record: str) -> None:
    import django

    django.setup()
    from django.core.mail import EmailMultiAlternatives

    from common.tasks import email_outbox_sweep
    from emailing.models import Frequency
    from emailing.services import digests_send

    def deliver(message: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        message_id = message.extra_headers["Message-ID"]
        with open(record, "a", encoding="utf-8") as out:
            out.write(f"start {message_id}\n")
            out.flush()
            os.fsync(out.fileno())
        time.sleep(0.4)  # the mail server takes its time: the test kills us here
        with open(record, "a", encoding="utf-8") as out:
            out.write(f"sent {message_id} {message.to[0]}\n")
            out.flush()
            os.fsync(out.fileno())
        return 1

    EmailMultiAlternatives.send = deliver  # type: ignore[method-assign, assignment]
    if phase == "restart":
        email_outbox_sweep.call()
    digests_send(frequency=Frequency.DAILY)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
