"""Every change the account flows make (docs/accounts.md)."""

from accounts.services.email import (
    account_signup,
    email_change_confirm,
    email_change_request,
    email_verification_send,
    email_verify,
)
from accounts.services.passwords import (
    password_change,
    password_reset_confirm,
    password_reset_request,
    sessions_sign_out_others,
)
from accounts.services.tokens import (
    MAX_TOKENS_PER_PERSON,
    api_token_create,
    api_token_delete,
    api_token_touch,
)

__all__ = [
    "MAX_TOKENS_PER_PERSON",
    "account_signup",
    "api_token_create",
    "api_token_delete",
    "api_token_touch",
    "email_change_confirm",
    "email_change_request",
    "email_verification_send",
    "email_verify",
    "password_change",
    "password_reset_confirm",
    "password_reset_request",
    "sessions_sign_out_others",
]
