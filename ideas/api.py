"""The REST API of submissions (ideas, initiatives, research ideas, needs), their comments
and support.

Each view reads through `ideas.selectors`, writes through `ideas.services` and translates;
who may do what is decided there, never here. Two rules shape the output: the author's
name is shown only with their consent (or to themselves and moderators), and moderation
details only to the author and moderators.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib.auth.models import AnonymousUser
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
    Pagination,
    enum_field,
    error_responses,
    parse_body,
    parse_query,
    request_viewer,
)
from common.api_errors import InvalidTransitionOut
from common.errors import ErrorCode, ServiceError
from hub.api import FocusAreaField, FocusAreaRefOut, GoalRefOut, OrganisationRefOut, signed_in
from hub.models import User
from hub.permissions import can_moderate
from hub.selectors import focus_area_list, goal_list, organisation_list
from ideas import permissions
from ideas.models import (
    Attachment,
    Comment,
    Idea,
    IdeaKind,
    IdeaStatus,
    StatusChange,
    SupportKind,
)
from ideas.selectors import (
    ORDERINGS,
    IdeaFilters,
    comment_get,
    comment_list,
    idea_detail,
    idea_get,
    idea_list,
    my_ideas,
    support_summary,
)
from ideas.services import (
    IdeaInput,
    attachment_remove,
    comment_create,
    comment_hide,
    idea_create,
    idea_delete_draft,
    idea_hide,
    idea_transition,
    idea_unhide,
    idea_update,
    support_add,
    support_remove,
)

Viewer = User | AnonymousUser
IdeaKindField = enum_field(IdeaKind, "IdeaKind")
IdeaStatusField = enum_field(IdeaStatus, "IdeaStatus")
SupportKindField = enum_field(SupportKind, "SupportKind")
ORDERING_CHOICES = [*ORDERINGS, "relevance"]


def _sees_author(viewer: Viewer, idea: Idea) -> bool:
    """The author consented, or the viewer is the author or a moderator."""
    return idea.show_author_name or bool(permissions.can_see_author_name(viewer, idea))


def _sees_moderation(viewer: Viewer, idea: Idea) -> bool:
    return bool(permissions.is_author(viewer, idea) or can_moderate(viewer))


# --- Output ----------------------------------------------------------------------------


class TagOut(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class TransitionOut(serializers.Serializer):
    status = IdeaStatusField()
    # DRF pops declared fields off the class, so names like `label` and `parent` are safe.
    label = serializers.CharField()  # type: ignore[assignment]


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField(help_text="In bytes.")
    content_type = serializers.CharField(help_text="What the content was checked to be.")
    url = serializers.SerializerMethodField()

    def get_url(self, attachment: Attachment) -> str:
        # Through the API, never media/: downloads pass the submission's visibility check.
        ids = {"pk": attachment.idea_id, "attachment_pk": attachment.pk}
        path = reverse("api:submission-attachment", kwargs=ids)
        return self.context["request"].build_absolute_uri(path)


class IdeaSummaryOut(serializers.Serializer):
    """A submission as lists show it; the detail adds its text and attachments."""

    id = serializers.IntegerField()
    kind = IdeaKindField()
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    summary = serializers.CharField()
    focus_area = FocusAreaRefOut(allow_null=True)
    goals = GoalRefOut(many=True, source="goals.all")
    organisations = OrganisationRefOut(many=True, source="organisations.all")
    tags = TagOut(many=True, source="tags.all")
    status = IdeaStatusField()
    status_label = serializers.CharField(source="get_status_display")
    author_name = serializers.SerializerMethodField(
        help_text="Only with the author's consent, or for the author and moderators."
    )
    support_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    is_hidden = serializers.SerializerMethodField(help_text="Null unless author or moderator.")
    hidden_reason = serializers.SerializerMethodField(help_text="Null unless author or moderator.")
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses you may move this submission to."
    )

    def get_author_name(self, idea: Idea) -> str | None:
        return idea.author.display_name if _sees_author(request_viewer(self), idea) else None

    def get_is_hidden(self, idea: Idea) -> bool | None:
        return idea.is_hidden if _sees_moderation(request_viewer(self), idea) else None

    def get_hidden_reason(self, idea: Idea) -> str | None:
        return idea.hidden_reason if _sees_moderation(request_viewer(self), idea) else None

    @extend_schema_field(TransitionOut(many=True))
    def get_allowed_transitions(self, idea: Idea) -> list[dict[str, str]]:
        statuses = permissions.allowed_transitions(request_viewer(self), idea)
        return [{"status": s.value, "label": str(s.label)} for s in statuses]


class IdeaOut(IdeaSummaryOut):
    description = serializers.CharField(help_text="Markdown source.")
    description_html = serializers.CharField(help_text="Rendered and sanitised.")
    show_author_name = serializers.BooleanField()
    attachments = AttachmentOut(many=True, source="attachments.all")


class StatusChangeOut(serializers.Serializer):
    """One step of a submission's history. `from` is null for its creation."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword, so the fields are named here instead of as attributes.
        return {
            "from": IdeaStatusField(source="from_status", allow_null=True),
            "from_label": serializers.CharField(source="get_from_status_display"),
            "to": IdeaStatusField(source="to_status"),
            "to_label": serializers.CharField(source="get_to_status_display"),
            "reason": serializers.CharField(),
            "at": serializers.DateTimeField(source="created_at"),
            "actor_name": serializers.SerializerMethodField(method_name="get_actor_name"),
        }

    def to_representation(self, change: StatusChange) -> dict[str, Any]:
        data = super().to_representation(change)
        data["from"] = data["from"] or None
        return data

    def get_actor_name(self, change: StatusChange) -> str | None:
        """Nobody learns an anonymous author's name from the steps they took themselves."""
        idea: Idea = self.context["idea"]
        if change.actor is None:
            return None
        if change.actor_id == idea.author_id and not _sees_author(request_viewer(self), idea):
            return None
        return change.actor.display_name


class CommentReplyOut(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="parent_id",
        allow_null=True,
    )
    author_name = serializers.SerializerMethodField()
    author_organisation = serializers.SerializerMethodField()
    is_idea_author = serializers.SerializerMethodField(
        help_text="Written by the submission's author (whose name may be withheld)."
    )
    body = serializers.CharField(help_text="Markdown source.")
    body_html = serializers.CharField(help_text="Rendered and sanitised.")
    created_at = serializers.DateTimeField()
    is_hidden = serializers.BooleanField()
    hidden_reason = serializers.SerializerMethodField(
        help_text="Null unless you wrote the comment or moderate."
    )

    def _named(self, comment: Comment) -> bool:
        idea: Idea = self.context["idea"]
        return comment.author_id != idea.author_id or _sees_author(request_viewer(self), idea)

    def get_author_name(self, comment: Comment) -> str | None:
        return comment.author.display_name if self._named(comment) else None

    def get_author_organisation(self, comment: Comment) -> str | None:
        organisation = comment.author.organisation
        return organisation.name if organisation and self._named(comment) else None

    def get_is_idea_author(self, comment: Comment) -> bool:
        return comment.author_id == self.context["idea"].author_id

    def get_hidden_reason(self, comment: Comment) -> str | None:
        viewer = request_viewer(self)
        if permissions.is_comment_author(viewer, comment) or can_moderate(viewer):
            return comment.hidden_reason
        return None


class CommentOut(CommentReplyOut):
    replies = CommentReplyOut(many=True, source="replies.all")


class SupportOut(serializers.Serializer):
    kind = SupportKindField()
    kind_label = serializers.CharField(source="get_kind_display")
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class SupportKindCountOut(serializers.Serializer):
    kind = SupportKindField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    mine = serializers.BooleanField(help_text="Whether you have given this kind.")


class SupportSummaryOut(serializers.Serializer):
    kinds = SupportKindCountOut(many=True)
    total = serializers.IntegerField()


# --- Input -----------------------------------------------------------------------------


class IdeaIn(serializers.Serializer):
    """What a person writes. Relations by id; tags by name (new names create tags)."""

    kind = IdeaKindField(required=False)
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True, required=False)
    description = serializers.CharField(
        allow_blank=True, required=False, help_text="Markdown: **bold**, lists and links."
    )
    focus_area = serializers.PrimaryKeyRelatedField(
        queryset=focus_area_list(), allow_null=True, required=False
    )
    goals = serializers.PrimaryKeyRelatedField(
        queryset=goal_list(), many=True, required=False, help_text="Goals of the focus area."
    )
    organisations = serializers.PrimaryKeyRelatedField(
        queryset=organisation_list(), many=True, required=False
    )
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, help_text="Tag names."
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


class IdeaListQuery(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text="Search text.")
    focus_area = FocusAreaField(
        required=False, allow_blank=True, help_text="A focus area's slug (or id)."
    )
    goal = serializers.PrimaryKeyRelatedField(
        queryset=goal_list(), required=False, allow_null=True, help_text="A goal's id."
    )
    kind = IdeaKindField(required=False, allow_blank=True)
    status = IdeaStatusField(required=False, allow_blank=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=organisation_list(), required=False, allow_null=True, help_text="An id."
    )
    tag = serializers.CharField(required=False, allow_blank=True, help_text="A tag's slug.")
    ordering = serializers.ChoiceField(
        ORDERING_CHOICES,
        required=False,
        allow_blank=True,
        help_text="`relevance` applies with `q`; otherwise newest first.",
    )


class TransitionIn(serializers.Serializer):
    status = IdeaStatusField()
    reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Required when parking or declining: the author reads it.",
    )


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Shown to the author.")


class CommentIn(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, help_text="Markdown.")
    # Any comment id; the service checks it belongs to this submission and is visible.
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Comment.objects.all(),
        allow_null=True,
        required=False,
        help_text="Reply to this comment (replies stay one level deep).",
    )


class SupportIn(serializers.Serializer):
    kind = SupportKindField()
    note = serializers.CharField(allow_blank=True, required=False, default="")


# --- Translation helpers -------------------------------------------------------------------

IDEA_INPUT_FIELDS = frozenset(field.name for field in dataclasses.fields(IdeaInput))


def _idea_input(data: dict[str, Any], current: Idea | None = None) -> IdeaInput:
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


def _idea_filters(query: dict[str, Any]) -> IdeaFilters:
    focus_area, goal, organisation = (query.get(k) for k in ("focus_area", "goal", "organisation"))
    return IdeaFilters(
        q=query.get("q", ""),
        focus_area=focus_area.slug if focus_area else "",
        goal=goal.pk if goal else None,
        kind=query.get("kind", ""),
        status=query.get("status", ""),
        organisation=organisation.pk if organisation else None,
        tag=query.get("tag", ""),
        ordering=query.get("ordering") or "newest",
    )


def _idea_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    """A submission as the viewer sees it now, re-read so counts and relations are current."""
    idea = idea_detail(viewer=request.user, pk=pk)
    return Response(IdeaOut(idea, context={"request": request}).data, status=code)


def _attachment(request: Request, pk: int, attachment_pk: int) -> Attachment:
    """An attachment of a submission the viewer may see; otherwise NOT_FOUND."""
    idea = idea_detail(viewer=request.user, pk=pk)
    attachment = next((a for a in idea.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return attachment


IDEA_REQUEST = {"application/json": IdeaIn, "multipart/form-data": IdeaIn}
IDEA_CREATE_REQUEST = {"application/json": IdeaCreateIn, "multipart/form-data": IdeaCreateIn}


# --- Submissions -----------------------------------------------------------------------------


class IdeaListCreateApi(GenericAPIView):
    pagination_class = Pagination
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = IdeaSummaryOut

    @extend_schema(
        tags=["submissions"],
        summary="Search and list submissions",
        description="Public submissions, plus your own (and, for moderators, all but "
        "others' drafts). Unknown focus areas, goals and organisations are 400s.",
        parameters=[IdeaListQuery],
        responses={200: IdeaSummaryOut(many=True), **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        filters = _idea_filters(parse_query(IdeaListQuery, request))
        page = self.paginate_queryset(idea_list(viewer=request.user, filters=filters))
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
            data=_idea_input(data),
            submit=data["submit"],
        )
        return _idea_response(request, idea.pk, status.HTTP_201_CREATED)


class IdeaMineApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_backends = []
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
        return _idea_response(request, pk)

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
        idea_update(actor=signed_in(request), idea=idea, data=_idea_input(data, idea))
        return _idea_response(request, pk)

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
        return _idea_response(request, pk)


class IdeaHideApi(APIView):
    @extend_schema(
        tags=["moderation"],
        summary="Hide a submission from everyone but its author",
        request=ReasonIn,
        responses={200: IdeaOut, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        data = parse_body(ReasonIn, request)
        idea_hide(actor=signed_in(request), idea=idea, reason=data["reason"])
        return _idea_response(request, pk)


class IdeaUnhideApi(APIView):
    @extend_schema(
        tags=["moderation"],
        summary="Show a hidden submission again",
        request=None,
        responses={200: IdeaOut, **error_responses(403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        idea_unhide(actor=signed_in(request), idea=idea)
        return _idea_response(request, pk)


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
        attachment = _attachment(request, pk, attachment_pk)
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
        attachment = _attachment(request, pk, attachment_pk)
        attachment_remove(actor=signed_in(request), attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Comments --------------------------------------------------------------------------------


class CommentListCreateApi(GenericAPIView):
    pagination_class = Pagination
    filter_backends = []
    serializer_class = CommentOut

    @extend_schema(
        tags=["comments"],
        summary="A submission's comments, oldest first, each with its replies",
        responses={200: CommentOut(many=True), **error_responses(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        page = self.paginate_queryset(comment_list(viewer=request.user, idea=idea))
        data = CommentOut(page, many=True, context={"request": request, "idea": idea}).data
        return self.get_paginated_response(data)

    @extend_schema(
        tags=["comments"],
        summary="Comment, or reply with `parent`",
        request=CommentIn,
        responses={201: CommentOut, **error_responses(400, 403, 404, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = idea_get(viewer=request.user, pk=pk)
        data = parse_body(CommentIn, request)
        comment = comment_create(
            author=signed_in(request),
            idea=idea,
            body=data["body"],
            parent=data.get("parent"),
        )
        context = {"request": request, "idea": idea}
        return Response(CommentOut(comment, context=context).data, status=status.HTTP_201_CREATED)


class CommentHideApi(APIView):
    @extend_schema(
        tags=["moderation"],
        summary="Hide a comment",
        request=ReasonIn,
        responses={200: CommentOut, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        comment = comment_get(viewer=request.user, pk=pk)
        idea = idea_get(viewer=request.user, pk=comment.idea_id)
        data = parse_body(ReasonIn, request)
        comment = comment_hide(actor=signed_in(request), comment=comment, reason=data["reason"])
        context = {"request": request, "idea": idea}
        return Response(CommentOut(comment, context=context).data)


# --- Support ---------------------------------------------------------------------------------


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
