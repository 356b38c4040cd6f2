"""Submissions in the admin. Every write goes through the services, never save(): status
changes as actions, removal (one or many) through `idea_delete`, which takes the attachments'
files with it. Tags, comments and support are for reading here: they are written on the site,
where their rules, notifications and moderation live."""

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError
from hub.models import User
from ideas import services
from ideas.models import Comment, Idea, IdeaStatus, StatusChange, Support, Tag

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "reason", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _transition_action(to_status: IdeaStatus, label: "StrOrPromise") -> Callable[..., None]:
    @admin.action(description=label)
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        actor = cast(User, request.user)  # the admin is only reachable when signed in
        for idea in queryset:
            try:
                services.idea_transition(actor=actor, idea=idea, to_status=to_status)
                done += 1
            except (ServiceError, ValidationError) as exc:
                messages.warning(request, f"{idea}: {getattr(exc, 'message', exc)}")
        if done:
            messages.success(request, _("%(n)d bidrag uppdaterade.") % {"n": done})

    action.__name__ = f"mark_{to_status}"
    return action


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "focus_area", "author", "is_hidden", "created_at")
    list_filter = ("kind", "status", "focus_area", "is_hidden")
    search_fields = ("title", "summary")
    readonly_fields = ("status", "author", "is_hidden", "hidden_reason", "hidden_by",
                       "created_at", "updated_at", "submitted_at")  # fmt: skip
    exclude = ("description_html", "search_text")
    filter_horizontal = ("goals", "organisations", "tags")
    inlines = (StatusChangeInline,)
    actions = (
        _transition_action(IdeaStatus.IN_REVIEW, _("Ta upp för granskning")),
        _transition_action(IdeaStatus.IN_ASSESSMENT, _("Skicka till bedömning")),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # submissions are written by their authors, on the site or the API

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Editing text behind the author's back is not allowed; actions still work.
        return obj is None and super().has_change_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Idea) -> None:
        services.idea_delete(actor=cast(User, request.user), idea=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Idea]) -> None:
        # One by one through the service: the bulk delete would leave the files behind.
        for idea in queryset:
            services.idea_delete(actor=cast(User, request.user), idea=idea)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and opened for reading; written only where its rules are (the services)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Tag)
class TagAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("idea", "author", "created_at", "is_hidden")
    list_filter = ("is_hidden",)
    raw_id_fields = ("idea", "author", "parent")
    exclude = ("body_html",)


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    list_display = ("idea", "user", "kind", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("idea", "user")
