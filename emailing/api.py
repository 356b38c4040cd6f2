"""JSON edge of the emailing app: the signed-in person's email choices (docs/api.md)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import CharField, error_responses
from emailing.models import Frequency
from emailing.selectors import can_receive_email, email_preferences
from emailing.services import email_preferences_set
from hub.models import User


class KindChoiceOut(serializers.Serializer):
    kind = CharField()
    name = CharField(help_text="What the kind is about, in the request's language.")
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    is_default = serializers.BooleanField()


class EmailPreferencesOut(serializers.Serializer):
    receives_email = serializers.BooleanField(
        help_text="False until the address is verified: no notification email before that."
    )
    kinds = KindChoiceOut(many=True)


class EmailPreferencesIn(serializers.Serializer):
    choices = serializers.DictField(
        child=serializers.ChoiceField(choices=Frequency.choices),
        help_text="Kind -> immediately, daily, weekly or never; kinds left out keep theirs.",
    )


def _out(user: User) -> dict[str, object]:
    kinds = [
        {
            "kind": c.kind,
            "name": str(c.label),
            "frequency": c.frequency.value,
            "is_default": c.is_default,
        }
        for c in email_preferences(user=user)
    ]
    return EmailPreferencesOut({"receives_email": can_receive_email(user), "kinds": kinds}).data


class EmailPreferencesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["notifications"],
        summary="How you get notifications by email",
        responses={200: EmailPreferencesOut, **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        return Response(_out(request.user))  # type: ignore[arg-type]

    @extend_schema(
        tags=["notifications"],
        summary="Choose how you get notifications by email",
        request=EmailPreferencesIn,
        responses={200: EmailPreferencesOut, **error_responses(400, 403)},
    )
    def patch(self, request: Request) -> Response:
        data = EmailPreferencesIn(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        email_preferences_set(actor=user, choices=dict(data.validated_data["choices"]))
        return Response(_out(user))
