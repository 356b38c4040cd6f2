"""Submissions through the API: list (filtered by `ideas.filters.IdeaFilterSet`), create,
read, edit, delete a draft, history, status changes and attachments."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    CharField,
    IdField,
    IntegerField,
    Pagination,
    PrimaryKeyRelatedField,
    error_responses,
    parse_body,
    request_viewer,
)
from common.api_errors import InvalidTransitionOut
from common.errors import ErrorCode, ServiceError
from hub.api import FocusAreaRefOut, GoalRefOut, OrganisationRefOut, signed_in
from hub.selectors import focus_area_list, goal_list, organisation_list
from ideas import names, permissions
from ideas.api.common import IdeaKindField, IdeaStatusField, sees_moderation
from ideas.filters import IdeaFilterSet
from ideas.models import Attachment, Idea, StatusChange
from ideas.selectors import idea_detail, idea_get, ideas_visible, my_ideas
from ideas.services import (
    IdeaInput,
    attachment_remove,
    idea_create,
    idea_delete_draft,
    idea_transition,
    idea_update,
)

# --- Output ----------------------------------------------------------------------------


class TagOut(serializers.Serializer):
    name = CharField()
    slug = CharField()


class TransitionOut(serializers.Serializer):
    status = IdeaStatusField()
    # DRF pops declared fields off the class, so names like `label` and `parent` are safe.
    label = CharField()  # type: ignore[assignment]


class AttachmentOut(serializers.Serializer):
    id = IdField()
    name = CharField(source="original_name")
    size = IntegerField(help_text="In bytes.")
    content_type = CharField(help_text="What the content was checked to be.")
    url = serializers.SerializerMethodField()

    def get_url(self, attachment: Attachment) -> str:
        # Through the API, never media/: downloads pass the submission's visibility check.
        ids = {"pk": attachment.idea_id, "attachment_pk": attachment.pk}
        path = reverse("api:submission-attachment", kwargs=ids)
        return self.context["request"].build_absolute_uri(path)


class IdeaSummaryOut(serializers.Serializer):
    """A submission as lists show it; the detail adds its text and attachments."""

    id = IdField()
    kind = IdeaKindField()
    kind_label = CharField(source="get_kind_display")
    title = CharField()
    summary = CharField()
    focus_area = FocusAreaRefOut(allow_null=True)
    goals = GoalRefOut(many=True, source="goals.all")
    organisations = OrganisationRefOut(many=True, source="organisations.all")
    tags = TagOut(many=True, source="tags.all")
    status = IdeaStatusField()
    status_label = CharField(source="get_status_display")
    author_name = serializers.SerializerMethodField(
        help_text="Only with the author's consent, or for the author and moderators."
    )
    support_count = IntegerField()
    comment_count = IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    is_hidden = serializers.SerializerMethodField(help_text="Null unless author or moderator.")
    hidden_reason = serializers.SerializerMethodField(help_text="Null unless author or moderator.")
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses you may move this submission to."
    )

    def get_author_name(self, idea: Idea) -> str | None:
        return names.author_name(request_viewer(self), idea)

    def get_is_hidden(self, idea: Idea) -> bool | None:
        return idea.is_hidden if sees_moderation(request_viewer(self), idea) else None

    def get_hidden_reason(self, idea: Idea) -> str | None:
        return idea.hidden_reason if sees_moderation(request_viewer(self), idea) else None

    @extend_schema_field(TransitionOut(many=True))
    def get_allowed_transitions(self, idea: Idea) -> list[dict[str, str]]:
        statuses = permissions.allowed_transitions(request_viewer(self), idea)
        return [{"status": s.value, "label": str(s.label)} for s in statuses]


class IdeaOut(IdeaSummaryOut):
    description = CharField(help_text="Markdown source.")
    description_html = CharField(help_text="Rendered and sanitised.")
    show_author_name = serializers.BooleanField()
    attachments = AttachmentOut(many=True, source="attachments.all")


class StatusChangeOut(serializers.Serializer):
    """One step of a submission's history. `from` is null for its creation."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword, so the fields are named here instead of as attributes.
        return {
            "from": IdeaStatusField(source="from_status", allow_null=True),
            "from_label": CharField(source="get_from_status_display"),
            "to": IdeaStatusField(source="to_status"),
            "to_label": CharField(source="get_to_status_display"),
            "reason": CharField(),
            "at": serializers.DateTimeField(source="created_at"),
            "actor_name": serializers.SerializerMethodField(method_name="get_actor_name"),
        }

    def to_representation(self, change: StatusChange) -> dict[str, Any]:
        data = super().to_representation(change)
        data["from"] = data["from"] or None
        return data

    def get_actor_name(self, change: StatusChange) -> str | None:
        """Nobody learns an anonymous author's name from the steps they took themselves."""
        return names.actor_name(request_viewer(self), change, self.context["idea"])


# --- Input -----------------------------------------------------------------------------


class IdeaIn(serializers.Serializer):
    """What a person writes. Relations by id; tags by name (new names create tags)."""

    kind = IdeaKindField(required=False)
    title = CharField()
    summary = CharField(allow_blank=True, required=False)
    description = CharField(
        allow_blank=True, required=False, help_text="Markdown: **bold**, lists and links."
    )
    focus_area = PrimaryKeyRelatedField(queryset=focus_area_list(), allow_null=True, required=False)
    goals = PrimaryKeyRelatedField(
        queryset=goal_list(), many=True, required=False, help_text="Goals of the focus area."
    )
    organisations = PrimaryKeyRelatedField(queryset=organisation_list(), many=True, required=False)
    tags = serializers.ListField(
        child=CharField(allow_blank=True), required=False, help_text="Tag names."
    )
    show_author_name = serializers.BooleanField(
        required=False, help_text="Consent to show your name to everyone."
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Files to add (multipart/form-data only); checked by their content.",
    )


class IdeaCreateIn(IdeaIn):
    submit = serializers.BooleanField(
        default=False, help_text="Submit at once instead of saving a draft."
    )


class TransitionIn(serializers.Serializer):
    status = IdeaStatusField()
    reason = CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Required when parking or declining: the author reads it.",
    )


# --- Translation helpers -------------------------------------------------------------------

IDEA_INPUT_FIELDS = frozenset(field.name for field in dataclasses.fields(IdeaInput))


def idea_input(data: dict[str, Any], current: Idea | None = None) -> IdeaInput:
    """The service's input: what was sent, over the current values when editing."""
    base = IdeaInput(title="")
    if current is not None:
        base = IdeaInput(
            title=current.title,
            kind=current.kind,
            summary=current.summary,
            description=current.description,
            focus_area=current.focus_area,
            goals=list(current.goals.all()),
            organisations=list(current.organisations.all()),
            tags=[tag.name for tag in current.tags.all()],
            show_author_name=current.show_author_name,
        )
    return dataclasses.replace(base, **{k: v for k, v in data.items() if k in IDEA_INPUT_FIELDS})


def idea_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    """A submission as the viewer sees it now, re-read so counts and relations are current."""
    idea = idea_detail(viewer=request.user, pk=pk)
    return Response(IdeaOut(idea, context={"request": request}).data, status=code)


def attachment_of(request: Request, pk: int, attachment_pk: int) -> Attachment:
    """An attachment of a submission the viewer may see; otherwise NOT_FOUND."""
    idea = idea_detail(viewer=request.user, pk=pk)
    attachment = next((a for a in idea.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return attachment


IDEA_REQUEST = {"application/json": IdeaIn, "multipart/form-data": IdeaIn}


IDEA_CREATE_REQUEST = {"application/json": IdeaCreateIn, "multipart/form-data": IdeaCreateIn}


# --- Views -----------------------------------------------------------------------------------


class IdeaListCreateApi(GenericAPIView):
    pagination_class = Pagination
    filterset_class = IdeaFilterSet  # through the default backend: a bad value is a 400
    queryset = Idea.objects.none()  # names the model for the schema; rows come from selectors
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = IdeaSummaryOut

    @extend_schema(
        tags=["submissions"],
        summary="Search and list submissions",
        description="Public submissions, plus your own (and, for moderators, all but "
        "others' drafts). Unknown focus areas, goals and organisations are 400s.",
        responses={200: IdeaSummaryOut(many=True), **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(ideas_visible(viewer=request.user)))
        data = IdeaSummaryOut(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        tags=["submissions"],
        summary="Create a submission",
        description="Saves a draft, or submits it at once with `submit: true`. Send "
        "multipart/form-data to include attachments.",
        request=IDEA_CREATE_REQUEST,
        responses={201: IdeaOut, **error_responses(400, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        data = parse_body(IdeaCreateIn, request)
        idea = idea_create(
            author=signed_in(request),
            data=idea_input(data),
            submit=data["submit"],
        )
        return idea_response(request, idea.pk, status.HTTP_201_CREATED)


class IdeaMineApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_backends = []  # nothing to filter
    serializer_class = IdeaSummaryOut

    @extend_schema(
        tags=["submissions"],
        summary="Your own submissions, drafts included, last changed first",
        responses={200: IdeaSummaryOut(many=True), **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(my_ideas(user=request.user))
        data = IdeaSummaryOut(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)


class IdeaDetailApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=["submissions"],
        summary="A submission",
        responses={200: IdeaOut, **error_responses(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return idea_response(request, pk)

    @extend_schema(
        tags=["submissions"],
        summary="Edit your draft",
        description="Only the author, only while a draft. Fields left out keep their "
        "value; attachments sent are added.",
        request=IDEA_REQUEST,
        responses={200: IdeaOut, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        data = parse_body(IdeaIn, request, partial=True)
        idea_update(actor=signed_in(request), idea=idea, data=idea_input(data, idea))
        return idea_response(request, pk)

    @extend_schema(
        tags=["submissions"],
        summary="Delete your draft",
        responses={204: None, **error_responses(403, 404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        idea_delete_draft(actor=signed_in(request), idea=idea)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IdeaHistoryApi(APIView):
    @extend_schema(
        tags=["submissions"],
        summary="A submission's status history, oldest first",
        responses={200: StatusChangeOut(many=True), **error_responses(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        idea = idea_detail(viewer=request.user, pk=pk)
        context = {"request": request, "idea": idea}
        return Response(StatusChangeOut(idea.status_changes.all(), many=True, context=context).data)


class IdeaTransitionApi(APIView):
    @extend_schema(
        tags=["submissions"],
        summary="Change a submission's status",
        description="Authors submit, withdraw and reopen; moderators review, assess, "
        "promote, park and decline. `allowed_transitions` on a submission lists yours.",
        request=TransitionIn,
        responses={
            200: IdeaOut,
            **error_responses(400, 403, 404),
            409: OpenApiResponse(
                InvalidTransitionOut, description="`invalid_transition` from the current status."
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        data = parse_body(TransitionIn, request)
        idea_transition(
            actor=signed_in(request),
            idea=idea,
            to_status=data["status"],
            reason=data["reason"],
        )
        return idea_response(request, pk)


class AttachmentApi(APIView):
    @extend_schema(
        tags=["submissions"],
        summary="Download an attachment",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, with its checked content type."
            ),
            **error_responses(404),
        },
    )
    def get(self, request: Request, pk: int, attachment_pk: int) -> FileResponse:
        attachment = attachment_of(request, pk, attachment_pk)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )

    @extend_schema(
        tags=["submissions"],
        summary="Remove an attachment from your draft",
        responses={204: None, **error_responses(403, 404)},
    )
    def delete(self, request: Request, pk: int, attachment_pk: int) -> Response:
        attachment = attachment_of(request, pk, attachment_pk)
        attachment_remove(actor=signed_in(request), attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)
