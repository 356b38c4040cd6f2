"""API authentication by personal token: `Authorization: Token <secret>`.

The secret is hashed and looked up (one query, with the person); `last_used_at` is written
at most once a minute per token. Tokens copied from rest_framework.authtoken keep working.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.selectors import api_token_for_secret
from accounts.services import api_token_touch


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = api_token_for_secret(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ogiltig eller återkallad nyckel."))
        api_token_touch(token=token)
        return token.user, token
