"""Sign up, sign in, sign out and the profile page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts.services import account_signup
from common.http import client_ip
from frontend.forms import LoginForm, ProfileForm, SignupForm
from frontend.views.common import (
    AuthedRequest,
    HtmxHttpRequest,
    form_errors,
    render_page,
    safe_next,
)
from hub.services import Credentials, profile_update, user_authenticate

# With the rules backend also configured, login() must be told which backend vouched.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_page(request: HtmxHttpRequest) -> HttpResponse:
    next_url = safe_next(request, "")
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or reverse("frontend:home"))
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        valid = form.is_valid()
        data = form.cleaned_data
        credentials = Credentials(data["email"], data["password"]) if valid else None
        user = None
        with form_errors(form) as outcome:
            # Failures are limited per address and per account: guessing stays slow.
            user = user_authenticate(
                client_key=client_ip(request), credentials=credentials, request=request
            )
        if user is not None:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Välkommen, %(name)s!") % {"name": user.display_name})
            return redirect(next_url or reverse("frontend:home"))
        status = 400 if outcome.ok else outcome.status
    context = {"form": form, "next": next_url}
    return render_page(request, "accounts/login.html", context, partial="form", status=status)


@require_POST
def logout_view(request: HtmxHttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("Du är utloggad."))
    return redirect("frontend:home")


@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "POST"])
def signup_page(request: HtmxHttpRequest) -> HttpResponse:
    next_url = safe_next(request, "")
    if request.user.is_authenticated:
        return redirect(next_url or reverse("frontend:home"))
    form = SignupForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            with form_errors(form) as outcome:  # a rate limit is shown on the form
                user = account_signup(
                    email=data["email"],
                    password=data["password"],
                    display_name=data["display_name"],
                    profile_type=data["profile_type"],
                    organisation=data["organisation"],
                    client_key=client_ip(request),
                )
            if outcome.ok:
                login(request, user, backend=MODEL_BACKEND)
                messages.success(
                    request,
                    _(
                        "Välkommen till Samhällshubben, %(name)s! Vi har skickat en länk "
                        "till din e-postadress: öppna den för att bekräfta adressen."
                    )
                    % {"name": user.display_name},
                )
                return redirect(next_url or reverse("frontend:home"))
            status = outcome.status
    context = {"form": form, "next": next_url}
    return render_page(request, "accounts/signup.html", context, partial="form", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_page(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        initial = {
            "display_name": user.display_name,
            "profile_type": user.profile_type,
            "organisation": user.organisation,
            "bio": user.bio,
        }
        return render_page(request, "accounts/profile.html", {"form": ProfileForm(initial=initial)})
    form = ProfileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with form_errors(form, on_form=()) as outcome:
            profile_update(
                actor=user,
                user=user,
                display_name=data["display_name"],
                profile_type=data["profile_type"],
                organisation=data["organisation"],
                bio=data["bio"],
            )
        if outcome.ok:
            messages.success(request, _("Din profil är sparad."))
            return redirect("frontend:profile")
    return render_page(request, "accounts/profile.html", {"form": form}, partial="form", status=400)
