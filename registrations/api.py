"""The REST API of registrations (see docs/api.md, "Registrations").

An event's figures and the viewer's own registration are at
`/events/{id}/registration/` (GET; POST registers the signed-in person, DELETE cancels);
guests without an account register at `/events/{id}/registration/guest/` (their email holds
the cancel link). Organisers read the list at `/events/{id}/registrations/`, set
registrations up at `/events/{id}/registration/settings/` and mark attendance at
`/registrations/{id}/attendance/`. Every write goes through `registrations.services`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    CharField,
    IdField,
    IntegerField,
    Pagination,
    enum_field,
    error_responses,
    parse_body,
)
from common.api_errors import ErrorOut
from common.errors import ErrorCode, ServiceError
from common.http import client_ip
from events.selectors import event_get
from hub.api import signed_in
from registrations.exports import registrant_email, registrant_name
from registrations.models import (
    CAPACITY_MAX,
    NAME_MAX,
    NEEDS_MAX,
    ORGANISATION_MAX,
    Registration,
    RegistrationStatus,
    Sector,
)
from registrations.selectors import (
    RegistrationSummary,
    registration_get,
    registration_list,
    registration_summary,
)
from registrations.services import (
    GuestInput,
    RegistrationInput,
    SettingsInput,
    attendance_set,
    guest_registration_create,
    registration_cancel,
    registration_create,
    registration_settings_set,
)

SectorField = enum_field(Sector, "Sector")
RegistrationStatusField = enum_field(RegistrationStatus, "RegistrationStatus")
TAGS = ["registrations"]


class RegistrationErrorOut(ErrorOut):
    reason = CharField(
        required=False,
        help_text="What exactly was refused: `not_open`, `deadline_passed`, `full`, "
        "`already_registered`, `already_cancelled`, `not_confirmed`, `too_early`, "
        "`event_over` or `bad_link`.",
    )


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses; 404 and 409 may carry a registration `reason`."""
    responses = error_responses(*codes)
    for code in {404, 409} & set(codes):
        responses[code] = OpenApiResponse(
            RegistrationErrorOut,
            description=f"{responses[code].description} May carry a `reason`.",
        )
    return responses


# --- Output ----------------------------------------------------------------------------------


class OwnRegistrationOut(serializers.Serializer):
    """A registration as its person sees it."""

    id = IdField()
    status = RegistrationStatusField()
    status_label = CharField(source="get_status_display")
    sector = SectorField()
    organisation_name = CharField()
    dietary_needs = CharField()
    accessibility_needs = CharField()
    attended = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class RegistrationSummaryOut(serializers.Serializer):
    takes_registrations = serializers.BooleanField(help_text="Set up by its organisers.")
    is_open = serializers.BooleanField(help_text="Taking registrations now.")
    capacity = IntegerField(allow_null=True, help_text="Null: no limit.")
    places_left = IntegerField(allow_null=True, help_text="Null: no limit.")
    deadline = serializers.DateTimeField(
        allow_null=True, help_text="When registrations close (by default the event's start)."
    )
    waiting_list = serializers.BooleanField()
    confirmed = IntegerField(help_text="People with a place.")
    waitlisted = IntegerField()
    attended = IntegerField()
    mine = OwnRegistrationOut(allow_null=True, help_text="Yours, if you are registered.")
    waitlist_position = IntegerField(
        allow_null=True, help_text="Your place on the waiting list (1 is next)."
    )


class RegistrationOut(OwnRegistrationOut):
    """A registration as the event's organisers see it."""

    name = CharField()
    email = CharField(help_text="Empty once a guest's details are past retention.")
    is_guest = serializers.BooleanField()
    sector_label = CharField(source="get_sector_display")
    confirmed_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)


class SettingsOut(serializers.Serializer):
    is_open = serializers.BooleanField()
    capacity = IntegerField(allow_null=True)
    deadline = serializers.DateTimeField(allow_null=True)
    waiting_list = serializers.BooleanField()


# --- Input -----------------------------------------------------------------------------------


class RegistrationIn(serializers.Serializer):
    sector = SectorField()
    organisation_name = CharField(
        max_length=ORGANISATION_MAX, required=False, allow_blank=True, default=""
    )
    dietary_needs = CharField(max_length=NEEDS_MAX, required=False, allow_blank=True, default="")
    accessibility_needs = CharField(
        max_length=NEEDS_MAX, required=False, allow_blank=True, default=""
    )


class GuestRegistrationIn(RegistrationIn):
    name = CharField(max_length=NAME_MAX)
    email = serializers.EmailField(help_text="The confirmation, with its cancel link, goes here.")


class SettingsIn(serializers.Serializer):
    is_open = serializers.BooleanField(default=True)
    capacity = IntegerField(
        min_value=1, max_value=CAPACITY_MAX, allow_null=True, required=False, default=None
    )
    deadline = serializers.DateTimeField(allow_null=True, required=False, default=None)
    waiting_list = serializers.BooleanField(default=True)


class AttendanceIn(serializers.Serializer):
    attended = serializers.BooleanField()


def _registration_input(data: dict[str, Any]) -> RegistrationInput:
    return RegistrationInput(
        sector=data["sector"],
        organisation_name=data["organisation_name"],
        dietary_needs=data["dietary_needs"],
        accessibility_needs=data["accessibility_needs"],
    )


def _summary(summary: RegistrationSummary) -> dict[str, Any]:
    data = dict(RegistrationSummaryOut(summary).data)
    data["places_left"] = summary.places_left
    return data


def _for_organisers(registration: Registration, viewer: Any) -> dict[str, Any]:
    registration.name = registrant_name(registration, viewer)  # type: ignore[attr-defined]
    registration.email = registrant_email(registration)  # type: ignore[attr-defined]
    return dict(RegistrationOut(registration).data)


# --- Views -----------------------------------------------------------------------------------


class RegistrationApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="An event's registration figures, and yours",
        description="Public figures; `mine` is yours when you are signed in and registered.",
        responses={200: RegistrationSummaryOut, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = event_get(pk=pk)
        return Response(_summary(registration_summary(event=event, viewer=request.user)))

    @extend_schema(
        tags=TAGS,
        summary="Register for the event",
        description="A place while places are left, else the waiting list (`status`).",
        request=RegistrationIn,
        responses={201: OwnRegistrationOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = event_get(pk=pk)
        data = parse_body(RegistrationIn, request)
        registration = registration_create(
            actor=signed_in(request), event=event, data=_registration_input(data)
        )
        return Response(OwnRegistrationOut(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Cancel your registration",
        description="Your place goes to the first on the waiting list.",
        responses={204: None, **errors(403, 404, 409)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        event = event_get(pk=pk)
        mine = registration_summary(event=event, viewer=request.user).mine
        if mine is None:
            raise ServiceError(ErrorCode.NOT_FOUND)
        registration_cancel(actor=signed_in(request), registration=mine)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GuestRegistrationApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="Register as a guest, without an account",
        description="By name and email address; the confirmation email holds the link that "
        "cancels. Limited per client address.",
        request=GuestRegistrationIn,
        responses={201: OwnRegistrationOut, **errors(400, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = event_get(pk=pk)
        data = parse_body(GuestRegistrationIn, request)
        registration = guest_registration_create(
            event=event,
            guest=GuestInput(name=data["name"], email=data["email"]),
            data=_registration_input(data),
            client_key=client_ip(request),
        )
        return Response(OwnRegistrationOut(registration).data, status=status.HTTP_201_CREATED)


class RegistrationSettingsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Set up registrations for the event (organisers, facilitators)",
        description="A larger capacity gives its new places to the waiting list at once.",
        request=SettingsIn,
        responses={200: SettingsOut, **errors(400, 403, 404)},
    )
    def put(self, request: Request, pk: int) -> Response:
        event = event_get(pk=pk)
        data = parse_body(SettingsIn, request)
        setup = registration_settings_set(
            actor=signed_in(request), event=event, data=SettingsInput(**data)
        )
        return Response(SettingsOut(setup).data)


class RegistrationListApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_backends = []
    serializer_class = RegistrationOut

    @extend_schema(
        tags=TAGS,
        summary="Everyone who registered (organisers, facilitators)",
        description="Those with a place, then the waiting list in order, then the cancelled.",
        responses={200: RegistrationOut(many=True), **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = event_get(pk=pk)
        page = self.paginate_queryset(registration_list(event=event, viewer=request.user))
        rows = [_for_organisers(registration, request.user) for registration in page or []]
        return self.get_paginated_response(rows)


class AttendanceApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Mark whether a person attended (organisers, facilitators)",
        request=AttendanceIn,
        responses={200: RegistrationOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        registration = registration_get(pk=pk, viewer=request.user)
        data = parse_body(AttendanceIn, request)
        updated = attendance_set(
            actor=signed_in(request), registration=registration, attended=data["attended"]
        )
        return Response(_for_organisers(updated, request.user))
