"""Clusters: group cards of one section under a heading, and take them out again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boards import events
from boards.models import HEADING_MAX, Board, Card, Cluster, Participant
from boards.services.lookups import (
    Facilitation,
    OpResult,
    card_of,
    int_field,
    maybe_int,
    section_of,
    text_field,
    writable,
)
from common.errors import ErrorCode, ServiceError


def op_cluster_create(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    writable(board, facilitator)
    section = section_of(board, data)
    heading = text_field(data, "heading", HEADING_MAX)
    ids = data.get("cards", [])
    if (
        not isinstance(ids, list)
        or len(ids) > 200
        or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in ids)
    ):
        raise ValidationError({"cards": [_("Ska vara en lista med lappar.")]})
    cards = list(Card.objects.filter(board=board, section=section, pk__in=ids, is_hidden=False))
    if len(cards) != len(set(ids)):
        raise ValidationError({"cards": [_("Lapparna måste finnas i samma kolumn.")]})
    cluster = Cluster.objects.create(board=board, section=section, heading=heading)
    Card.objects.filter(pk__in=[c.pk for c in cards]).update(cluster=cluster)
    return events.CLUSTER_CREATED, {
        "cluster": events.cluster_data(cluster),
        "cards": sorted(set(ids)),
    }


def op_cluster_remove(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    writable(board, facilitator)
    pk = int_field(data, "cluster")
    cluster = Cluster.objects.filter(board=board, pk=pk).first()
    if cluster is None:
        raise ServiceError(ErrorCode.NOT_FOUND, field="cluster")
    cards = list(cluster.cards.values_list("pk", flat=True))
    cluster.delete()  # its cards stay, unclustered
    return events.CLUSTER_REMOVED, {"cluster": pk, "cards": cards}


def op_card_cluster(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    """Put a card into a cluster of its section, or take it out (cluster: null)."""
    writable(board, facilitator)
    card = card_of(board, participant, data)
    cluster_id = maybe_int(data, "cluster")
    if cluster_id is not None:
        cluster = Cluster.objects.filter(board=board, pk=cluster_id).first()
        if cluster is None:
            raise ServiceError(ErrorCode.NOT_FOUND, field="cluster")
        if cluster.section_id != card.section_id:
            raise ValidationError({"cluster": [_("Gruppen finns i en annan kolumn.")]})
    card.cluster_id = cluster_id
    card.save(update_fields=["cluster", "updated_at"])
    return events.CARD_CLUSTERED, {"card": card.pk, "cluster": cluster_id}
