"""Every change to the people core, one module per subject (as Zulip's zerver/actions/)."""

from hub.services.accounts import (
    Credentials,
    api_token_issue,
    profile_update,
    user_authenticate,
    user_signup,
)
from hub.services.notifications import notifications_mark_read, notify

__all__ = [
    "Credentials",
    "api_token_issue",
    "notifications_mark_read",
    "notify",
    "profile_update",
    "user_authenticate",
    "user_signup",
]
