"""Idea boards: the list, the live board, joining with a code, and the board without JavaScript.

The board page is rendered from the viewer's snapshot (`boards.selectors.board_snapshot`), so
it is complete before any script runs and never contains what the viewer may not see. With
JavaScript, `static/js/board.js` keeps it live over the socket (docs/realtime-protocol.md)
and sends every form on it as an operation. Without, each form posts to `board_action_view`,
which translates it into the same operations and applies them through `board_apply`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from boards import permissions
from boards.consumers import GUEST_SESSION_KEY
from boards.models import CARD_TEXT_MAX, HEADING_MAX, Board, BoardPhase, CardColour, Participant
from boards.selectors import board_get, board_list, board_snapshot
from boards.services import board_apply, board_create, guest_join, participant_for
from common.errors import ErrorCode, ServiceError
from frontend.forms import BoardForm, BoardJoinForm
from frontend.views.common import (
    AuthedRequest,
    HtmxHttpRequest,
    add_service_errors,
    client_ip,
    render_page,
    service_error_response,
    wants_partial,
)

LIST_PAGE_SIZE = 30
# A position past the end of any section: the service appends the card there.
END_OF_SECTION = 1_000_000
Snapshot = dict[str, Any]
Operation = tuple[str, dict[str, Any]]


# --- The list and a new board ---------------------------------------------------------------


def new_board_form(request: HtmxHttpRequest) -> BoardForm:
    """An empty board form; for the event `?evenemang=<id>` names when the person may use it."""
    form = BoardForm(viewer=request.user)
    form.preselect_event(request.GET.get("evenemang"))
    return form


@require_GET
def board_list_page(request: HtmxHttpRequest) -> HttpResponse:
    boards = board_list(viewer=request.user)
    page = Paginator(boards, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "boards": page.object_list,
        "form": new_board_form(request),
        "can_create": bool(permissions.can_create_board(request.user)),
    }
    return render_page(request, "boards/list.html", context)


def _create_response(
    request: HtmxHttpRequest, form: BoardForm, *, status: int = 200
) -> HttpResponse:
    return render_page(
        request, "boards/create.html", {"form": form}, partial="create-form", status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_create_view(request: AuthedRequest) -> HttpResponse:
    """The new-board page (also the list's side panel posts here)."""
    if request.method != "POST":
        return _create_response(request, new_board_form(request))
    form = BoardForm(request.POST, viewer=request.user)
    if form.is_valid():
        try:
            board = board_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ServiceError as exc:
            return service_error_response(request, exc)
        else:
            messages.success(
                request,
                _("Tavlan är skapad. Visa koden för gästerna när ni börjar."),
            )
            if wants_partial(request):
                return HttpResponseClientRedirect(board.get_absolute_url())
            return redirect(board)
    return _create_response(request, form, status=400)


# --- Joining with a code --------------------------------------------------------------------


def remember_guest(request: HtmxHttpRequest, participant: Participant) -> None:
    """Keep a guest pass for the participant's board in the session (the socket reads it)."""
    passes = dict(request.session.get(GUEST_SESSION_KEY) or {})
    passes[str(participant.board_id)] = participant.pk
    request.session.cycle_key()  # a new privilege, a new session key
    request.session[GUEST_SESSION_KEY] = passes


@require_http_methods(["GET", "POST"])
def board_join_page(request: HtmxHttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    form = BoardJoinForm(
        request.POST if request.method == "POST" else None,
        signed_in=signed_in,
        initial={"join_code": request.GET.get("kod", "")},
    )
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["join_code"].strip().upper()
        if signed_in:
            board = board_list(viewer=request.user).filter(join_code=code).first()
            if board is not None:
                return _joined(request, board.get_absolute_url())
            form.add_error("join_code", _("Ingen öppen tavla har den koden."))
        else:
            try:
                participant = guest_join(
                    join_code=code, name=form.cleaned_data["name"], client_key=client_ip(request)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ServiceError as exc:  # too many tries: guessing codes stays slow
                form.add_error(None, exc.message)
                status = exc.http_status
            else:
                remember_guest(request, participant)
                messages.success(
                    request,
                    _("Välkommen till tavlan, %(name)s!") % {"name": participant.display_name},
                )
                return _joined(
                    request, reverse("frontend:board-detail", args=[participant.board_id])
                )
    context = {"form": form, "next": request.GET.get("next", "")}
    return render_page(request, "boards/join.html", context, partial="form", status=status)


def _joined(request: HtmxHttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if wants_partial(request) else redirect(url)


# --- The board ------------------------------------------------------------------------------


def board_participant(request: HtmxHttpRequest, board: Board) -> Participant | None:
    """The visitor's place on the board: as themselves, or by a guest pass; else None."""
    return participant_for(
        board=board, user=request.user, guest_passes=request.session.get(GUEST_SESSION_KEY)
    )


def _to_join(request: HtmxHttpRequest, board: Board) -> HttpResponse:
    messages.info(request, _("Skriv koden som processtödet visar för att vara med på tavlan."))
    query = urlencode({"next": board.get_absolute_url()})
    return redirect(f"{reverse('frontend:board-join')}?{query}")


@require_GET
def board_detail_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    try:
        board = board_get(pk=pk)
    except ServiceError as exc:
        return service_error_response(request, exc)
    participant = board_participant(request, board)
    if participant is None:
        return _to_join(request, board)
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


# --- The board's forms without JavaScript ---------------------------------------------------


@require_POST
def board_action_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Any form on the board page, posted without JavaScript: the same operations, applied
    through the board service, then back to the board (post/redirect/get)."""
    try:
        board = board_get(pk=pk)
    except ServiceError as exc:
        return service_error_response(request, exc)
    participant = board_participant(request, board)
    if participant is None:
        return _to_join(request, board)
    snapshots: list[Snapshot] = []

    def snapshot() -> Snapshot:
        if not snapshots:
            snapshots.append(board_snapshot(participant=participant))
        return snapshots[0]

    post = request.POST
    try:
        operations = operations_from_form(post, snapshot)
        for number, (op, data) in enumerate(operations):
            board_apply(participant=participant, op=op, data=data, op_id=form_op_id(post, number))
    except ValidationError as exc:
        draft = {key: post.get(key, "") for key in ("section", "text", "colour", "heading")}
        return render_board(
            request, board, participant, status=400, errors=_error_lines(exc), draft=draft
        )
    except ServiceError as exc:
        if exc.code in (ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND):
            return service_error_response(request, exc)
        return render_board(
            request, board, participant, status=exc.http_status, errors=[exc.message]
        )
    if operations:
        messages.success(request, _("Ändringen är sparad."))
    return redirect(f"{board.get_absolute_url()}{_anchor(post)}")


def _anchor(post: QueryDict) -> str:
    if post.get("card", "").isdigit():
        return f"#card-{post['card']}"
    if post.get("action") == "add" and post.get("section", "").isdigit():
        return f"#section-{post['section']}"
    return ""


FIELD_LABELS = {
    "text": _("Text"),
    "colour": _("Färg"),
    "heading": _("Rubrik"),
    "cards": _("Valda lappar"),
    "section": _("Kolumn"),
    "phase": _("Fas"),
    "seconds": _("Nedräkning"),
    "minutes": _("Minuter"),
    "cluster": _("Grupp"),
}


def _error_lines(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    lines: list[str] = []
    for field, field_messages in exc.message_dict.items():
        label = FIELD_LABELS.get(field) if field != NON_FIELD_ERRORS else None
        lines.extend(f"{label}: {message}" if label else message for message in field_messages)
    return lines


def form_op_id(post: QueryDict, number: int) -> str | None:
    """The same form, sent twice from the same page (a double click, a resend), applies once.

    Each page render has its own token; the op id is that token and the form's content.
    """
    token = re.sub(r"[^0-9a-f]", "", post.get("op_token", ""))[:16]
    if not token:
        return None
    content = sorted(
        (key, value)
        for key, values in post.lists()
        if key not in ("csrfmiddlewaretoken", "op_token")
        for value in values
    )
    digest = hashlib.sha256(repr(content).encode()).hexdigest()[:24]
    return f"form-{token}-{digest}-{number}"


def _number(value: str | None) -> Any:
    """A form's number for the service: an int when it is one; otherwise as sent (the service
    says what is wrong with it)."""
    if value is None or value == "":
        return None
    return int(value) if value.isdigit() else value


def operations_from_form(post: QueryDict, snapshot: Callable[[], Snapshot]) -> list[Operation]:
    """Translate one board form (its `action` button, and fields) into operations.

    board.js does the same translation in the browser (see its `operationsFor`).
    """
    action, _sep, argument = post.get("action", "").partition(":")
    card = _number(post.get("card"))
    cards = [_number(value) for value in post.getlist("cards")]
    if action == "add":
        data = {"section": _number(post.get("section")), "text": post.get("text", "")}
        return [("card.add", data | _colour(post))]
    if action == "edit":
        return [("card.edit", {"card": card, "text": post.get("text", "")} | _colour(post))]
    if action in ("up", "down"):
        target = neighbour_position(snapshot(), card, action)
        return [] if target is None else [("card.move", {"card": card, **target})]
    simple: dict[str, Operation] = {
        "move": (
            "card.move",
            {"card": card, "section": _number(argument), "position": END_OF_SECTION},
        ),
        "delete": ("card.delete", {"card": card}),
        "vote": ("vote.add", {"card": card}),
        "unvote": ("vote.remove", {"card": card}),
        "uncluster": ("card.cluster", {"card": card, "cluster": None}),
        "unlink": ("link.remove", {"source": card, "target": _number(argument)}),
        "ungroup": ("cluster.remove", {"cluster": _number(post.get("cluster"))}),
        "phase": ("board.phase", {"phase": post.get("phase", "")}),
        "timer-stop": ("board.timer", {"seconds": None}),
        "lock": ("board.lock", {"locked": True}),
        "unlock": ("board.lock", {"locked": False}),
    }
    if action in simple:
        return [simple[action]]
    if action == "timer":
        minutes = _number(post.get("minutes"))
        if not isinstance(minutes, int) or not 1 <= minutes <= 240:
            raise ValidationError({"minutes": [_("Ange ett antal minuter mellan 1 och 240.")]})
        return [("board.timer", {"seconds": minutes * 60})]
    if action in ("group", "join-group", "link") and not cards:
        raise ValidationError({"cards": [_("Välj lappar först.")]})
    if action == "group":
        sections = {c["id"]: c["section"] for c in snapshot()["cards"]}
        section = sections.get(cards[0]) if isinstance(cards[0], int) else None
        data = {"section": section, "heading": post.get("heading", ""), "cards": cards}
        return [("cluster.create", data)]
    if action == "join-group":
        cluster = _number(post.get("cluster"))
        if cluster is None:  # no cluster would take the cards out of theirs
            raise ValidationError({"cluster": [_("Välj en grupp.")]})
        return [("card.cluster", {"card": pk, "cluster": cluster}) for pk in cards]
    if action == "link":
        if len(cards) != 2:
            raise ValidationError({"cards": [_("Välj exakt två lappar att koppla ihop.")]})
        return [("link.add", {"source": cards[0], "target": cards[1]})]
    raise ValidationError(_("Okänd åtgärd."))


def _colour(post: QueryDict) -> dict[str, Any]:
    return {"colour": post["colour"]} if post.get("colour") else {}


def neighbour_position(snapshot: Snapshot, card_id: Any, direction: str) -> dict[str, int] | None:
    """Where `card_id` goes to swap places with its neighbour above or below on the page.

    Neighbours are in the same list: the same cluster, or the loose cards. The position is
    an index in the section's whole order; None when the card is already first or last.
    """
    card = next((c for c in snapshot["cards"] if c["id"] == card_id), None)
    if card is None:  # not on the board, or not visible: let the service say so
        return {"section": 0, "position": 0}
    order = sorted(
        (c for c in snapshot["cards"] if c["section"] == card["section"]),
        key=lambda c: (c["position"], c["id"]),
    )
    siblings = [c for c in order if c["cluster"] == card["cluster"]]
    index = siblings.index(card) + (-1 if direction == "up" else 1)
    if not 0 <= index < len(siblings):
        return None
    return {"section": card["section"], "position": order.index(siblings[index])}


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
