"""The REST API of challenges (see docs/api.md, "Challenges", and docs/challenges.md).

The catalogue at `/challenges/` (filtered by `challenges.filters.ChallengeFilterSet`; POST
publishes), one challenge at `/challenges/{id}/` (PUT edits), its status, bookmark,
applications (GET for its owner, POST to apply), course cases and results; one application's
decision and withdrawal at `/challenges/applications/{id}/…`; the signed-in person's own
applications, suggestions and student profile. Every write goes through
`challenges.services`, every read through `challenges.selectors`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from challenges.filters import ChallengeFilterSet
from challenges.models import Challenge
from challenges.selectors import (
    application_get,
    application_list,
    challenge_detail,
    challenge_get,
    challenge_list,
    challenges_for_you,
    my_applications,
    student_profile_of,
)
from challenges.serializers import (
    TAGS,
    ApplicationDecisionIn,
    ApplicationIn,
    ApplicationOut,
    BookmarkIn,
    ChallengeCreateIn,
    ChallengeDetailOut,
    ChallengeIn,
    ChallengeOut,
    ChallengeStatusIn,
    CourseCaseIn,
    CourseCaseOut,
    CourseCaseReportIn,
    ResultIn,
    ResultOut,
    StudentProfileIn,
    StudentProfileOut,
    challenge_input,
    errors,
)
from challenges.services import (
    CourseCaseInput,
    StudentProfileInput,
    application_accept,
    application_create,
    application_decline,
    application_withdraw,
    bookmark_set,
    challenge_create,
    challenge_set_status,
    challenge_update,
    course_case_create,
    course_case_report,
    result_publish,
    student_profile_set,
)
from common.api import Pagination, parse_body
from common.errors import ErrorCode, ServiceError
from hub.api import signed_in
from hub.models import User


def _detail(request: Request, pk: int) -> dict[str, Any]:
    detail = challenge_detail(viewer=request.user, pk=pk)
    challenge = detail.challenge
    challenge.detail_results = detail.results  # type: ignore[attr-defined]
    challenge.detail_course_cases = detail.course_cases  # type: ignore[attr-defined]
    return dict(ChallengeDetailOut(challenge).data)


# --- Views -----------------------------------------------------------------------------------


class ChallengeListCreateApi(GenericAPIView):
    pagination_class = Pagination
    filterset_class = ChallengeFilterSet  # through the default backend: a bad value is a 400
    queryset = Challenge.objects.none()
    serializer_class = ChallengeOut

    @extend_schema(
        tags=TAGS,
        summary="The catalogue of challenges",
        description="Public challenges (and your own drafts), open ones first. Filter by "
        "discipline, level, format, focus area, period and status; search with `q`.",
        responses={200: ChallengeOut(many=True), **errors(400)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(challenge_list(viewer=request.user)))
        return self.get_paginated_response(ChallengeOut(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Publish a challenge (facilitators, initiative owners, researchers, teachers)",
        description="A draft, or open at once with `publish: true`.",
        request=ChallengeCreateIn,
        responses={201: ChallengeDetailOut, **errors(400, 403)},
    )
    def post(self, request: Request) -> Response:
        data = parse_body(ChallengeCreateIn, request)
        challenge = challenge_create(
            actor=signed_in(request), data=challenge_input(data), publish=data["publish"]
        )
        return Response(_detail(request, challenge.pk), status=status.HTTP_201_CREATED)


class ChallengeApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One challenge, with its results and course cases",
        responses={200: ChallengeDetailOut, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(request, pk))

    @extend_schema(
        tags=TAGS,
        summary="Change a challenge (its owner, facilitators)",
        request=ChallengeIn,
        responses={200: ChallengeDetailOut, **errors(400, 403, 404)},
    )
    def put(self, request: Request, pk: int) -> Response:
        challenge = challenge_get(viewer=request.user, pk=pk)
        data = parse_body(ChallengeIn, request)
        challenge_update(actor=signed_in(request), challenge=challenge, data=challenge_input(data))
        return Response(_detail(request, pk))


class ChallengeStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Publish, start, complete, close or reopen a challenge",
        request=ChallengeStatusIn,
        responses={200: ChallengeDetailOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        challenge = challenge_get(viewer=request.user, pk=pk)
        data = parse_body(ChallengeStatusIn, request)
        challenge_set_status(actor=signed_in(request), challenge=challenge, status=data["status"])
        return Response(_detail(request, pk))


class BookmarkApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Bookmark a challenge (`on: false` removes it)",
        request=BookmarkIn,
        responses={204: None, **errors(400, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        challenge = challenge_get(viewer=request.user, pk=pk)
        data = parse_body(BookmarkIn, request)
        bookmark_set(actor=signed_in(request), challenge=challenge, on=data["on"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApplicationListCreateApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_backends: list[Any] = []
    serializer_class = ApplicationOut

    @extend_schema(
        tags=TAGS,
        summary="A challenge's applications (its owner, administrators)",
        description="404 for anyone else: applicants are private.",
        responses={200: ApplicationOut(many=True), **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        challenge = challenge_get(viewer=request.user, pk=pk)
        page = self.paginate_queryset(application_list(viewer=request.user, challenge=challenge))
        return self.get_paginated_response(ApplicationOut(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Apply (students), alone or with another student",
        request=ApplicationIn,
        responses={201: ApplicationOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        challenge = challenge_get(viewer=request.user, pk=pk)
        data = parse_body(ApplicationIn, request)
        partner = None
        if data["partner_email"]:
            partner = User.objects.filter(
                email__iexact=data["partner_email"], is_active=True
            ).first()
            if partner is None:
                raise serializers.ValidationError(
                    {"partner_email": ["Nobody in the hub has this address."]}
                )
        application = application_create(
            actor=signed_in(request),
            challenge=challenge,
            motivation=data["motivation"],
            partner=partner,
            university_supervisor=data["university_supervisor"],
        )
        return Response(ApplicationOut(application).data, status=status.HTTP_201_CREATED)


class ApplicationDecisionApi(APIView):
    permission_classes = [IsAuthenticated]
    accept = True

    @extend_schema(
        tags=TAGS,
        summary="Accept or decline an application (the challenge's owner)",
        description="Accepting is refused (409, `filled`) once the places are taken.",
        request=ApplicationDecisionIn,
        responses={200: ApplicationOut, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_get(viewer=request.user, pk=pk)
        data = parse_body(ApplicationDecisionIn, request)
        if self.accept:
            decided = application_accept(
                actor=signed_in(request),
                application=application,
                message=data["message"],
                university_supervisor=data["university_supervisor"],
            )
        else:
            decided = application_decline(
                actor=signed_in(request), application=application, message=data["message"]
            )
        return Response(ApplicationOut(decided).data)


class ApplicationWithdrawApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Withdraw your application",
        request=None,
        responses={200: ApplicationOut, **errors(404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_get(viewer=request.user, pk=pk)
        withdrawn = application_withdraw(actor=signed_in(request), application=application)
        return Response(ApplicationOut(withdrawn).data)


class MyApplicationsApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_backends: list[Any] = []
    serializer_class = ApplicationOut

    @extend_schema(
        tags=TAGS,
        summary="Your applications (as applicant or partner)",
        responses={200: ApplicationOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(my_applications(viewer=request.user))
        return self.get_paginated_response(ApplicationOut(page, many=True).data)


class ForYouApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Challenges for you, from your student profile",
        responses={200: ChallengeOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(ChallengeOut(challenges_for_you(viewer=request.user), many=True).data)


class CourseCaseCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Take a challenge into a course as a case (teachers)",
        request=CourseCaseIn,
        responses={201: CourseCaseOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        challenge = challenge_get(viewer=request.user, pk=pk)
        data = parse_body(CourseCaseIn, request)
        case = course_case_create(
            actor=signed_in(request), challenge=challenge, data=CourseCaseInput(**data)
        )
        return Response(CourseCaseOut(case).data, status=status.HTTP_201_CREATED)


class CourseCaseReportApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Report back what came out of the course (its teacher)",
        request=CourseCaseReportIn,
        responses={200: CourseCaseOut, **errors(400, 403, 404)},
    )
    def post(self, request: Request, pk: int, case_pk: int) -> Response:
        detail = challenge_detail(viewer=request.user, pk=pk)
        case = next((c for c in detail.course_cases if c.pk == case_pk), None)
        if case is None:
            raise ServiceError(ErrorCode.NOT_FOUND)
        data = parse_body(CourseCaseReportIn, request)
        reported = course_case_report(
            actor=signed_in(request), course_case=case, report=data["report"]
        )
        return Response(CourseCaseOut(reported).data)


class ResultCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=TAGS,
        summary="Publish the result (students accepted to the challenge)",
        description="A link (such as DiVA) or a file (multipart/form-data), checked by content.",
        request=ResultIn,
        responses={201: ResultOut, **errors(400, 403, 404, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        challenge = challenge_get(viewer=request.user, pk=pk)
        data = parse_body(ResultIn, request)
        result = result_publish(
            actor=signed_in(request),
            challenge=challenge,
            title=data["title"],
            abstract=data["abstract"],
            link=data["link"],
            upload=data["file"],
        )
        return Response(ResultOut(result).data, status=status.HTTP_201_CREATED)


class StudentProfileApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Your student profile",
        responses={200: StudentProfileOut, **errors(404)},
    )
    def get(self, request: Request) -> Response:
        profile = student_profile_of(viewer=request.user)
        if profile is None:
            raise ServiceError(ErrorCode.NOT_FOUND)
        return Response(StudentProfileOut(profile).data)

    @extend_schema(
        tags=TAGS,
        summary="Set your student profile",
        request=StudentProfileIn,
        responses={200: StudentProfileOut, **errors(400)},
    )
    def put(self, request: Request) -> Response:
        data = parse_body(StudentProfileIn, request)
        profile = student_profile_set(actor=signed_in(request), data=StudentProfileInput(**data))
        return Response(StudentProfileOut(profile).data)
