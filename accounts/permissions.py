"""Who may do what with accounts and API tokens (django-rules predicates)."""

from __future__ import annotations

import rules

from hub.permissions import is_authenticated


@rules.predicate
def is_token_owner(user: object, token: object) -> bool:
    return token is not None and getattr(token, "user_id", None) == getattr(user, "pk", None)


can_manage_own_account = is_authenticated
can_create_api_token = is_authenticated
can_delete_api_token = is_authenticated & is_token_owner

rules.add_perm("accounts.create_apitoken", can_create_api_token)
rules.add_perm("accounts.delete_apitoken", can_delete_api_token)
