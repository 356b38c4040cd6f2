"""The outbox in the admin: to see what went out and what failed; nothing is edited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from common.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "category", "status", "attempts", "sent_at")
    list_filter = ("status", "category")
    date_hierarchy = "created_at"
    actions = None
    # The content is personal data: the list shows what happened, the page shows the text.
    readonly_fields = (
        "to",
        "subject",
        "text",
        "html",
        "headers",
        "message_id",
        "category",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
