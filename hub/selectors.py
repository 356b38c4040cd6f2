"""Reads of the hub core."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from hub.models import FocusArea, Notification, Organisation, SocietalGoal, User


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.all()


def focus_area_list() -> QuerySet[FocusArea]:
    return FocusArea.objects.prefetch_related(
        Prefetch("goals", queryset=SocietalGoal.objects.order_by("order", "pk"))
    )


def goal_list(*, focus_area: FocusArea | None = None) -> QuerySet[SocietalGoal]:
    goals = SocietalGoal.objects.select_related("focus_area")
    if focus_area is not None:
        goals = goals.filter(focus_area=focus_area)
    return goals


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor")


def unread_notification_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
