"""The privacy app in the admin: exports read-only (never their files: only their owner may
download one), and erasure on request as an action on people, through the same service as
"Ta bort mitt konto"."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.admin import UserAdmin
from hub.display_names import shown_name
from hub.models import AccessKind, User
from hub.services import personal_data_access_record
from privacy.errors import PrivacyError, PrivacyErrorCode
from privacy.models import DataExport
from privacy.services import account_erase, erasure_blockers_of


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ("pk", "user", "status", "progress", "created_at", "expires_at")
    list_filter = ("status",)
    fields = ("user", "status", "progress", "size", "created_at", "finished_at", "expires_at")
    readonly_fields = fields

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            personal_data_access_record(
                actor=request.user, kind=AccessKind.EXPORT_LIST, path=request.get_full_path()
            )
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        export = self.get_object(request, object_id)
        if export is not None and response.status_code == 200:
            personal_data_access_record(
                actor=request.user,
                kind=AccessKind.EXPORT_VIEWED,
                person=export.user,
                path=request.get_full_path(),
            )
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.action(description=gettext_lazy("Ta bort personuppgifter på begäran"))
def erase_on_request(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]
) -> HttpResponse | None:
    """A confirmation page first (with each person's blockers); erased on its POST."""
    actor = cast(User, request.user)
    people = list(queryset.filter(erased_at=None))
    if request.POST.get("confirm") == "yes":
        remove_texts = request.POST.get("remove_texts") == "yes"
        erased = 0
        for person in people:
            personal_data_access_record(
                actor=actor, kind=AccessKind.ERASED_ON_REQUEST, person=person
            )
            try:
                account_erase(actor=actor, user=person, remove_texts=remove_texts)
            except PrivacyError as refusal:  # the admin reports it per person and goes on
                if refusal.code != PrivacyErrorCode.ERASURE_BLOCKED:
                    raise
                reasons = " ".join(refusal.detail.get("reasons", []))
                modeladmin.message_user(
                    request,
                    _("Person %(id)s kunde inte tas bort: %(reasons)s")
                    % {"id": person.pk, "reasons": reasons},
                    messages.ERROR,
                )
            else:
                erased += 1
        modeladmin.message_user(
            request, _("%(n)d personer borttagna.") % {"n": erased}, messages.SUCCESS
        )
        return None
    for person in people:
        personal_data_access_record(actor=actor, kind=AccessKind.ERASURE_REVIEWED, person=person)
    context: dict[str, Any] = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Ta bort personuppgifter på begäran"),
        "people": [
            {
                "pk": person.pk,
                "name": shown_name(person=person, viewer=actor),
                "blockers": [str(reason) for reason in erasure_blockers_of(person)],
            }
            for person in people
        ],
        "queryset": people,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/privacy/erase_confirm.html", context)


# On the people list, where administrators look for the person who asked.
UserAdmin.actions = (*UserAdmin.actions, erase_on_request)
