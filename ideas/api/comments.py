"""Comments through the API: a submission's threads, commenting and replying."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

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
from hub.api import signed_in
from hub.permissions import can_moderate
from ideas import names, permissions
from ideas.models import Comment
from ideas.selectors import comment_list, idea_get
from ideas.services import comment_create


class CommentReplyOut(serializers.Serializer):
    id = IdField()
    parent = IntegerField(  # type: ignore[assignment]
        source="parent_id",
        allow_null=True,
    )
    author_name = serializers.SerializerMethodField()
    author_organisation = serializers.SerializerMethodField()
    is_idea_author = serializers.SerializerMethodField(
        help_text="Written by the submission's author (whose name may be withheld)."
    )
    body = CharField(help_text="Markdown source.")
    body_html = CharField(help_text="Rendered and sanitised.")
    created_at = serializers.DateTimeField()
    is_hidden = serializers.BooleanField()
    hidden_reason = serializers.SerializerMethodField(
        help_text="Null unless you wrote the comment or moderate."
    )

    def get_author_name(self, comment: Comment) -> str | None:
        return names.comment_author_name(request_viewer(self), comment, self.context["idea"])

    def get_author_organisation(self, comment: Comment) -> str | None:
        viewer = request_viewer(self)
        return names.comment_author_organisation(viewer, comment, self.context["idea"])

    def get_is_idea_author(self, comment: Comment) -> bool:
        return comment.author_id == self.context["idea"].author_id

    def get_hidden_reason(self, comment: Comment) -> str | None:
        viewer = request_viewer(self)
        if permissions.is_comment_author(viewer, comment) or can_moderate(viewer):
            return comment.hidden_reason
        return None


class CommentOut(CommentReplyOut):
    replies = CommentReplyOut(many=True, source="replies.all")


class CommentIn(serializers.Serializer):
    body = CharField(allow_blank=True, help_text="Markdown.")
    # Any comment id; the service checks it belongs to this submission and is visible.
    parent = PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Comment.objects.all(),
        allow_null=True,
        required=False,
        help_text="Reply to this comment (replies stay one level deep).",
    )


class CommentListCreateApi(GenericAPIView):
    pagination_class = Pagination
    filter_backends = []  # nothing to filter
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
