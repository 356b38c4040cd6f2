"""Admin: administrators configure the criteria and each focus area's decision rule here.

Every save goes through the services, like any other change. Rounds can be looked at but not
changed here; their scores, votes and decisions are not in the admin at all (scores are not
even shown: blind scoring holds here too).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessment.models import AssessmentRound, AssessmentSettings, Criterion
from assessment.services import assessment_settings_update, criterion_save


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "weight", "order", "is_active")
    list_editable = ("weight", "order", "is_active")
    search_fields = ("name", "key")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "name_en",
                    "key",
                    "guiding_question",
                    "weight",
                    "order",
                    "is_active",
                )
            },
        ),
        ("1–5", {"fields": ("level_1", "level_3", "level_5")}),
    )

    def save_model(self, request: HttpRequest, obj: Criterion, form: Any, change: bool) -> None:
        criterion_save(actor=request.user, criterion=obj)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Rounds refer to their criteria; retire one with "används i nya bedömningsrundor".
        return False


@admin.register(AssessmentSettings)
class AssessmentSettingsAdmin(admin.ModelAdmin):
    list_display = ("focus_area", "decision_rule")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A saved setting belongs to its focus area: the service looks it up by the area.
        return ("focus_area",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: AssessmentSettings, form: Any, change: bool
    ) -> None:
        saved = assessment_settings_update(
            actor=request.user,  # type: ignore[arg-type]
            focus_area=obj.focus_area,
            decision_rule=obj.decision_rule,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Without a row the rule is majority: set that instead, through the service.
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """For looking, not changing: these change through the pages and the API."""

    actions = None  # not even a bulk delete

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "focus_area", "status", "deadline", "opened_at", "closed_at")
    list_filter = ("status", "focus_area")
    search_fields = ("title",)
