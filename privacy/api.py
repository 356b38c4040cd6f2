"""The privacy API: one's own data exports (ask, follow, download) and deleting one's account.

Views translate JSON to service or selector calls and back (docs/api.md).
"""

from __future__ import annotations

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import CharField, error_responses
from hub.api import signed_in
from privacy import selectors
from privacy.models import DataExport
from privacy.services import account_erase, export_request


class DataExportOut(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(
        help_text="Where to fetch the ZIP once `status` is `ready` (null until then)."
    )

    class Meta:
        model = DataExport
        fields = [
            "id",
            "status",
            "progress",
            "size",
            "created_at",
            "finished_at",
            "expires_at",
            "download",
        ]

    def get_download(self, export: DataExport) -> str | None:
        if export.status != "ready":
            return None
        request = self.context.get("request")
        path = reverse("api:data-export-download", args=[export.pk])
        return request.build_absolute_uri(path) if request is not None else path


class AccountEraseIn(serializers.Serializer):
    password = CharField(style={"input_type": "password"}, trim_whitespace=False)
    remove_texts = serializers.BooleanField(
        default=False,
        help_text="Also empty the texts you wrote (descriptions, comments, cards, rationales).",
    )


class DataExportListCreateApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    queryset = DataExport.objects.none()  # names the model for the schema
    serializer_class = DataExportOut
    pagination_class = None

    @extend_schema(
        tags=["privacy"],
        summary="Your data exports",
        description="The latest ten, newest first, with their progress.",
        responses={200: DataExportOut(many=True), **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        exports = selectors.export_list(user=signed_in(request))
        return Response(DataExportOut(exports, many=True, context={"request": request}).data)

    @extend_schema(
        tags=["privacy"],
        summary="Ask for an export of your data",
        description="Built in the background: follow `progress` at the export's address. One "
        "at a time (409 `export_running`), a few a day (429).",
        request=None,
        responses={202: DataExportOut, **error_responses(403, 409, 429)},
    )
    def post(self, request: Request) -> Response:
        export = export_request(user=signed_in(request))
        body = DataExportOut(export, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED)


class DataExportDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["privacy"],
        summary="One of your data exports",
        responses={200: DataExportOut, **error_responses(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        export = selectors.export_get(user=signed_in(request), export_id=pk)
        return Response(DataExportOut(export, context={"request": request}).data)


class DataExportDownloadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["privacy"],
        summary="Download one of your data exports",
        description="A ZIP with `uppgifter.json` and `uppgifter.html`. Only its owner may, "
        "for seven days; anyone else's (or an expired one) is 404.",
        responses={
            200: OpenApiResponse(response=OpenApiTypes.BINARY, description="The ZIP."),
            **error_responses(403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        export = selectors.export_for_download(user=signed_in(request), export_id=pk)
        response = FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"samhallshubben-uppgifter-{export.created_at:%Y-%m-%d}.zip",
            content_type="application/zip",
        )
        response["Cache-Control"] = "private, no-store"
        return response


class AccountEraseApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["privacy"],
        summary="Delete your account",
        description="Erases your personal data everywhere (docs/privacy.md); needs your "
        "password. Refused with 409 `erasure_blocked` and `reasons` while something must "
        "be done first (hand over a portfolio initiative). Your tokens stop working.",
        request=AccountEraseIn,
        responses={204: None, **error_responses(400, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        data = AccountEraseIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = signed_in(request)
        account_erase(
            actor=user,
            user=user,
            password=data.validated_data["password"],
            remove_texts=data.validated_data["remove_texts"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
