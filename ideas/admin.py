"""Submissions in the admin. Status and moderation go through the services, never save()."""

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


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("idea", "author", "created_at", "is_hidden")
    list_filter = ("is_hidden",)
    raw_id_fields = ("idea", "author", "parent")
    readonly_fields = ("body", "is_hidden", "hidden_reason")
    exclude = ("body_html",)


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ("idea", "user", "kind", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("idea", "user")
