"""The people core in the admin. Every write goes through `hub.services`, never save():
organisations, focus areas, goals and Core Team seats through the configuration and role
services; roles and admin access as actions. What people write about themselves (their
profile) and notifications are for reading here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from hub import services
from hub.models import (
    AccessKind,
    CoreTeamMembership,
    FocusArea,
    Notification,
    Organisation,
    PersonalDataAccess,
    Role,
    SocietalGoal,
    User,
)
from hub.permissions import is_administrator

ORGANISATION_FIELDS = ("name", "short_name", "kind", "is_party", "website")
FOCUS_AREA_FIELDS = ("name", "name_en", "slug", "north_star", "description", "order")
GOAL_FIELDS = ("title", "title_en", "description", "order")


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # the admin is only reachable when signed in


def _adopt(obj: Model, saved: Model) -> None:
    """Let the admin go on with the row the service saved (its messages and redirects)."""
    obj.pk = saved.pk
    obj._state.adding = False


def _values(form: ModelForm, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}


class NoDeleteAdmin(admin.ModelAdmin):
    """Rows others refer to are changed, never deleted, here."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SeatsAndGoalsThroughServices(admin.ModelAdmin):
    """Inline goals and Core Team seats are saved through the services, one by one."""

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        actor = _actor(request)
        instances = formset.save(commit=False)
        if formset.model is CoreTeamMembership:
            for seat in formset.deleted_objects:
                services.core_team_seat_remove(actor=actor, seat=seat)
            for seat, _fields in formset.changed_objects:
                services.core_team_seat_remove(actor=actor, seat=seat)
            for new_seat in instances:
                seat_saved = services.core_team_seat_add(
                    actor=actor,
                    user=new_seat.user,
                    focus_area=new_seat.focus_area,
                    party=new_seat.party,
                )
                _adopt(new_seat, seat_saved)
        elif formset.model is SocietalGoal:
            for goal in formset.new_objects:
                saved = services.goal_create(
                    actor=actor,
                    focus_area=goal.focus_area,
                    title=goal.title,
                    title_en=goal.title_en,
                    description=goal.description,
                    order=goal.order,
                )
                _adopt(goal, saved)
            for goal, _fields in formset.changed_objects:
                services.goal_update(
                    actor=actor,
                    goal=goal,
                    title=goal.title,
                    title_en=goal.title_en,
                    description=goal.description,
                    order=goal.order,
                )
        else:  # pragma: no cover - every inline here is one of the two above
            raise NotImplementedError(formset.model)


@admin.register(Organisation)
class OrganisationAdmin(NoDeleteAdmin):
    list_display = ("name", "short_name", "kind", "is_party")
    list_filter = ("kind", "is_party")
    search_fields = ("name", "short_name")

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: ModelForm, change: bool
    ) -> None:
        values = _values(form, ORGANISATION_FIELDS)
        if change:
            saved = services.organisation_update(actor=_actor(request), organisation=obj, **values)
        else:
            saved = services.organisation_create(actor=_actor(request), **values)
        _adopt(obj, saved)


class SocietalGoalInline(admin.TabularInline):
    model = SocietalGoal
    extra = 1
    can_delete = False  # submissions may have chosen it


class CoreTeamInline(admin.TabularInline):
    model = CoreTeamMembership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(FocusArea)
class FocusAreaAdmin(SeatsAndGoalsThroughServices, NoDeleteAdmin):
    list_display = ("name", "slug", "order")
    prepopulated_fields: ClassVar = {"slug": ("name",)}
    inlines = (SocietalGoalInline, CoreTeamInline)

    def save_model(
        self, request: HttpRequest, obj: FocusArea, form: ModelForm, change: bool
    ) -> None:
        values = _values(form, FOCUS_AREA_FIELDS)
        if change:
            saved = services.focus_area_update(actor=_actor(request), focus_area=obj, **values)
        else:
            saved = services.focus_area_create(actor=_actor(request), **values)
        _adopt(obj, saved)


@admin.register(SocietalGoal)
class SocietalGoalAdmin(NoDeleteAdmin):
    list_display = ("title", "focus_area", "order")
    list_filter = ("focus_area",)
    search_fields = ("title",)

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple[str, ...]:
        return ("focus_area",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: SocietalGoal, form: ModelForm, change: bool
    ) -> None:
        values = _values(form, GOAL_FIELDS)
        if change:
            saved = services.goal_update(actor=_actor(request), goal=obj, **values)
        else:
            saved = services.goal_create(
                actor=_actor(request), focus_area=form.cleaned_data["focus_area"], **values
            )
        _adopt(obj, saved)


@admin.register(CoreTeamMembership)
class CoreTeamMembershipAdmin(admin.ModelAdmin):
    """Seats are given and taken back; a different seat is a new one."""

    list_display = ("user", "focus_area", "party")
    list_filter = ("focus_area", "party")
    autocomplete_fields = ("user",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: CoreTeamMembership, form: ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        saved = services.core_team_seat_add(
            actor=_actor(request),
            user=data["user"],
            focus_area=data["focus_area"],
            party=data["party"],
        )
        _adopt(obj, saved)

    def delete_model(self, request: HttpRequest, obj: CoreTeamMembership) -> None:
        services.core_team_seat_remove(actor=_actor(request), seat=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CoreTeamMembership]) -> None:
        for seat in queryset:
            services.core_team_seat_remove(actor=_actor(request), seat=seat)


def _role_action(role: Role, *, grant: bool) -> Callable[..., None]:
    label = _("Ge rollen %(role)s") if grant else _("Ta bort rollen %(role)s")

    @admin.action(description=label % {"role": role.label})
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        change = services.role_grant if grant else services.role_revoke
        for user in queryset:
            change(actor=_actor(request), user=user, role=role)
        messages.success(request, _("%(n)d personer uppdaterade.") % {"n": len(queryset)})

    action.__name__ = f"{'grant' if grant else 'revoke'}_{role.value}"
    return action


@admin.register(User)
class UserAdmin(SeatsAndGoalsThroughServices, BaseUserAdmin):
    """People sign up and write their profiles themselves; roles are given as actions."""

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
    readonly_fields = (
        "email",
        "display_name",
        "profile_type",
        "organisation",
        "bio",
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "last_login",
        "date_joined",
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
    actions = tuple(_role_action(role, grant=grant) for role in Role for grant in (True, False))

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple[str, ...]:
        return self.readonly_fields if obj is not None else ()

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            services.personal_data_access_record(
                actor=request.user, kind=AccessKind.PERSON_LIST, path=request.get_full_path()
            )
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        person = self.get_object(request, object_id)
        if person is not None and response.status_code == 200:
            services.personal_data_access_record(
                actor=request.user,
                kind=AccessKind.PERSON_VIEWED,
                person=person,
                path=request.get_full_path(),
            )
        return response

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Removing a person is erasure: their submissions, scores and board cards stay as
        # public records under a pseudonym. That is a service of its own, not a row delete.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        if change:
            return  # nothing on the change page is written directly (see readonly_fields)
        data = form.cleaned_data
        saved = services.user_signup(
            email=data["email"],
            password=data["password1"],
            display_name=data["display_name"],
            client_key=f"admin:{request.user.pk}",
        )
        _adopt(obj, saved)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Written by `hub.services.notify`; here only to read."""

    list_display = ("recipient", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "actor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The audit log: administrators read it; nobody writes, changes or deletes it here."""

    list_display = ("at", "actor", "kind", "person", "path")
    list_filter = ("kind",)
    date_hierarchy = "at"
    raw_id_fields = ("actor", "person")
    search_fields = ("=actor__id", "=person__id")

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(is_administrator(request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(is_administrator(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RoleAdmin(GroupAdmin):
    """Roles are groups made by a migration (`hub.models.Role`); who holds one is given and
    taken on the people's list (through `role_grant` / `role_revoke`). Here they are shown."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
