"""The API tokens page: list (name, created, last used), create (secret shown once), delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import api_token_list
from accounts.services import api_token_create, api_token_delete
from frontend.account_forms import ApiTokenForm
from frontend.views.common import AuthedRequest, form_errors, render_page


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    status = 200
    created = None
    secret = ""
    if form.is_bound:
        status = 400
        if form.is_valid():
            with form_errors(form) as outcome:
                created, secret = api_token_create(
                    user=request.user, name=form.cleaned_data["name"]
                )
            if outcome.ok:
                status = 201
                form = ApiTokenForm()
            else:
                status = outcome.status
    context = {
        "form": form,
        "tokens": api_token_list(user=request.user),
        "created": created,
        "secret": secret,
    }
    response = render_page(request, "accounts/tokens.html", context, status=status)
    if secret:
        response["Cache-Control"] = "no-store"  # the secret must not stay in any cache
    return response


@login_required
@require_POST
def token_delete_view(request: AuthedRequest, pk: int) -> HttpResponse:
    api_token_delete(user=request.user, token_id=pk)
    messages.success(request, _("Nyckeln är borttagen. Den fungerar inte längre."))
    return redirect("frontend:account-tokens")
