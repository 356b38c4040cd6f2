"""Board event payloads, and what each participant may see of them.

Events are stored once, in full, in the stream log. Before an event reaches a participant
(live, on replay or through the API) it passes through `visible_to`, so silent-writing
cards and votes cast during voting never leak. Payload shapes are documented in
docs/realtime-protocol.md.
"""

from __future__ import annotations

from typing import Any

from boards.models import Board, Card, Cluster
from common.personal_data import ERASED_NAME_SV
from realtime.streams import Transport, declare

CARD_ADDED = "card.added"
CARD_EDITED = "card.edited"
CARD_MOVED = "card.moved"
CARD_DELETED = "card.deleted"
CARD_CLUSTERED = "card.clustered"
CLUSTER_CREATED = "cluster.created"
CLUSTER_REMOVED = "cluster.removed"
VOTE_ADDED = "vote.added"
VOTE_REMOVED = "vote.removed"
LINK_ADDED = "link.added"
LINK_REMOVED = "link.removed"
BOARD_PHASE = "board.phase"
BOARD_TIMER = "board.timer"
BOARD_LOCK = "board.lock"

# A board's live stream, "board.<id>": numbered and logged, so clients resume and replay.
BOARD_STREAM = declare(
    "board",
    transport=Transport.LOG,
    events={
        CARD_ADDED,
        CARD_EDITED,
        CARD_MOVED,
        CARD_DELETED,
        CARD_CLUSTERED,
        CLUSTER_CREATED,
        CLUSTER_REMOVED,
        VOTE_ADDED,
        VOTE_REMOVED,
        LINK_ADDED,
        LINK_REMOVED,
        BOARD_PHASE,
        BOARD_TIMER,
        BOARD_LOCK,
    },
)


def card_data(card: Card, board: Board) -> dict[str, Any]:
    """A card as every client sees it (before `visible_to`)."""
    author = card.author
    return {
        "id": card.pk,
        "section": card.section_id,
        "cluster": card.cluster_id,
        "text": card.text,
        "colour": card.colour,
        "position": card.position,
        "hidden": card.is_hidden,
        "author": author.pk,
        "author_name": None if board.anonymous_cards else author.display_name,
    }


def payload_without_authors(value: Any, authors: set[int], *, remove_texts: bool) -> Any:
    """`value` with every card of the participants `authors` nameless ("Borttagen
    deltagare"), and textless on request: for erasure and for guests' retention."""
    if isinstance(value, list):
        return [payload_without_authors(item, authors, remove_texts=remove_texts) for item in value]
    if not isinstance(value, dict):
        return value
    out = {
        key: payload_without_authors(item, authors, remove_texts=remove_texts)
        for key, item in value.items()
    }
    if out.get("author") in authors:
        if out.get("author_name") is not None:
            out["author_name"] = ERASED_NAME_SV
        if remove_texts and "text" in out:
            out["text"] = ""
    return out


def cluster_data(cluster: Cluster) -> dict[str, Any]:
    return {"id": cluster.pk, "section": cluster.section_id, "heading": cluster.heading}


def _public_card(card: dict[str, Any], anonymous: bool) -> dict[str, Any]:
    if card.get("hidden"):
        return {k: card[k] for k in ("id", "section", "cluster", "position", "hidden") if k in card}
    if anonymous:
        return {**card, "author": None, "author_name": None}
    return card


def owner_of(event_type: str, data: dict[str, Any]) -> int | None:
    """The one participant who sees this event differently from everyone else, if any."""
    if event_type in (CARD_ADDED, CARD_EDITED):
        card = data.get("card", {})
        if card.get("hidden") or data.get("anonymous"):
            return card.get("author")
    if event_type in (VOTE_ADDED, VOTE_REMOVED):
        return data.get("voter")
    return None


def audience(event_type: str, data: dict[str, Any], viewer_id: int | None) -> str:
    """Which version of the event `viewer_id` gets: "all", "owner" or "others".

    At most two versions of any event exist, so fan-out serialises each at most twice.
    """
    owner = owner_of(event_type, data)
    if owner is None:
        return "all"
    return "owner" if viewer_id == owner else "others"


def visible_to(event_type: str, data: dict[str, Any], audience_name: str) -> dict[str, Any]:
    """The version of one event's data for an audience (see `audience`)."""
    if audience_name == "owner":
        return {k: v for k, v in data.items() if k != "anonymous"}
    anonymous = bool(data.get("anonymous"))
    if event_type in (CARD_ADDED, CARD_EDITED) and "card" in data:
        return {"card": _public_card(data["card"], anonymous)}
    if event_type in (VOTE_ADDED, VOTE_REMOVED):
        # Votes are secret until voting ends; others learn only that the log moved on.
        return {}
    if event_type == BOARD_PHASE and data.get("revealed"):
        revealed = [_public_card({**card, "hidden": False}, anonymous) for card in data["revealed"]]
        return {**{k: v for k, v in data.items() if k != "anonymous"}, "revealed": revealed}
    return {k: v for k, v in data.items() if k != "anonymous"}


def for_viewer(event_type: str, data: dict[str, Any], viewer_id: int | None) -> dict[str, Any]:
    return visible_to(event_type, data, audience(event_type, data, viewer_id))
