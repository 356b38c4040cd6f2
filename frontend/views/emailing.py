"""Email notifications: the preferences page, and unsubscribing from a link in a mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from emailing.models import ALL_KINDS
from emailing.selectors import can_receive_email, email_preferences
from emailing.services import email_preferences_set, unsubscribe, unsubscribe_check
from frontend.forms_emailing import EmailPreferencesForm
from frontend.views.common import AuthedRequest, form_errors, render_page
from hub.notifications import notification_kinds


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences_page(request: AuthedRequest) -> HttpResponse:
    choices = email_preferences(user=request.user)
    context = {"can_receive": can_receive_email(request.user)}
    if request.method == "GET":
        form = EmailPreferencesForm(choices=choices)
        return render_page(request, "accounts/email_preferences.html", {**context, "form": form})
    form = EmailPreferencesForm(request.POST, choices=choices)
    status = 400
    if form.is_valid():
        with form_errors(form) as outcome:
            email_preferences_set(actor=request.user, choices=form.choices())
        if outcome.ok:
            messages.success(request, _("Dina val för e-post är sparade."))
            return redirect("frontend:email-preferences")
        status = outcome.status
    return render_page(
        request,
        "accounts/email_preferences.html",
        {**context, "form": form},
        partial="form",
        status=status,
    )


def _kind_label(kind: str) -> str:
    for known in notification_kinds():
        if known.kind == kind:
            return str(known.label)
    return kind


# No CSRF token: the signed link is the credential, and mail clients post to it in one click
# (RFC 8058). GET only shows what the link would do: mail scanners follow links.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def email_unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe_check(token=token)  # a forged link: refused, nothing changed
    done = False
    if request.method == "POST":
        found = unsubscribe(token=token)
        done = True
    context = {
        "done": done,
        "all": found.kind == ALL_KINDS,
        "kind_label": _kind_label(found.kind),
        "token": token,
    }
    return render(request, "accounts/email_unsubscribe.html", context)
