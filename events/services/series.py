"""Forum series: themed meetings (events of kind forum meeting) under one title."""

from __future__ import annotations

from django.db import transaction

from common.errors import ErrorCode, ServiceError
from events import permissions
from events.models import ForumSeries
from hub.models import FocusArea, User


def forum_series_create(
    *, actor: User, title: str, description: str = "", focus_area: FocusArea | None = None
) -> ForumSeries:
    if not permissions.can_create_forum_series(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    series = ForumSeries(created_by=actor)
    _validate_series(series, title=title, description=description, focus_area=focus_area)
    with transaction.atomic():
        series.save()
    return series


def forum_series_update(
    *,
    actor: User,
    series: ForumSeries,
    title: str,
    description: str = "",
    focus_area: FocusArea | None = None,
) -> ForumSeries:
    if not permissions.can_edit_forum_series(actor, series):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        try:
            series = ForumSeries.objects.select_for_update().get(pk=series.pk)
        except ForumSeries.DoesNotExist:
            raise ServiceError(ErrorCode.NOT_FOUND) from None
        _validate_series(series, title=title, description=description, focus_area=focus_area)
        series.save()
    return series


def _validate_series(
    series: ForumSeries, *, title: str, description: str, focus_area: FocusArea | None
) -> None:
    series.title = (title or "").strip()
    series.description = (description or "").strip()
    series.focus_area = focus_area
    series.full_clean(exclude=["created_by"])
