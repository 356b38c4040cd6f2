"""Admin: criteria and each focus area's decision rule are configured here.

Saving goes through the services, like every other change. Rounds, scores, votes and
decisions are not edited in the admin (scores are not even shown: blind scoring holds here
too); portfolios are read here and changed through the pages and the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessment.models import (
    AssessmentRound,
    AssessmentSettings,
    Criterion,
    PortfolioInitiative,
    StatusReport,
)
from assessment.services import assessment_settings_update, criterion_save


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "weight", "order", "is_active")
    list_editable = ("weight", "order", "is_active")
    search_fields = ("name", "key")
    fieldsets = (
        (None, {"fields": ("name", "key", "guiding_question", "weight", "order", "is_active")}),
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

    def save_model(
        self, request: HttpRequest, obj: AssessmentSettings, form: Any, change: bool
    ) -> None:
        saved = assessment_settings_update(
            actor=request.user,  # type: ignore[arg-type]
            focus_area=obj.focus_area,
            decision_rule=obj.decision_rule,
        )
        obj.pk = saved.pk


class ReadOnlyAdmin(admin.ModelAdmin):
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


@admin.register(PortfolioInitiative)
class PortfolioInitiativeAdmin(ReadOnlyAdmin):
    list_display = ("title", "portfolio", "initiative_type", "stage", "owner")
    list_filter = ("portfolio", "initiative_type", "stage")
    search_fields = ("title",)


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdmin):
    list_display = ("initiative", "reported_on", "light", "author")
    list_filter = ("light",)
