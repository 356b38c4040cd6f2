"""The REST API of the hub core: the signed-in person, organisations, focus areas, societal
goals and notifications (sign-up and tokens: `accounts.api`).

Views translate JSON to service or selector calls and back; every rule lives behind them.
What every app's API shares (pagination, error bodies, parsing) is in `common.api`.
"""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import Pagination, enum_field, error_responses
from hub.filters import GoalFilterSet, NotificationFilterSet, OrganisationFilterSet
from hub.models import (
    FocusArea,
    Notification,
    Organisation,
    OrganisationKind,
    ProfileType,
    SocietalGoal,
    User,
)
from hub.models import Role as RoleChoice
from hub.selectors import (
    focus_area_list,
    focus_area_named,
    goal_list,
    notification_list,
    organisation_list,
)
from hub.services import (
    notifications_mark_read,
    profile_update,
)


def signed_in(request: Request) -> User:
    """The person behind a write. Permission classes have already refused anonymous ones."""
    return cast(User, request.user)


OrganisationKindField = enum_field(OrganisationKind, "OrganisationKind")
ProfileTypeField = enum_field(ProfileType, "ProfileType")


class FocusAreaField(serializers.CharField):
    """A focus area named by its slug or its id; an unknown one is a field error."""

    default_error_messages = {"does_not_exist": _("Det finns inget sådant fokusområde.")}

    def to_internal_value(self, data: Any) -> FocusArea:  # type: ignore[override]
        focus_area = focus_area_named(super().to_internal_value(data))
        if focus_area is None:
            self.fail("does_not_exist")
        return focus_area


# --- Output ----------------------------------------------------------------------------


class OrganisationRefOut(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "is_party"]


class OrganisationOut(serializers.ModelSerializer):
    kind = OrganisationKindField()
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "kind_label", "is_party", "website"]


class FocusAreaRefOut(serializers.ModelSerializer):
    class Meta:
        model = FocusArea
        fields = ["id", "slug", "name", "name_en"]


class GoalRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    title_en = serializers.CharField(help_text="English title; empty: none given.")


class GoalInAreaOut(GoalRefOut):
    description = serializers.CharField()
    order = serializers.IntegerField()


class GoalOut(GoalInAreaOut):
    focus_area = FocusAreaRefOut()


class FocusAreaOut(serializers.ModelSerializer):
    goals = GoalInAreaOut(many=True)

    class Meta:
        model = FocusArea
        fields = ["id", "slug", "name", "name_en", "north_star", "description", "order", "goals"]


class MeOut(serializers.ModelSerializer):
    profile_type = ProfileTypeField()
    profile_type_label = serializers.CharField(source="get_profile_type_display")
    organisation = OrganisationRefOut(allow_null=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "profile_type",
            "profile_type_label",
            "organisation",
            "bio",
            "roles",
        ]

    def get_roles(self, user: User) -> list[str]:
        return [role.value for role in RoleChoice if user.has_role(role)]


class NotificationOut(serializers.ModelSerializer):
    message = serializers.CharField(help_text="Rendered in the request's language.")
    url = serializers.CharField(source="target_url", help_text="Where it leads on the hub.")
    actor_name = serializers.CharField(source="actor.display_name", allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "url", "actor_name", "created_at", "read_at"]


class MarkedOut(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications became read.")


# --- Input -----------------------------------------------------------------------------


class ProfileIn(serializers.Serializer):
    """Every field optional: what is left out keeps its value."""

    display_name = serializers.CharField(required=False)
    profile_type = ProfileTypeField(required=False)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=organisation_list(), allow_null=True, required=False
    )
    bio = serializers.CharField(allow_blank=True, required=False)


class MarkReadIn(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="The notifications to mark read; leave out to mark all.",
    )


# --- Views -----------------------------------------------------------------------------


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["people"], summary="The signed-in person", responses={200: MeOut})
    def get(self, request: Request) -> Response:
        return Response(MeOut(request.user).data)

    @extend_schema(
        tags=["people"],
        summary="Change your profile",
        request=ProfileIn,
        responses={200: MeOut, **error_responses(400, 403)},
    )
    def patch(self, request: Request) -> Response:
        user = signed_in(request)
        data = ProfileIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        user = profile_update(
            actor=user,
            user=user,
            display_name=fields.get("display_name", user.display_name),
            profile_type=fields.get("profile_type", user.profile_type),
            organisation=fields.get("organisation", user.organisation),
            bio=fields.get("bio", user.bio),
        )
        return Response(MeOut(user).data)


class OrganisationListApi(GenericAPIView):
    pagination_class = Pagination
    filterset_class = OrganisationFilterSet  # through the default backend: a bad value is a 400
    queryset = Organisation.objects.none()  # names the model for the schema
    serializer_class = OrganisationOut

    @extend_schema(
        tags=["organisations"],
        summary="Organisations (actors and the parties)",
        responses={200: OrganisationOut(many=True), **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(organisation_list()))
        return self.get_paginated_response(OrganisationOut(page, many=True).data)


class FocusAreaListApi(GenericAPIView):
    pagination_class = Pagination
    filter_backends = []
    serializer_class = FocusAreaOut

    @extend_schema(
        tags=["focus areas"],
        summary="Focus areas with their societal goals",
        responses={200: FocusAreaOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(focus_area_list())
        return self.get_paginated_response(FocusAreaOut(page, many=True).data)


class GoalListApi(GenericAPIView):
    pagination_class = Pagination
    filterset_class = GoalFilterSet
    queryset = SocietalGoal.objects.none()  # names the model for the schema
    serializer_class = GoalOut

    @extend_schema(
        tags=["focus areas"],
        summary="Societal goals",
        responses={200: GoalOut(many=True), **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(goal_list()))
        return self.get_paginated_response(GoalOut(page, many=True).data)


class NotificationListApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filterset_class = NotificationFilterSet
    queryset = Notification.objects.none()  # names the model for the schema
    serializer_class = NotificationOut

    @extend_schema(
        tags=["notifications"],
        summary="Your notifications, newest first",
        responses={200: NotificationOut(many=True), **error_responses(400, 403)},
    )
    def get(self, request: Request) -> Response:
        notifications = notification_list(user=signed_in(request))
        page = self.paginate_queryset(self.filter_queryset(notifications))
        return self.get_paginated_response(NotificationOut(page, many=True).data)


class NotificationMarkReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["notifications"],
        summary="Mark notifications read",
        request=MarkReadIn,
        responses={200: MarkedOut, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        data = MarkReadIn(data=request.data)
        data.is_valid(raise_exception=True)
        marked = notifications_mark_read(
            actor=signed_in(request), ids=data.validated_data.get("ids")
        )
        return Response({"marked": marked})
