"""The privacy pages: "Ladda ner mina uppgifter" (an export built in the background, with
its progress polled by htmx) and "Ta bort mitt konto" (password again, refusals with every
app's reasons). Every write is a `privacy.services` call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.forms.privacy import AccountEraseForm
from frontend.views.common import AuthedRequest, form_errors, render_page
from privacy import selectors
from privacy.errors import PrivacyErrorCode
from privacy.services import account_erase, erasure_blockers_of, export_request

EXPORTS = "privacy/exports.html"


@login_required
@require_GET
def exports_page(request: AuthedRequest) -> HttpResponse:
    exports = list(selectors.export_list(user=request.user))
    context = {"exports": exports, "running": any(export.is_running for export in exports)}
    return render_page(request, EXPORTS, context, partial="exports")


@login_required
@require_POST
def export_request_view(request: AuthedRequest) -> HttpResponse:
    export_request(user=request.user)
    messages.success(
        request, _("Vi sammanställer dina uppgifter. Sidan visar hur långt det har kommit.")
    )
    return redirect("frontend:privacy-exports")


@login_required
@require_GET
def export_download_view(request: AuthedRequest, pk: int) -> FileResponse:
    export = selectors.export_for_download(user=request.user, export_id=pk)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"samhallshubben-uppgifter-{export.created_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def account_erase_page(request: AuthedRequest) -> HttpResponse:
    blockers = [str(reason) for reason in erasure_blockers_of(request.user)]
    form = AccountEraseForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            with form_errors(form, on_form=(PrivacyErrorCode.ERASURE_BLOCKED,)) as outcome:
                account_erase(
                    actor=request.user,
                    user=request.user,
                    password=form.cleaned_data["password"],
                    remove_texts=form.cleaned_data["remove_texts"],
                )
            if outcome.ok:
                logout(request)
                messages.success(request, _("Ditt konto är borttaget. Tack för din tid i hubben."))
                return redirect("frontend:home")
            status = outcome.status
            blockers = [str(reason) for reason in erasure_blockers_of(request.user)]
    context = {
        "form": form,
        "blockers": blockers,
        "exports_url": reverse("frontend:privacy-exports"),
    }
    return render_page(request, "privacy/erase.html", context, partial="form", status=status)
