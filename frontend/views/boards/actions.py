"""The board's forms without JavaScript: each form posts to `board_action_view`, which
translates it into the same operations the socket carries (board.js's `operationsFor` does
the same in the browser) and applies them through `board_apply`, then goes back to the board.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from boards.errors import BoardError
from boards.selectors import board_get, board_snapshot
from boards.services import board_apply
from common.errors import ErrorCode
from common.ids import parse_id
from frontend.views.boards.board import (
    Snapshot,
    board_participant,
    render_board,
    to_join,
)
from frontend.views.common import HtmxHttpRequest, form_errors

# A position past the end of any section: the service appends the card there.
END_OF_SECTION = 1_000_000
Operation = tuple[str, dict[str, Any]]


@require_POST
def board_action_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Any form on the board page, posted without JavaScript: the same operations, applied
    through the board service, then back to the board (post/redirect/get)."""
    board = board_get(pk=pk)
    participant = board_participant(request, board)
    if participant is None:
        return to_join(request, board)
    snapshots: list[Snapshot] = []

    def snapshot() -> Snapshot:
        if not snapshots:
            snapshots.append(board_snapshot(participant=participant))
        return snapshots[0]

    post = request.POST
    form = BoardActionForm(post)
    form.is_valid()  # every field is optional: it holds what the operations refuse
    operations: list[Operation] = []
    with form_errors(form, on_form=SAID_ON_THE_BOARD) as outcome:
        operations = operations_from_form(post, snapshot)
        for number, (op, data) in enumerate(operations):
            board_apply(participant=participant, op=op, data=data, op_id=form_op_id(post, number))
    if not outcome.ok:
        # Bad input keeps what was written; a refusal by the board (locked, wrong phase…)
        # is said on it. Anything the person may not do or see is the error page.
        draft = {key: post.get(key, "") for key in ("section", "text", "colour", "heading")}
        return render_board(
            request,
            board,
            participant,
            status=outcome.status,
            errors=form.error_lines(),
            draft=draft if outcome.status == 400 else None,
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


# Refusals said on the board page, where the person acted: all but those the error page says.
SAID_ON_THE_BOARD = frozenset(BoardError.specs) - {ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND}


class BoardActionForm(forms.Form):
    """What the operations of one board form may refuse, by field; each message is shown as
    "label: message" above the board (`error_lines`)."""

    text = forms.CharField(label=gettext_lazy("Text"), required=False)
    colour = forms.CharField(label=gettext_lazy("Färg"), required=False)
    heading = forms.CharField(label=gettext_lazy("Rubrik"), required=False)
    cards = forms.CharField(label=gettext_lazy("Valda lappar"), required=False)
    section = forms.CharField(label=gettext_lazy("Kolumn"), required=False)
    phase = forms.CharField(label=gettext_lazy("Fas"), required=False)
    seconds = forms.CharField(label=gettext_lazy("Nedräkning"), required=False)
    minutes = forms.CharField(label=gettext_lazy("Minuter"), required=False)
    cluster = forms.CharField(label=gettext_lazy("Grupp"), required=False)

    def error_lines(self) -> list[str]:
        lines: list[str] = []
        for field, field_messages in self.errors.items():
            label = self.fields[field].label if field != NON_FIELD_ERRORS else None
            lines.extend(
                f"{label}: {message}" if label else str(message) for message in field_messages
            )
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
    number = parse_id(value) if value.isdigit() else None
    return value if number is None else number


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
