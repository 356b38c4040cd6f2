"""Moderation through the API: hiding and showing submissions, hiding comments."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import CharField, error_responses, parse_body
from hub.api import signed_in
from ideas.api.comments import CommentOut
from ideas.api.submissions import IdeaOut, idea_response
from ideas.selectors import comment_get, idea_get
from ideas.services import comment_hide, idea_hide, idea_unhide


class ReasonIn(serializers.Serializer):
    reason = CharField(allow_blank=True, help_text="Shown to the author.")


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
        return idea_response(request, pk)


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
        return idea_response(request, pk)


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
