"""Registration pages: registering and cancelling (people and guests), and the organisers'
list with its settings, attendance and CSV export.

Reads go through `registrations.selectors`, changes through `registrations.services`; who
may do what is in `registrations.permissions`. Refusals that belong beside what the person
typed (the event is full, the deadline passed, already registered) go onto the form; the
rest are answered by the error middleware.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.errors import ErrorCode
from common.http import client_ip
from events.calendar import CONTENT_TYPE, absolute_url, calendar_file
from events.selectors import event_detail, event_get
from frontend.forms.registrations import (
    AttendanceForm,
    GuestRegistrationForm,
    RegistrationForm,
    RegistrationSettingsForm,
)
from frontend.views.common import AuthedRequest, HtmxHttpRequest, form_errors, render_page
from frontend.views.events import event_page
from registrations.exports import registrant_email, registrant_name, registrations_csv
from registrations.models import Registration, RegistrationSettings, RegistrationStatus
from registrations.selectors import (
    calendar_feed_owner,
    has_calendar_feed,
    my_registrations,
    registration_get,
    registration_list,
    registration_summary,
)
from registrations.services import (
    attendance_set,
    calendar_feed_create,
    calendar_feed_revoke,
    guest_registration_cancel,
    guest_registration_create,
    guest_registration_for_token,
    registration_cancel,
    registration_create,
    registration_settings_set,
)

# Refusals said on the registration form, beside what the person typed.
ON_FORM = (ErrorCode.RATE_LIMITED, ErrorCode.CONFLICT, ErrorCode.INVALID_TRANSITION)


def _welcome_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.WAITLISTED:
        return _(
            "Evenemanget är fullt: du står på väntelistan och får besked om en plats blir ledig."
        )
    if registration.is_guest:
        return _(
            "Du är anmäld. En bekräftelse är på väg till din e-post, med en länk för att "
            "avanmäla dig."
        )
    return _("Du är anmäld. Välkommen!")


@require_POST
def registration_create_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Register for the event: the signed-in person, or a guest by name and address."""
    event = event_get(pk=pk)
    form: RegistrationForm
    if request.user.is_authenticated:
        form = RegistrationForm(request.POST)
    else:
        form = GuestRegistrationForm(request.POST)
    if form.is_valid():
        with form_errors(form, on_form=ON_FORM) as outcome:
            if isinstance(form, GuestRegistrationForm):
                registration = guest_registration_create(
                    event=event,
                    guest=form.guest_input(),
                    data=form.to_input(),
                    client_key=client_ip(request),
                )
            else:
                registration = registration_create(
                    actor=request.user,  # type: ignore[arg-type]
                    event=event,
                    data=form.to_input(),
                )
        if outcome.ok:
            messages.success(request, _welcome_message(registration))
            return redirect(f"{event.get_absolute_url()}#registration-heading")
        return event_page(request, pk, registration_form=form, status=outcome.status)
    return event_page(request, pk, registration_form=form, status=400)


@login_required
@require_POST
def registration_cancel_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """The signed-in person cancels their own registration for the event."""
    event = event_get(pk=pk)
    mine = registration_summary(event=event, viewer=request.user).mine
    if mine is None:
        messages.info(request, _("Du var inte anmäld till evenemanget."))
    else:
        registration_cancel(actor=request.user, registration=mine)
        messages.success(request, _("Du är avanmäld. Tack för att du sa till!"))
    return redirect(event)


@require_http_methods(["GET", "POST"])
def guest_cancel_page(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """A guest's cancel link: a page that asks first (so a mail scanner's visit cancels
    nothing), then cancels on the button."""
    registration = guest_registration_for_token(token=token)
    if request.method == "POST":
        guest_registration_cancel(token=token)
        messages.success(request, _("Du är avanmäld. Tack för att du sa till!"))
        return redirect(registration.event)
    context = {"registration": registration, "event": registration.event}
    return render_page(request, "registrations/guest_cancel.html", context)


# --- The organisers' side ----------------------------------------------------------------------


def _list_context(
    request: AuthedRequest, pk: int, settings_form: RegistrationSettingsForm | None = None
) -> dict:
    event = event_detail(viewer=request.user, pk=pk)
    registrations = list(registration_list(event=event, viewer=request.user))
    for registration in registrations:
        registration.name = registrant_name(registration, request.user)  # type: ignore[attr-defined]
        registration.email = registrant_email(registration)  # type: ignore[attr-defined]
    setup = RegistrationSettings.objects.filter(event=event).first()
    return {
        "event": event,
        "summary": registration_summary(event=event, viewer=request.user),
        "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
        "waitlisted": [r for r in registrations if r.status == RegistrationStatus.WAITLISTED],
        "cancelled": [r for r in registrations if r.status == RegistrationStatus.CANCELLED],
        "settings_form": settings_form
        or RegistrationSettingsForm(initial=RegistrationSettingsForm.initial_for(setup)),
    }


@login_required
@require_GET
def registration_list_page(request: AuthedRequest, pk: int) -> HttpResponse:
    return render_page(request, "registrations/list.html", _list_context(request, pk))


@login_required
@require_POST
def registration_settings_view(request: AuthedRequest, pk: int) -> HttpResponse:
    event = event_detail(viewer=request.user, pk=pk)
    form = RegistrationSettingsForm(request.POST)
    if form.is_valid():
        with form_errors(form) as outcome:
            registration_settings_set(actor=request.user, event=event, data=form.to_input())
        if outcome.ok:
            messages.success(request, _("Anmälan är sparad."))
            return redirect("frontend:registration-list", pk=pk)
    # Refused before any read of the list: someone who may not manage it gets the 404.
    context = _list_context(request, pk, settings_form=form)
    return render_page(request, "registrations/list.html", context, status=400)


@login_required
@require_POST
def attendance_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark one registration as attended or not (a button per row; htmx swaps the row)."""
    registration = registration_get(pk=pk, viewer=request.user)
    form = AttendanceForm(request.POST)
    form.is_valid()
    updated = attendance_set(
        actor=request.user, registration=registration, attended=form.cleaned_data["attended"]
    )
    updated.name = registrant_name(updated, request.user)  # type: ignore[attr-defined]
    updated.email = registrant_email(updated)  # type: ignore[attr-defined]
    if request.htmx:
        return render_page(
            request,
            "registrations/list.html",
            {"registration": updated, "event": updated.event},
            partial="row",
        )
    return redirect("frontend:registration-list", pk=updated.event_id)


@login_required
@require_GET
def registration_export(request: AuthedRequest, pk: int) -> HttpResponse:
    event = event_detail(viewer=request.user, pk=pk)
    rows = registration_list(event=event, viewer=request.user)
    response = HttpResponse(
        registrations_csv(rows, viewer=request.user), content_type="text/csv; charset=utf-8"
    )
    filename = f"anmalningar-{event.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- My registrations and my calendar feed ---------------------------------------------------


def _mine_context(request: AuthedRequest, new_feed_url: str = "") -> dict:
    return {
        "registrations": my_registrations(viewer=request.user),
        "has_feed": has_calendar_feed(viewer=request.user),
        "new_feed_url": new_feed_url,
    }


@login_required
@require_GET
def my_registrations_page(request: AuthedRequest) -> HttpResponse:
    return render_page(request, "registrations/mine.html", _mine_context(request))


@login_required
@require_POST
def calendar_feed_create_view(request: AuthedRequest) -> HttpResponse:
    """A new feed address, shown once on the page (only its hash is kept)."""
    _feed, secret = calendar_feed_create(actor=request.user)
    url = absolute_url(reverse("frontend:calendar-feed", args=[secret]))
    return render_page(request, "registrations/mine.html", _mine_context(request, url))


@login_required
@require_POST
def calendar_feed_revoke_view(request: AuthedRequest) -> HttpResponse:
    if calendar_feed_revoke(actor=request.user):
        messages.success(request, _("Kalenderadressen slutade fungera."))
    return redirect("frontend:my-registrations")


@require_GET
def calendar_feed(request: HtmxHttpRequest, secret: str) -> HttpResponse:
    """The events the feed's owner registered for, for their calendar program (no sign-in:
    the secret address is the key)."""
    person = calendar_feed_owner(secret=secret)
    events = [registration.event for registration in my_registrations(viewer=person)]
    content = calendar_file(events=events, name=_("Samhällshubben: mina evenemang"))
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=900"
    return response
