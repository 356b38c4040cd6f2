from typing import ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hub.models import CoreTeamMembership, FocusArea, Notification, Organisation, SocietalGoal, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "is_party")
    list_filter = ("kind", "is_party")
    search_fields = ("name", "short_name")


class SocietalGoalInline(admin.TabularInline):
    model = SocietalGoal
    extra = 1


class CoreTeamInline(admin.TabularInline):
    model = CoreTeamMembership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    prepopulated_fields: ClassVar = {"slug": ("name",)}
    inlines = (SocietalGoalInline, CoreTeamInline)


@admin.register(SocietalGoal)
class SocietalGoalAdmin(admin.ModelAdmin):
    list_display = ("title", "focus_area", "order")
    list_filter = ("focus_area",)
    search_fields = ("title",)


@admin.register(CoreTeamMembership)
class CoreTeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "focus_area", "party")
    list_filter = ("focus_area", "party")
    autocomplete_fields = ("user",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("display_name",)
    list_display = ("email", "display_name", "profile_type", "organisation", "is_staff")
    list_filter = ("profile_type", "organisation", "groups", "is_staff", "is_active")
    search_fields = ("email", "display_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profil"), {"fields": ("display_name", "profile_type", "organisation", "bio")}),
        (
            _("Roller och behörigheter"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Datum"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "password1", "password2"),
            },
        ),
    )
    inlines = (CoreTeamInline,)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "actor")
