"""Account pages: signing up and in, the profile, security settings, API tokens, and the
privacy notice and accessibility statement."""

from frontend.views.accounts.auth import login_page, logout_view, profile_page, signup_page
from frontend.views.accounts.consent import consent_page
from frontend.views.accounts.legal import accessibility_page, privacy_page
from frontend.views.accounts.security import (
    email_change_confirm_view,
    email_verify_view,
    password_reset_confirm_page,
    password_reset_page,
    security_page,
    verification_resend_view,
)
from frontend.views.accounts.tokens import token_delete_view, tokens_page

__all__ = [
    "accessibility_page",
    "consent_page",
    "email_change_confirm_view",
    "email_verify_view",
    "login_page",
    "logout_view",
    "password_reset_confirm_page",
    "password_reset_page",
    "privacy_page",
    "profile_page",
    "security_page",
    "signup_page",
    "token_delete_view",
    "tokens_page",
    "verification_resend_view",
]
