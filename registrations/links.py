"""The cancel link in a guest's confirmation (`django.core.signing`).

A guest has no account to sign in to: the link is their proof. It names one registration
and is signed with the project's secret, so it cannot be changed to name another; it stops
working once the place is cancelled (the service refuses a second cancellation).
"""

from __future__ import annotations

from django.core import signing

CANCEL_SALT = "registrations.guest-cancel"


def guest_cancel_token(registration_id: int) -> str:
    return signing.Signer(salt=CANCEL_SALT).sign_object({"r": registration_id})


def read_guest_cancel_token(token: str) -> int | None:
    """The registration a cancel token names, or None when it was tampered with."""
    try:
        claim = signing.Signer(salt=CANCEL_SALT).unsign_object(str(token))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    registration_id = claim.get("r") if isinstance(claim, dict) else None
    if not isinstance(registration_id, int) or isinstance(registration_id, bool):
        return None
    return registration_id if 0 < registration_id < 2**63 else None
