"""The consent page: show my name, share my contact details; give, withdraw, and the record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.account_forms import ConsentForm
from frontend.views.common import AuthedRequest, form_errors, render_page
from hub.display_names import is_pseudonymous, pseudonym
from hub.models import ConsentKind, ProfileType
from hub.selectors import consent_history
from hub.services import consent_give, consent_withdraw


@login_required
@require_http_methods(["GET", "POST"])
def consent_page(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ConsentForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            kind, op = form.cleaned_data["kind"], form.cleaned_data["op"]
            with form_errors(form) as outcome:
                if op == "give":
                    consent_give(actor=user, user=user, kind=kind)
                else:
                    consent_withdraw(actor=user, user=user, kind=kind)
            if outcome.ok:
                label = ConsentKind(kind).label
                if op == "give":
                    messages.success(request, _("Du har gett samtycket: %s.") % label)
                else:
                    messages.success(request, _("Du har återkallat samtycket: %s.") % label)
                return redirect("frontend:account-consent")
            status = outcome.status
    history = list(consent_history(user=user))
    in_force = {c.kind for c in history if c.withdrawn_at is None}
    context = {
        "form": form,
        "history": history,
        "consents": [
            {"kind": kind.value, "label": kind.label, "given": kind.value in in_force}
            for kind in ConsentKind
        ],
        "is_external": user.profile_type == ProfileType.EXTERNAL,
        "pseudonymous": is_pseudonymous(user),
        "pseudonym": pseudonym(user),
    }
    return render_page(request, "accounts/consent.html", context, status=status)
