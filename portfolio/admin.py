"""Admin: portfolios, initiatives and status reports can be looked at here, not changed.

Initiatives are added from promoted submissions and changed on their pages and through the
API (`portfolio.services`), where the rules of who may change what are kept; status reports
are dated records that stay as they were reported.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from portfolio.models import Portfolio, PortfolioInitiative, StatusReport


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None  # not even a bulk delete

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Portfolio)
class PortfolioAdmin(ReadOnlyAdmin):
    list_display = ("focus_area", "created_at")


@admin.register(PortfolioInitiative)
class PortfolioInitiativeAdmin(ReadOnlyAdmin):
    list_display = ("title", "portfolio", "initiative_type", "stage", "owner")
    list_filter = ("portfolio", "initiative_type", "stage")
    search_fields = ("title",)


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdmin):
    list_display = ("initiative", "reported_on", "light", "author")
    list_filter = ("light",)
