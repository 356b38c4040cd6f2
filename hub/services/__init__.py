"""Every change to the people core, one module per subject (as Zulip's zerver/actions/)."""

from hub.services.accounts import api_token_issue, profile_update, user_signup
from hub.services.notifications import notifications_mark_read, notify

__all__ = ["api_token_issue", "notifications_mark_read", "notify", "profile_update", "user_signup"]
