"""How long a guest stays a guest: their pass, and their name afterwards.

A guest (someone who joined a board with its code, without an account) holds a pass in
their session. It works for `BOARD_GUEST_PASS_HOURS` after joining; then the guest must
join again with the code (a new guest). A guest has no account to erase, so once they have
been gone `BOARD_GUEST_RETENTION_DAYS` (counted from the end of their pass) their name goes:
from the participant row and from every card payload in the board's event log, so pages,
the API and socket replay read "Borttagen deltagare". Their cards stay on the board (its
history), like an erased person's.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from boards.models import Participant
from boards.stream import payload_without_authors
from realtime.models import StreamEvent

logger = logging.getLogger(__name__)


def guest_pass_valid_from(*, now: datetime | None = None) -> datetime:
    """Guests who joined before this no longer hold a working pass."""
    return (now or timezone.now()) - timedelta(hours=settings.BOARD_GUEST_PASS_HOURS)


def guests_retention_apply(*, now: datetime | None = None) -> int:
    """Pseudonymise the guests inactive past the retention period; returns how many."""
    now = now or timezone.now()
    before = guest_pass_valid_from(now=now) - timedelta(days=settings.BOARD_GUEST_RETENTION_DAYS)
    with transaction.atomic():
        guests = (
            Participant.objects.select_for_update()
            .filter(user__isnull=True, joined_at__lt=before)
            .exclude(guest_name="")
        )
        by_board: dict[int, set[int]] = defaultdict(set)
        for board_id, pk in guests.values_list("board_id", "pk"):
            by_board[board_id].add(pk)
        for board_id, authors in by_board.items():
            events = StreamEvent.objects.filter(stream__key=f"board.{board_id}")
            for event in events.only("pk", "payload").iterator():
                scrubbed = payload_without_authors(event.payload, authors, remove_texts=False)
                if scrubbed != event.payload:
                    StreamEvent.objects.filter(pk=event.pk).update(payload=scrubbed)
        ids = [pk for authors in by_board.values() for pk in authors]
        changed = Participant.objects.filter(pk__in=ids).update(guest_name="")
    if changed:
        logger.info("board guests pseudonymised: %d", changed)
    return changed
