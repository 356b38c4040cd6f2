"""Who is answering, and how "one answer per person" holds for each kind of respondent.

- A person with an account answers as themselves: one answer per account (a database
  constraint). They may answer when they took part (registered, or on one of the event's
  boards: `feedback.participation`) or came with the event's link (they were there).
- A guest with a personal link (from their registration's email) answers once per
  registration, whatever browser they use.
- A guest on one of the event's boards (the board's guest pass in their session) answers
  once per board place.
- A guest who scanned the event's QR code answers once per browser: the first visit with
  the link gives the browser a random key (kept in its session). Nothing stronger is
  possible without an account or an address; the answer page is rate limited per client
  address too, and the results say how many answered this way.

The guest's proof is stored only as a keyed hash (`guest_key`), so the table of answers
cannot be joined back to a registration, a board place or a browser.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.utils.crypto import salted_hmac

from events.models import Event
from feedback.errors import FeedbackError, Reason
from feedback.links import read_link_token

KEY_SALT = "feedback.guest-key"


@dataclass(frozen=True)
class Respondent:
    """A person with an account (`user`), or a guest with a `proof` ("registration:12",
    "participant:34" or "browser:<random>"). `via_link`: they came with a valid link."""

    user: Any = None
    proof: str = ""
    via_link: bool = False

    @property
    def is_guest(self) -> bool:
        return self.user is None


def new_browser_key() -> str:
    return secrets.token_urlsafe(18)


def link_holder(*, event: Event, token: str) -> str | None:
    """What a link token gives for `event`: "" for the event's link, the holder for a
    personal one; refused when it names another event or was changed."""
    claim = read_link_token(token)
    if claim is None or claim.event_id != event.pk:
        raise FeedbackError(Reason.BAD_LINK)
    return claim.holder


def respondent_for(
    *,
    event: Event,
    user: Any,
    token: str = "",
    browser_key: str = "",
    board_guest_id: int | None = None,
) -> Respondent:
    """The respondent a request stands for. `board_guest_id` is a guest place on one of the
    event's boards, already checked by the caller (the boards app knows them)."""
    holder = link_holder(event=event, token=token) if token else None
    if user is not None and user.is_authenticated:
        return Respondent(user=user, via_link=holder is not None)
    if holder:
        return Respondent(proof=holder, via_link=True)
    if board_guest_id is not None:
        return Respondent(proof=f"participant:{board_guest_id}")
    if holder == "" and browser_key:
        return Respondent(proof=f"browser:{browser_key}", via_link=True)
    raise FeedbackError(Reason.NOT_A_PARTICIPANT)


def respondent_or_none(
    *,
    event: Event,
    user: Any,
    token: str = "",
    browser_key: str = "",
    board_guest_id: int | None = None,
) -> Respondent | None:
    """`respondent_for`, or None when the request shows nothing (or a link that is not
    valid for this event)."""
    try:
        return respondent_for(
            event=event,
            user=user,
            token=token,
            browser_key=browser_key,
            board_guest_id=board_guest_id,
        )
    except FeedbackError:
        return None


def guest_key(form_id: int, proof: str) -> str:
    return salted_hmac(KEY_SALT, f"{form_id}:{proof}", algorithm="sha256").hexdigest()
