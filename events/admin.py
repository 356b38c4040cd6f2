"""Events and forum series in the admin. Saving goes through the services, like every other
change: the admin form checks the fields, the service the rest (and who may)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from events import permissions
from events.models import Event, ForumSeries
from events.services import (
    EventInput,
    event_create,
    event_delete,
    event_update,
    forum_series_create,
    forum_series_update,
)
from hub.models import User


class MeetingInline(admin.TabularInline):
    model = Event
    fk_name = "series"
    fields = ("series_number", "title", "starts_at", "ends_at", "place")
    readonly_fields = fields
    ordering = ("series_number", "starts_at")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a meeting is an event: add it as one, choosing this series


@admin.register(ForumSeries)
class ForumSeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "focus_area", "meeting_count", "created_at")
    list_filter = ("focus_area",)
    search_fields = ("title", "description")
    fields = ("title", "description", "focus_area")
    inlines = (MeetingInline,)

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return self.inlines if obj is not None else ()  # a new series has no meetings yet

    def get_queryset(self, request: HttpRequest) -> QuerySet[ForumSeries]:
        return super().get_queryset(request).annotate(meeting_total=Count("meetings"))

    @admin.display(description=_("träffar"), ordering="meeting_total")
    def meeting_count(self, obj: Any) -> int:
        return int(obj.meeting_total)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(permissions.can_create_forum_series(request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(permissions.can_edit_forum_series(request.user, obj))

    def save_model(self, request: HttpRequest, obj: ForumSeries, form: Any, change: bool) -> None:
        actor = cast(User, request.user)
        fields = {key: form.cleaned_data.get(key) for key in ("title", "description")}
        focus_area = form.cleaned_data.get("focus_area")
        if change:
            saved = forum_series_update(actor=actor, series=obj, focus_area=focus_area, **fields)
        else:
            saved = forum_series_create(actor=actor, focus_area=focus_area, **fields)
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a series is the record of its meetings; it is not removed


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "starts_at", "place", "focus_area", "series")
    list_filter = ("kind", "focus_area", "series")
    search_fields = ("title", "description", "place")
    date_hierarchy = "starts_at"
    fields = (
        "kind",
        "title",
        "description",
        ("starts_at", "ends_at"),
        "place",
        "focus_area",
        ("series", "series_number"),
        "organisers",
    )
    autocomplete_fields = ("organisers",)
    list_select_related = ("focus_area", "series")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(permissions.can_create_event(request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return bool(permissions.can_create_event(request.user))
        return bool(permissions.can_edit_event(request.user, obj))

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        actor = cast(User, request.user)
        event_input = EventInput.from_fields(form.cleaned_data)
        if change:
            saved = event_update(actor=actor, event=obj, data=event_input)
        else:
            saved = event_create(actor=actor, data=event_input)
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(permissions.can_delete_event(request.user, obj))

    def delete_model(self, request: HttpRequest, obj: Event) -> None:
        event_delete(actor=cast(User, request.user), event=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        for event in queryset:
            event_delete(actor=cast(User, request.user), event=event)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service has set the organisers; only the (read-only) inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
