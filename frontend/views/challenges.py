"""Challenge pages: the catalogue with its filters, one challenge (apply, bookmark, take into a
course, results), publishing and editing, the owner's applications with their decisions, my
applications, the result form and the student profile.

Reads go through `challenges.selectors`, changes through `challenges.services`; who may do
what is in `challenges.permissions`. Refusals that belong beside what the person typed (the
challenge is tillsatt, the deadline passed, already applied) go onto the form; the rest are
answered by the error middleware.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from challenges import permissions
from challenges.models import ApplicationStatus, ChallengeStatus, Format
from challenges.selectors import (
    application_get,
    application_list,
    bookmarked_challenges,
    challenge_detail,
    challenge_get,
    challenge_list,
    challenges_for_you,
    my_applications,
    student_profile_of,
)
from challenges.services import (
    application_accept,
    application_create,
    application_decline,
    application_withdraw,
    bookmark_set,
    challenge_create,
    challenge_set_status,
    challenge_update,
    course_case_create,
    course_case_report,
    result_publish,
    student_profile_set,
)
from challenges.services.challenges import TRANSITIONS
from common.errors import ErrorCode
from frontend.forms.challenges import (
    ApplicationForm,
    ChallengeFilterForm,
    ChallengeForm,
    CourseCaseForm,
    CourseCaseReportForm,
    DecisionForm,
    ResultForm,
    StatusForm,
    StudentProfileForm,
)
from frontend.views.common import AuthedRequest, HtmxHttpRequest, form_errors, render_page

PAGE_SIZE = 20
# Refusals said on the form, beside what the person typed.
ON_FORM = (ErrorCode.RATE_LIMITED, ErrorCode.CONFLICT, ErrorCode.INVALID_TRANSITION)
STATUS_ACTIONS = {
    ChallengeStatus.OPEN: gettext_lazy("Publicera och öppna för ansökan"),
    ChallengeStatus.IN_PROGRESS: gettext_lazy("Markera som pågående"),
    ChallengeStatus.COMPLETED: gettext_lazy("Markera som avslutad"),
    ChallengeStatus.CLOSED: gettext_lazy("Stäng utmaningen"),
}


@require_GET
def challenge_list_page(request: HtmxHttpRequest) -> HttpResponse:
    form = ChallengeFilterForm(request.GET)
    challenges = challenge_list(viewer=request.user, params=form.params())
    page = Paginator(challenges, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "challenges": page.object_list,
        "for_you": challenges_for_you(viewer=request.user) if not form.params() else [],
        "can_publish": permissions.can_publish_challenge(request.user),
    }
    return render_page(request, "challenges/list.html", context, partial="results")


def _detail_response(
    request: HtmxHttpRequest, pk: int, *, status: int = 200, **forms: Any
) -> HttpResponse:
    detail = challenge_detail(viewer=request.user, pk=pk)
    challenge = detail.challenge
    mine = detail.mine
    has_active = mine is not None and mine.is_active
    can_apply = (
        challenge.status == ChallengeStatus.OPEN
        and not detail.filled
        and not challenge.deadline_passed
        and not has_active
    )
    context = {
        "detail": detail,
        "challenge": challenge,
        "is_student": permissions.is_student(request.user),
        "can_apply": can_apply,
        "apply_form": forms.get("apply_form") or ApplicationForm(),
        "course_form": forms.get("course_form") or CourseCaseForm(),
        "can_add_course_case": (
            Format.COURSE_CASE in challenge.format_list
            and challenge.status in (ChallengeStatus.OPEN, ChallengeStatus.IN_PROGRESS)
            and permissions.can_add_course_case(request.user, challenge)
        ),
        "status_actions": [
            (value, STATUS_ACTIONS[value])
            for value in STATUS_ACTIONS
            if value in TRANSITIONS.get(challenge.status, set())
        ]
        if detail.can_edit
        else [],
        "report_forms": {
            case.pk: CourseCaseReportForm(initial={"report": case.report}, prefix=f"r{case.pk}")
            for case in detail.course_cases
            if permissions.can_report_course_case(request.user, case)
        },
    }
    return render_page(request, "challenges/detail.html", context, status=status)


@require_GET
def challenge_detail_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _detail_response(request, pk)


def _form_page(
    request: HtmxHttpRequest, form: ChallengeForm, challenge: Any, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "challenge": challenge}
    return render_page(request, "challenges/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create_page(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_publish_challenge(request.user):
        messages.info(
            request,
            _(
                "Utmaningar publiceras av processtöd, initiativägare, forskare och lärare. "
                "Kontakta processtödet om du har en utmaning för studenter."
            ),
        )
        return redirect("frontend:challenge-list")
    if request.method == "POST":
        form = ChallengeForm(request.POST)
        if form.is_valid():
            with form_errors(form) as outcome:
                challenge = challenge_create(
                    actor=request.user, data=form.to_input(), publish="publish" in request.POST
                )
            if outcome.ok:
                messages.success(request, _("Utmaningen är sparad."))
                return redirect(challenge)
            return _form_page(request, form, None, status=outcome.status)
        return _form_page(request, form, None, status=400)
    initial: dict[str, Any] = {"places": 1}
    for param, name in (("bidrag", "origin_idea"), ("initiativ", "origin_initiative")):
        if request.GET.get(param, "").isdigit():
            initial[name] = int(request.GET[param])
    return _form_page(request, ChallengeForm(initial=initial), None)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit_page(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge = challenge_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_challenge(request.user, challenge):
        return render_page(request, "403.html", {}, status=403)
    if request.method == "POST":
        form = ChallengeForm(request.POST)
        if form.is_valid():
            with form_errors(form) as outcome:
                challenge = challenge_update(
                    actor=request.user, challenge=challenge, data=form.to_input()
                )
            if outcome.ok:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect(challenge)
            return _form_page(request, form, challenge, status=outcome.status)
        return _form_page(request, form, challenge, status=400)
    return _form_page(
        request, ChallengeForm(initial=ChallengeForm.initial_for(challenge)), challenge
    )


@login_required
@require_POST
def challenge_status_view(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge = challenge_get(viewer=request.user, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        challenge_set_status(
            actor=request.user, challenge=challenge, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Utmaningens status är ändrad."))
    return redirect(challenge)


@login_required
@require_POST
def application_create_view(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge = challenge_get(viewer=request.user, pk=pk)
    form = ApplicationForm(request.POST)
    if form.is_valid():
        partner = form.partner()
        if not form.errors:
            with form_errors(form, on_form=ON_FORM) as outcome:
                application_create(
                    actor=request.user,
                    challenge=challenge,
                    motivation=form.cleaned_data["motivation"],
                    partner=partner,
                    university_supervisor=form.cleaned_data["university_supervisor"],
                )
            if outcome.ok:
                messages.success(request, _("Tack! Din ansökan är skickad. Du får besked här."))
                return redirect(challenge)
            return _detail_response(request, pk, apply_form=form, status=outcome.status)
    return _detail_response(request, pk, apply_form=form, status=400)


@login_required
@require_POST
def bookmark_view(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge = challenge_get(viewer=request.user, pk=pk)
    on = bookmark_set(actor=request.user, challenge=challenge, on=request.POST.get("on") == "1")
    if request.htmx:
        context = {"challenge": challenge, "bookmarked": on, "announce": True}
        return render_page(request, "challenges/_bookmark.html", context)
    return redirect(challenge)


@login_required
@require_POST
def course_case_create_view(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge = challenge_get(viewer=request.user, pk=pk)
    form = CourseCaseForm(request.POST)
    if form.is_valid():
        with form_errors(form, on_form=ON_FORM) as outcome:
            course_case_create(actor=request.user, challenge=challenge, data=form.to_input())
        if outcome.ok:
            messages.success(request, _("Utmaningen är nu en fallstudie i din kurs."))
            return redirect(challenge)
        return _detail_response(request, pk, course_form=form, status=outcome.status)
    return _detail_response(request, pk, course_form=form, status=400)


@login_required
@require_POST
def course_case_report_view(request: AuthedRequest, pk: int, case_pk: int) -> HttpResponse:
    detail = challenge_detail(viewer=request.user, pk=pk)
    case = next((c for c in detail.course_cases if c.pk == case_pk), None)
    if case is None:
        raise Http404
    form = CourseCaseReportForm(request.POST, prefix=f"r{case.pk}")
    if form.is_valid():
        with form_errors(form) as outcome:
            course_case_report(
                actor=request.user, course_case=case, report=form.cleaned_data["report"]
            )
        if outcome.ok:
            messages.success(request, _("Tack för återrapporten!"))
    else:
        messages.error(request, _("Skriv vad som kom ut av kursen."))
    return redirect(detail.challenge)


# --- The owner's side --------------------------------------------------------------------------


@login_required
@require_GET
def applications_page(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge = challenge_get(viewer=request.user, pk=pk)
    applications = list(application_list(viewer=request.user, challenge=challenge))
    detail = challenge_detail(viewer=request.user, pk=pk)
    context = {
        "challenge": challenge,
        "filled": detail.filled,
        "applications": applications,
        "forms": {
            a.pk: DecisionForm(
                prefix=f"a{a.pk}", initial={"university_supervisor": a.university_supervisor}
            )
            for a in applications
            if a.status == ApplicationStatus.SUBMITTED
        },
    }
    return render_page(request, "challenges/applications.html", context)


@login_required
@require_POST
def application_decide_view(request: AuthedRequest, pk: int) -> HttpResponse:
    application = application_get(viewer=request.user, pk=pk)
    form = DecisionForm(request.POST, prefix=f"a{application.pk}")
    target = reverse("frontend:challenge-applications", args=[application.challenge_id])
    if not form.is_valid():
        messages.error(request, _("Välj om ansökan ska antas eller avböjas."))
        return redirect(f"{target}#application-{application.pk}")
    with form_errors(form, on_form=ON_FORM) as outcome:
        if form.cleaned_data["decision"] == "accept":
            application_accept(
                actor=request.user,
                application=application,
                message=form.cleaned_data["message"],
                university_supervisor=form.cleaned_data["university_supervisor"],
            )
        else:
            application_decline(
                actor=request.user, application=application, message=form.cleaned_data["message"]
            )
    if outcome.ok:
        messages.success(request, _("Beskedet är skickat till studenten."))
    else:
        for error in form.non_field_errors() or [_("Beskedet kunde inte sparas.")]:
            messages.error(request, str(error))
    return redirect(f"{target}#application-{application.pk}")


# --- The student's side ------------------------------------------------------------------------


@login_required
@require_POST
def application_withdraw_view(request: AuthedRequest, pk: int) -> HttpResponse:
    application = application_get(viewer=request.user, pk=pk)
    application_withdraw(actor=request.user, application=application)
    messages.success(request, _("Din ansökan är återtagen."))
    return redirect("frontend:my-challenge-applications")


@login_required
@require_GET
def my_applications_page(request: AuthedRequest) -> HttpResponse:
    context = {
        "applications": list(my_applications(viewer=request.user)),
        "bookmarks": list(bookmarked_challenges(viewer=request.user)),
        "for_you": challenges_for_you(viewer=request.user),
        "profile": student_profile_of(viewer=request.user),
        "is_student": permissions.is_student(request.user),
    }
    return render_page(request, "challenges/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def result_create_page(request: AuthedRequest, pk: int) -> HttpResponse:
    detail = challenge_detail(viewer=request.user, pk=pk)
    if not detail.can_publish_result:
        return render_page(request, "403.html", {}, status=403)
    form = ResultForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with form_errors(form) as outcome:
                result_publish(
                    actor=request.user,
                    challenge=detail.challenge,
                    title=form.cleaned_data["title"],
                    abstract=form.cleaned_data["abstract"],
                    link=form.cleaned_data["link"],
                    upload=form.cleaned_data["file"],
                )
            if outcome.ok:
                messages.success(request, _("Resultatet är publicerat. Tack!"))
                return redirect(detail.challenge)
            status = outcome.status
    context = {"form": form, "challenge": detail.challenge}
    return render_page(request, "challenges/result_form.html", context, status=status)


@require_GET
def result_file(request: HtmxHttpRequest, pk: int, result_pk: int) -> HttpResponseBase:
    """A result's file, through the challenge's visibility, never straight from media/."""
    detail = challenge_detail(viewer=request.user, pk=pk)
    result = next((r for r in detail.results if r.pk == result_pk and r.file), None)
    if result is None:
        raise Http404
    return FileResponse(
        result.file.open("rb"),
        as_attachment=True,
        filename=result.original_name,
        content_type=result.content_type,
    )


@require_GET
def result_link(request: HtmxHttpRequest, pk: int, result_pk: int) -> HttpResponseBase:
    """Out to a result's link (such as DiVA). Pages link only to the hub itself (see
    tests/frontend/html_checks.py); the service accepted only http(s) addresses."""
    detail = challenge_detail(viewer=request.user, pk=pk)
    result = next((r for r in detail.results if r.pk == result_pk and r.link), None)
    if result is None:
        raise Http404
    return HttpResponseRedirect(result.link)


@login_required
@require_http_methods(["GET", "POST"])
def student_profile_page(request: AuthedRequest) -> HttpResponse:
    profile = student_profile_of(viewer=request.user)
    initial = {}
    if profile is not None:
        initial = {
            "university": profile.university,
            "programme": profile.programme,
            "interests": profile.interests,
            "disciplines": list(profile.disciplines.all()),
        }
    form = StudentProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with form_errors(form) as outcome:
                student_profile_set(actor=request.user, data=form.to_input())
            if outcome.ok:
                messages.success(request, _("Din studentprofil är sparad."))
                return redirect("frontend:my-challenge-applications")
            status = outcome.status
    context = {"form": form, "is_student": permissions.is_student(request.user)}
    return render_page(request, "challenges/profile.html", context, status=status)
