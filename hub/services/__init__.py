"""Every change to the people core, one module per subject (as Zulip's zerver/actions/):

- `accounts`: sign-up, sign-in, profile (the rest of an account: the `accounts` app);
- `configuration`: organisations, focus areas and goals (administrators, in the admin);
- `roles`: roles, admin access and Core Team seats (administrators, in the admin);
- `notifications`: notifying people, marking notifications read;
- `consent`: consent to show one's name and to share contact details;
- `access_log`: administrators' access to personal data, logged.
"""

from hub.services.access_log import personal_data_access_record
from hub.services.accounts import (
    Credentials,
    login_unlock,
    profile_update,
    user_authenticate,
    user_signup,
)
from hub.services.configuration import (
    focus_area_create,
    focus_area_update,
    goal_create,
    goal_update,
    organisation_create,
    organisation_update,
)
from hub.services.consent import consent_give, consent_withdraw, has_consent
from hub.services.notifications import notifications_mark_read, notify
from hub.services.roles import (
    core_team_seat_add,
    core_team_seat_remove,
    role_grant,
    role_revoke,
    superuser_grant,
)

__all__ = [
    "Credentials",
    "consent_give",
    "consent_withdraw",
    "core_team_seat_add",
    "core_team_seat_remove",
    "focus_area_create",
    "focus_area_update",
    "goal_create",
    "goal_update",
    "has_consent",
    "login_unlock",
    "notifications_mark_read",
    "notify",
    "organisation_create",
    "organisation_update",
    "personal_data_access_record",
    "profile_update",
    "role_grant",
    "role_revoke",
    "superuser_grant",
    "user_authenticate",
    "user_signup",
]
