"""Links between two cards of a board (undirected)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boards import events
from boards.models import Board, Card, CardLink, Participant
from boards.services.inputs import LinkInput
from boards.services.lookups import Facilitation, OpResult, card_of, writable
from common.errors import ErrorCode, ServiceError


def _link_pair(board: Board, participant: Participant, data: LinkInput) -> tuple[Card, Card]:
    first = card_of(board, participant, data.source, "source")
    second = card_of(board, participant, data.target, "target")
    if first.pk == second.pk:
        raise ValidationError({"target": [_("En lapp kan inte länkas till sig själv.")]})
    # Links have no direction: store the pair in one order so it is unique.
    return (first, second) if first.pk < second.pk else (second, first)


def link_add(
    board: Board, participant: Participant, facilitator: Facilitation, data: LinkInput
) -> OpResult:
    writable(board, facilitator)
    source, target = _link_pair(board, participant, data)
    if CardLink.objects.filter(source=source, target=target).exists():
        raise ServiceError(ErrorCode.CONFLICT)
    link = CardLink.objects.create(
        board=board, source=source, target=target, created_by=participant
    )
    return events.LINK_ADDED, {"link": {"id": link.pk, "source": source.pk, "target": target.pk}}


def link_remove(
    board: Board, participant: Participant, facilitator: Facilitation, data: LinkInput
) -> OpResult:
    writable(board, facilitator)
    source, target = _link_pair(board, participant, data)
    deleted, _rows = CardLink.objects.filter(source=source, target=target).delete()
    if not deleted:
        raise ServiceError(ErrorCode.NOT_FOUND, field="target")
    return events.LINK_REMOVED, {"source": source.pk, "target": target.pk}
