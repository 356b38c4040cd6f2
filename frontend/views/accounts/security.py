"""Email verification, password reset and the security settings (email, password,
sessions). Every write is an `accounts.services` call; refusals of links go to the error
middleware, which answers with the error page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors
from accounts.services import (
    email_change_confirm,
    email_change_request,
    email_verification_send,
    email_verify,
    password_change,
    password_reset_confirm,
    password_reset_request,
    sessions_sign_out_others,
)
from common.http import client_ip
from frontend.account_forms import (
    EmailChangeForm,
    PasswordChangeForm,
    PasswordResetForm,
    PasswordResetRequestForm,
)
from frontend.views.common import AuthedRequest, HtmxHttpRequest, form_errors, render_page
from hub.models import User

SECURITY = "accounts/security.html"


@require_GET
def email_verify_view(request: HtmxHttpRequest, token: str) -> HttpResponse:
    actor = request.user if isinstance(request.user, User) else None
    email_verify(actor=actor, token=token)
    messages.success(request, _("Tack! Din e-postadress är bekräftad."))
    return redirect("frontend:home")


@login_required
@require_POST
def verification_resend_view(request: AuthedRequest) -> HttpResponse:
    if email_verification_send(user=request.user):
        messages.success(request, _("Vi har skickat en ny länk till din e-postadress."))
    else:
        messages.info(request, _("Din e-postadress är redan bekräftad."))
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("frontend:home")
    return redirect(back)


@sensitive_post_parameters("email")
@require_http_methods(["GET", "POST"])
def password_reset_page(request: HtmxHttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    sent = False
    if form.is_bound:
        status = 400
        if form.is_valid():
            with form_errors(form) as outcome:
                password_reset_request(
                    email=form.cleaned_data["email"], client_key=client_ip(request)
                )
            # The same answer whether or not the address has an account.
            sent, status = outcome.ok, outcome.status
    context = {"form": form, "sent": sent}
    return render_page(
        request, "accounts/password_reset.html", context, partial="form", status=status
    )


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def password_reset_confirm_page(request: HtmxHttpRequest, uidb64: str, token: str) -> HttpResponse:
    valid_link = selectors.password_reset_user(uidb64=uidb64, token=token) is not None
    form = PasswordResetForm(request.POST if request.method == "POST" and valid_link else None)
    status = 200 if valid_link else 400
    if form.is_bound:
        status = 400
        if form.is_valid():
            with form_errors(form) as outcome:
                password_reset_confirm(
                    uidb64=uidb64, token=token, password=form.cleaned_data["password"]
                )
            if outcome.ok:
                messages.success(
                    request,
                    _(
                        "Ditt lösenord är bytt. Logga in med det nya; alla inloggningar "
                        "har avslutats."
                    ),
                )
                return redirect("frontend:login")
            status = outcome.status
    context = {"form": form, "valid_link": valid_link}
    return render_page(
        request, "accounts/password_reset_confirm.html", context, partial="form", status=status
    )


def _security(
    request: AuthedRequest,
    *,
    email_form: EmailChangeForm | None = None,
    password_form: PasswordChangeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "email_form": email_form or EmailChangeForm(),
        "password_form": password_form or PasswordChangeForm(),
    }
    return render_page(request, SECURITY, context, status=status)


@sensitive_post_parameters("password", "current_password", "new_password")
@login_required
@require_http_methods(["GET", "POST"])
def security_page(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return _security(request)
    action = request.POST.get("action")
    if action == "sign_out_others":
        user = sessions_sign_out_others(user=request.user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Du är utloggad överallt utom här."))
        return redirect("frontend:account-security")
    if action == "email":
        email_form = EmailChangeForm(request.POST)
        if email_form.is_valid():
            with form_errors(email_form) as outcome:
                email_change_request(
                    user=request.user,
                    new_email=email_form.cleaned_data["new_email"],
                    password=email_form.cleaned_data["password"],
                )
            if outcome.ok:
                messages.success(
                    request,
                    _(
                        "Vi har skickat en länk till den nya adressen. Adressen byts när "
                        "du öppnar länken."
                    ),
                )
                return redirect("frontend:account-security")
        return _security(request, email_form=email_form, status=400)
    password_form = PasswordChangeForm(request.POST)
    if password_form.is_valid():
        with form_errors(password_form) as outcome:
            user = password_change(
                user=request.user,
                current_password=password_form.cleaned_data["current_password"],
                new_password=password_form.cleaned_data["new_password"],
            )
        if outcome.ok:
            update_session_auth_hash(request, user)  # this session stays, the others end
            messages.success(request, _("Ditt lösenord är bytt. Andra inloggningar har avslutats."))
            return redirect("frontend:account-security")
    return _security(request, password_form=password_form, status=400)


@login_required
@require_GET
def email_change_confirm_view(request: AuthedRequest, token: str) -> HttpResponse:
    email_change_confirm(actor=request.user, token=token)
    messages.success(request, _("Din e-postadress är bytt."))
    return redirect("frontend:account-security")
