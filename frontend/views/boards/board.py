"""The live board's page, rendered from the viewer's snapshot.

The page is complete before any script runs and never contains what the viewer may not see
(`boards.selectors.board_snapshot`). With JavaScript, `static/js/board.js` keeps it live over
the socket (docs/realtime-protocol.md) and copies the blank card and cluster rendered here.
"""

from __future__ import annotations

import secrets
from collections import Counter
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from boards.consumers import GUEST_SESSION_KEY
from boards.models import CARD_TEXT_MAX, HEADING_MAX, Board, BoardPhase, CardColour, Participant
from boards.selectors import board_get, board_snapshot
from boards.services import participant_for
from frontend.views.common import HtmxHttpRequest, render_page
from frontend.views.feedback import board_feedback

Snapshot = dict[str, Any]


def board_participant(request: HtmxHttpRequest, board: Board) -> Participant | None:
    """The visitor's place on the board: as themselves, or by a guest pass; else None."""
    return participant_for(
        board=board, user=request.user, guest_passes=request.session.get(GUEST_SESSION_KEY)
    )


def to_join(request: HtmxHttpRequest, board: Board) -> HttpResponse:
    messages.info(request, _("Skriv koden som processtödet visar för att vara med på tavlan."))
    query = urlencode({"next": board.get_absolute_url()})
    return redirect(f"{reverse('frontend:board-join')}?{query}")


@require_GET
def board_detail_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    board = board_get(pk=pk)
    participant = board_participant(request, board)
    if participant is None:
        return to_join(request, board)
    return render_board(request, board, participant)


def render_board(
    request: HtmxHttpRequest,
    board: Board,
    participant: Participant,
    *,
    status: int = 200,
    errors: list[str] | None = None,
    draft: dict[str, Any] | None = None,
) -> HttpResponse:
    snapshot = board_snapshot(participant=participant)
    facilitator = bool(snapshot["me"]["facilitator"])
    state = snapshot["board"]
    context = {
        "board": board,
        "state": state,
        "seq": snapshot["seq"],
        "me": snapshot["me"],
        "is_guest": participant.user_id is None,
        "facilitator": facilitator,
        "phase_label": BoardPhase(state["phase"]).label,
        "phase_choices": BoardPhase.choices,
        "colour_choices": CardColour.choices,
        "sections": board_layout(snapshot, facilitator=facilitator),
        "clusters": snapshot["clusters"],
        "votes_left": snapshot["votes_left"],
        "results": snapshot["results"] is not None,
        "card_max": CARD_TEXT_MAX,
        "heading_max": HEADING_MAX,
        "blank_card": BLANK_CARD,
        "blank_cluster": {"id": 0, "heading": "", "cards": []},
        "blank_link": {"other": 0, "text": ""},
        "join_url": request.build_absolute_uri(reverse("frontend:board-join")),
        "js_text": js_text(),
        "op_token": secrets.token_hex(8),
        "errors": errors or [],
        "draft": draft or {},
        **board_feedback(board),
    }
    return render_page(request, "boards/detail.html", context, status=status)


# A card with placeholder values, rendered once into the page's <template>: board.js copies
# it for every card that arrives over the socket, so both come from boards/_card.html.
BLANK_CARD: dict[str, Any] = {
    "id": 0,
    "section": "",
    "cluster": None,
    "text": "",
    "colour": CardColour.YELLOW,
    "position": 0,
    "hidden": False,
    "author": None,
    "author_label": "",
    "mine": False,
    "editable": True,
    "my_votes": 0,
    "votes": None,
    "links": [],
}


def board_layout(snapshot: Snapshot, *, facilitator: bool) -> list[dict[str, Any]]:
    """Sections as the page shows them: each cluster with its cards, then the loose cards.

    Cards are in their order (position, then id); clusters in the order they were made.
    """
    me = snapshot["me"]["participant"]
    results = snapshot["results"] or {}
    my_votes: Counter[int] = Counter(snapshot["my_votes"])
    texts = {card["id"]: card["text"] for card in snapshot["cards"] if "text" in card}
    links: dict[int, list[dict[str, Any]]] = {}
    for link in snapshot["links"]:
        source, target = link["source"], link["target"]
        if source in texts and target in texts:  # never point at a card the viewer cannot see
            links.setdefault(source, []).append({"other": target, "text": texts[target]})
            links.setdefault(target, []).append({"other": source, "text": texts[source]})
    sections = {
        section["id"]: {**section, "clusters": [], "loose": []} for section in snapshot["sections"]
    }
    clusters = {}
    for cluster in snapshot["clusters"]:
        clusters[cluster["id"]] = {**cluster, "cards": []}
        sections[cluster["section"]]["clusters"].append(clusters[cluster["id"]])
    for card in sorted(snapshot["cards"], key=lambda c: (c["position"], c["id"])):
        mine = card.get("author") == me
        item = {
            **card,
            "mine": mine,
            "editable": mine or facilitator,
            "author_label": _("Du") if mine else (card.get("author_name") or _("Anonym")),
            "my_votes": my_votes.get(card["id"], 0),
            "votes": results.get(str(card["id"]), 0) if snapshot["results"] is not None else None,
            "links": links.get(card["id"], []),
        }
        cluster = clusters.get(card["cluster"]) if card["cluster"] else None
        if cluster is not None and cluster["section"] == card["section"]:
            cluster["cards"].append(item)
        else:
            sections[card["section"]]["loose"].append(item)
    return list(sections.values())


def js_text() -> dict[str, str]:
    """What board.js says, in the page's language (placeholders in braces)."""
    return {
        "connecting": _("Ansluter…"),
        "connected": _("Ansluten"),
        "reconnecting": _("Återansluter…"),
        "offline": _("Frånkopplad"),
        "closed-4401": _("Du är inte längre med på tavlan. Ladda om sidan för att gå med igen."),
        "closed-4404": _("Tavlan finns inte längre."),
        "you": _("Du"),
        "anonymous": _("Anonym"),
        "hidden-one": _("{n} dold lapp"),
        "hidden-many": _("{n} dolda lappar"),
        "votes-one": _("{n} röst"),
        "votes-many": _("{n} röster"),
        "my-votes": _("Dina röster: {n}"),
        "votes-left": _("Du har {n} av {total} röster kvar."),
        "present": _("{n} på tavlan nu"),
        "selected": _("{n} valda"),
        "timer-left": _("Tid kvar: {time}"),
        "timer-up": _("Tiden är ute"),
        "added": _("{name} lade till en lapp i {section}"),
        "added-anonymous": _("En lapp lades till i {section}"),
        "added-hidden": _("En dold lapp lades till i {section}"),
        "edited": _("En lapp ändrades i {section}"),
        "moved": _("En lapp flyttades till {section}"),
        "deleted": _("En lapp togs bort från {section}"),
        "clustered": _("En lapp bytte grupp i {section}"),
        "cluster-created": _("Gruppen {heading} skapades i {section}"),
        "cluster-removed": _("En grupp löstes upp"),
        "linked": _("Två lappar kopplades ihop"),
        "unlinked": _("En koppling togs bort"),
        "phase": _("Fasen är nu: {phase}"),
        "timer-started": _("Nedräkningen har startat: {time}"),
        "timer-stopped": _("Nedräkningen har stoppats"),
        "locked": _("Processtödet har låst tavlan"),
        "unlocked": _("Processtödet har låst upp tavlan"),
        "many": _("{n} ändringar på tavlan"),
        "moved-own": _("Lappen är nu nummer {index} av {count} i {section}"),
        "first": _("Lappen är redan först"),
        "last": _("Lappen är redan sist"),
        "need-two": _("Välj exakt två lappar att koppla ihop."),
        "need-cards": _("Välj lappar först."),
        "need-group": _("Välj en grupp."),
        "need-heading": _("Skriv en rubrik för gruppen."),
        "same-section": _("Lapparna måste finnas i samma kolumn."),
        "offline-action": _("Frånkopplad: ändringen skickas när anslutningen är tillbaka."),
        "error": _("Ändringen gick inte igenom."),
        "error-invalid": _(
            "Ändringen gick inte igenom: något saknas eller är för långt (högst 500 tecken)."
        ),
        "error-forbidden": _("Du har inte behörighet att göra detta."),
        "error-not_found": _("Lappen eller gruppen finns inte längre."),
        "error-locked": _("Tavlan är låst av processtödet."),
        "error-closed": _("Tavlan är stängd."),
        "error-wrong_phase": _("Det går inte i den här fasen."),
        "error-budget_exceeded": _("Du har inga röster kvar."),
        "error-conflict": _("Det finns redan."),
        "error-invalid_transition": _("Tavlan är redan i den fasen."),
        "error-rate_limited": _("Du gör många ändringar på kort tid. Vänta en stund."),
        "error-internal": _("Något gick fel på servern. Försök igen."),
        **{f"phase-{value}": str(label) for value, label in BoardPhase.choices},
    }
