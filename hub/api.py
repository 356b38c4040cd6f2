"""The REST API of the hub core: the signed-in person, organisations, focus areas, societal
goals and notifications (sign-up and tokens: `accounts.api`).

Views translate JSON to service or selector calls and back; every rule lives behind them.
What every app's API shares (pagination, error bodies, parsing) is in `common.api`.
"""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
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
    PrimaryKeyRelatedField,
    enum_field,
    error_responses,
    request_viewer,
)
from hub.display_names import shown_name
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


class FocusAreaField(CharField):
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
    kind_label = CharField(source="get_kind_display")

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "kind_label", "is_party", "website"]


class FocusAreaRefOut(serializers.ModelSerializer):
    class Meta:
        model = FocusArea
        fields = ["id", "slug", "name", "name_en"]


class GoalRefOut(serializers.Serializer):
    id = IdField()
    title = CharField()
    title_en = CharField(help_text="English title; empty: none given.")


class GoalInAreaOut(GoalRefOut):
    description = CharField()
    order = IntegerField()


class GoalOut(GoalInAreaOut):
    focus_area = FocusAreaRefOut()


class FocusAreaOut(serializers.ModelSerializer):
    goals = GoalInAreaOut(many=True)

    class Meta:
        model = FocusArea
        fields = ["id", "slug", "name", "name_en", "north_star", "description", "order", "goals"]


class MeOut(serializers.ModelSerializer):
    profile_type = ProfileTypeField()
    profile_type_label = CharField(source="get_profile_type_display")
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


@extend_schema_field(OpenApiTypes.STR)
class ShownNameField(serializers.Field):
    """A person's name as the requester sees it: a pseudonym, the name, or "Borttagen
    deltagare" (`hub.display_names`, the rule pages and sockets follow too)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, person: User) -> str:
        # Rendered without a request (a nested list built by hand): the public's view.
        viewer = request_viewer(self) if "request" in self.context else None
        return shown_name(person=person, viewer=viewer)


class NotificationOut(serializers.ModelSerializer):
    message = CharField(help_text="Rendered in the request's language.")
    url = CharField(source="target_url", help_text="Where it leads on the hub.")
    actor_name = ShownNameField(source="actor", allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "url", "actor_name", "created_at", "read_at"]


class MarkedOut(serializers.Serializer):
    marked = IntegerField(help_text="How many notifications became read.")


# --- Input -----------------------------------------------------------------------------


class ProfileIn(serializers.Serializer):
    """Every field optional: what is left out keeps its value."""

    display_name = CharField(required=False)
    profile_type = ProfileTypeField(required=False)
    organisation = PrimaryKeyRelatedField(
        queryset=organisation_list(), allow_null=True, required=False
    )
    bio = CharField(allow_blank=True, required=False)


class MarkReadIn(serializers.Serializer):
    ids = serializers.ListField(
        child=IdField(),
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
        return self.get_paginated_response(
            NotificationOut(page, many=True, context={"request": request}).data
        )


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


# --- The root ---------------------------------------------------------------------------

# What `/api/v1/` lists: each resource's name and the URL name of its collection.
ROOT_RESOURCES = (
    ("me", "api:me"),
    ("tokens", "api:token-list"),
    ("notifications", "api:notification-list"),
    ("organisations", "api:organisation-list"),
    ("focus_areas", "api:focus-area-list"),
    ("goals", "api:goal-list"),
    ("submissions", "api:submission-list"),
    ("boards", "api:board-list"),
    ("events", "api:event-list"),
    ("forum_series", "api:forum-series-list"),
    ("criteria", "api:assessment:criterion-list"),
    ("assessment_rounds", "api:assessment:round-list"),
    ("portfolios", "api:portfolio:portfolio-overview"),
    ("initiatives", "api:portfolio:initiative-list"),
    ("data_exports", "api:data-export-list"),
)


class ApiRootOut(serializers.Serializer):
    resources = serializers.DictField(
        child=serializers.URLField(), help_text="Each resource's collection, by name."
    )
    schema = serializers.URLField(help_text="The OpenAPI 3 document (YAML; `?format=json`).")
    docs = serializers.URLField(help_text="The interactive documentation (Swagger UI).")


class ApiRootApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["api"],
        summary="The API's resources, its schema and its documentation",
        responses={200: ApiRootOut},
    )
    def get(self, request: Request) -> Response:
        absolute = request.build_absolute_uri
        return Response(
            {
                "resources": {name: absolute(reverse(url)) for name, url in ROOT_RESOURCES},
                "schema": absolute(reverse("api-schema")),
                "docs": absolute(reverse("api-docs")),
            }
        )
