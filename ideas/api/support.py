"""Support through the API: how many want to contribute, and saying how you will."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import CharField, IntegerField, error_responses, parse_body
from common.errors import ErrorCode, ServiceError
from hub.api import signed_in
from ideas.api.common import SupportKindField
from ideas.selectors import idea_get, support_summary
from ideas.services import support_add, support_remove


class SupportOut(serializers.Serializer):
    kind = SupportKindField()
    kind_label = CharField(source="get_kind_display")
    note = CharField()
    created_at = serializers.DateTimeField()


class SupportKindCountOut(serializers.Serializer):
    kind = SupportKindField()
    label = CharField()  # type: ignore[assignment]
    count = IntegerField()
    mine = serializers.BooleanField(help_text="Whether you have given this kind.")


class SupportSummaryOut(serializers.Serializer):
    kinds = SupportKindCountOut(many=True)
    total = IntegerField()


class SupportIn(serializers.Serializer):
    kind = SupportKindField()
    note = CharField(allow_blank=True, required=False, default="")


class SupportApi(APIView):
    @extend_schema(
        tags=["support"],
        summary="How many want to contribute, per kind, and which kinds are yours",
        responses={200: SupportSummaryOut, **error_responses(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        return Response(SupportSummaryOut(support_summary(idea=idea, viewer=request.user)).data)

    @extend_schema(
        tags=["support"],
        summary="Say how you want to contribute",
        description="Idempotent: 201 when added, 200 when you had already given this kind.",
        request=SupportIn,
        responses={
            201: SupportOut,
            200: OpenApiResponse(SupportOut, description="You had already given this kind."),
            **error_responses(400, 403, 404, 429),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        data = parse_body(SupportIn, request)
        support, created = support_add(
            user=signed_in(request),
            idea=idea,
            kind=data["kind"],
            note=data["note"],
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(SupportOut(support).data, status=code)


class SupportDeleteApi(APIView):
    @extend_schema(
        tags=["support"],
        summary="Take back your support of one kind",
        responses={204: None, **error_responses(403, 404)},
    )
    def delete(self, request: Request, pk: int, kind: str) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        if not support_remove(user=signed_in(request), idea=idea, kind=kind):
            raise ServiceError(ErrorCode.NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)
