"""The account API: signing up, exchanging a password for a token, and one's own tokens.

Views translate JSON to service or selector calls and back (docs/api.md).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import TOKEN_NAME_MAX_LENGTH, ApiToken
from accounts.selectors import api_token_list
from accounts.services import account_signup, api_token_create, api_token_delete
from common.api import CharField, PrimaryKeyRelatedField, error_responses
from common.http import client_ip
from hub.api import MeOut, ProfileTypeField, signed_in
from hub.models import ProfileType
from hub.selectors import organisation_list
from hub.services import Credentials, user_authenticate

TOKEN_FOR_API = "API"  # noqa: S105 (a name, not a secret)


class TokenOut(serializers.Serializer):
    token = CharField(help_text="Send as `Authorization: Token <token>`.")


class TokenIn(serializers.Serializer):
    email = CharField()
    password = CharField(style={"input_type": "password"}, trim_whitespace=False)


class SignupIn(serializers.Serializer):
    email = CharField()
    password = CharField(style={"input_type": "password"}, trim_whitespace=False)
    display_name = CharField()
    profile_type = ProfileTypeField(default=ProfileType.EXTERNAL)
    organisation = PrimaryKeyRelatedField(
        queryset=organisation_list(), allow_null=True, required=False
    )


class ApiTokenOut(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "created_at", "last_used_at"]


class ApiTokenCreatedOut(ApiTokenOut):
    token = CharField(help_text="The secret, shown only in this response: only its hash is stored.")

    class Meta(ApiTokenOut.Meta):
        fields = [*ApiTokenOut.Meta.fields, "token"]


class ApiTokenIn(serializers.Serializer):
    name = CharField(
        max_length=TOKEN_NAME_MAX_LENGTH, help_text="What the token is for, e.g. the script."
    )


class AuthTokenApi(APIView):
    # Credentials are the authentication here; a stale session or token must not interfere.
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"],
        summary="Get an API token",
        description="Exchange email and password for a new token named "
        f'"{TOKEN_FOR_API}". Each call creates one; list and revoke them at '
        "`/api/v1/me/tokens/` or on the account page. Failed attempts are limited per "
        "client address and per account, as on the sign-in page (docs/accounts.md).",
        request=TokenIn,
        responses={200: TokenOut, **error_responses(400, 429)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenIn(data=request.data)
        valid = data.is_valid()
        credentials = (
            Credentials(data.validated_data["email"], data.validated_data["password"])
            if valid
            else None
        )
        # The attempt counts before its input is judged: see `user_authenticate`.
        user = user_authenticate(
            client_key=client_ip(request), credentials=credentials, request=request._request
        )
        if user is None:
            raise serializers.ValidationError(data.errors)
        _token, secret = api_token_create(user=user, name=TOKEN_FOR_API)
        return Response({"token": secret})


class SignupApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"],
        summary="Create an account",
        description="The account works at once; a verification link goes to the address.",
        request=SignupIn,
        responses={201: MeOut, **error_responses(400, 429)},
    )
    def post(self, request: Request) -> Response:
        data = SignupIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = account_signup(**data.validated_data, client_key=client_ip(request))
        return Response(MeOut(user).data, status=status.HTTP_201_CREATED)


class ApiTokenListCreateApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    queryset = ApiToken.objects.none()  # names the model for the schema
    serializer_class = ApiTokenOut
    pagination_class = None

    @extend_schema(
        tags=["auth"],
        summary="Your API tokens",
        description="Name, when created and when last used (to the minute). Never the secret.",
        responses={200: ApiTokenOut(many=True), **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        tokens = api_token_list(user=signed_in(request))
        return Response(ApiTokenOut(tokens, many=True).data)

    @extend_schema(
        tags=["auth"],
        summary="Create a named API token",
        request=ApiTokenIn,
        responses={201: ApiTokenCreatedOut, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        data = ApiTokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        token, secret = api_token_create(user=signed_in(request), name=data.validated_data["name"])
        body: dict[str, Any] = {**ApiTokenOut(token).data, "token": secret}
        return Response(body, status=status.HTTP_201_CREATED)


class ApiTokenDeleteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["auth"],
        summary="Revoke one of your API tokens",
        responses={204: None, **error_responses(403, 404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        api_token_delete(user=signed_in(request), token_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
