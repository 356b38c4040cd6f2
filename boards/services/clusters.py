"""Clusters: group cards of one section under a heading, and take them out again."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boards import events
from boards.models import Board, Card, Cluster, Participant
from boards.services.inputs import CardClusterInput, ClusterCreateInput, ClusterRemoveInput
from boards.services.lookups import Facilitation, OpResult, card_of, section_of, writable
from common.errors import ErrorCode, ServiceError


def cluster_create(
    board: Board, participant: Participant, facilitator: Facilitation, data: ClusterCreateInput
) -> OpResult:
    writable(board, facilitator)
    section = section_of(board, data.section)
    ids = set(data.cards)
    cards = list(Card.objects.filter(board=board, section=section, pk__in=ids, is_hidden=False))
    if len(cards) != len(ids):
        raise ValidationError({"cards": [_("Lapparna måste finnas i samma kolumn.")]})
    cluster = Cluster.objects.create(board=board, section=section, heading=data.heading)
    Card.objects.filter(pk__in=[c.pk for c in cards]).update(cluster=cluster)
    return events.CLUSTER_CREATED, {"cluster": events.cluster_data(cluster), "cards": sorted(ids)}


def cluster_remove(
    board: Board, participant: Participant, facilitator: Facilitation, data: ClusterRemoveInput
) -> OpResult:
    writable(board, facilitator)
    cluster = Cluster.objects.filter(board=board, pk=data.cluster).first()
    if cluster is None:
        raise ServiceError(ErrorCode.NOT_FOUND, field="cluster")
    cards = list(cluster.cards.values_list("pk", flat=True))
    cluster.delete()  # its cards stay, unclustered
    return events.CLUSTER_REMOVED, {"cluster": data.cluster, "cards": cards}


def card_cluster(
    board: Board, participant: Participant, facilitator: Facilitation, data: CardClusterInput
) -> OpResult:
    """Put a card into a cluster of its section, or take it out (cluster: null)."""
    writable(board, facilitator)
    card = card_of(board, participant, data.card)
    if data.cluster is not None:
        cluster = Cluster.objects.filter(board=board, pk=data.cluster).first()
        if cluster is None:
            raise ServiceError(ErrorCode.NOT_FOUND, field="cluster")
        if cluster.section_id != card.section_id:
            raise ValidationError({"cluster": [_("Gruppen finns i en annan kolumn.")]})
    card.cluster_id = data.cluster
    card.save(update_fields=["cluster", "updated_at"])
    return events.CARD_CLUSTERED, {"card": card.pk, "cluster": data.cluster}
