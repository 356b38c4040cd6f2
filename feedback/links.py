"""The links that open an event's feedback to guests (`django.core.signing`).

The event's link (shown with its QR code on the board and the event page) names the event
only: whoever was there and scans it may answer, once per browser. A personal link (in a
guest's email) names the event and the guest's registration as well: once per registration,
whatever the browser. Both are signed with the project's secret, so neither can be changed
to name another event.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "feedback.link"


@dataclass(frozen=True)
class LinkClaim:
    event_id: int
    # "registration:<id>" for a personal link, "" for the event's link.
    holder: str = ""


def event_link_token(event_id: int) -> str:
    return signing.Signer(salt=SALT).sign_object({"e": event_id})


def personal_link_token(event_id: int, holder: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"e": event_id, "h": holder})


def read_link_token(token: str) -> LinkClaim | None:
    """What a link token says, or None when it was changed or is not one."""
    try:
        claim = signing.Signer(salt=SALT).unsign_object(str(token))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(claim, dict):
        return None
    event_id, holder = claim.get("e"), claim.get("h", "")
    if not isinstance(event_id, int) or isinstance(event_id, bool) or not isinstance(holder, str):
        return None
    return LinkClaim(event_id=event_id, holder=holder)
