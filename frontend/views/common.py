"""What every page view shares: request types, error pages, form errors from services."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

from common.errors import ErrorCode, ServiceError
from common.http import client_ip as client_ip  # re-exported for frontend/views/boards.py
from hub.models import User

ERROR_TEMPLATES: dict[str, str] = {
    ErrorCode.NOT_FOUND: "404.html",
    ErrorCode.FORBIDDEN: "403.html",
    ErrorCode.RATE_LIMITED: "429.html",
}


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (typing aid only)."""

    htmx: HtmxDetails


class AuthedRequest(HtmxHttpRequest):
    """A request behind @login_required: its user is a signed-in person (typing aid only)."""

    user: User


def wants_partial(request: HtmxHttpRequest) -> bool:
    """An htmx swap wants a fragment; a history restore (back button) needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the full page, or only `partial` of it for an htmx swap."""
    name = f"{template}#{partial}" if partial and wants_partial(request) else template
    response = render(request, name, context, status=status)
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def service_error_response(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    """The page for a refused request. htmx swaps its #error-message into #alerts."""
    template = ERROR_TEMPLATES.get(exc.code, "error.html")
    response = render(
        request,
        template,
        {"message": exc.message, "status_code": exc.http_status},
        status=exc.http_status,
    )
    retry_after = exc.detail.get("retry_after")
    if exc.code == ErrorCode.RATE_LIMITED and retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@dataclass
class FormOutcome:
    """What `form_errors` saw: nothing (`ok`), or the status the form answers with."""

    status: int = 200
    retry_after: int | None = None

    @property
    def ok(self) -> bool:
        return self.status < 400


@contextmanager
def form_errors(
    form: forms.Form, *, on_form: Collection[str] = (ErrorCode.RATE_LIMITED,)
) -> Iterator[FormOutcome]:
    """Run service calls for a form; put their refusals on it instead of raising.

    Bad input (`ValidationError`) goes onto its fields (status 400). A `ServiceError` whose
    code is in `on_form` (by default a rate limit, so the person sees it beside what they
    typed) becomes an error of the whole form with its status; any other propagates to the
    error middleware, which answers with the error page.

        with form_errors(form) as outcome:
            idea = idea_create(author=request.user, data=form.idea_input())
        if not outcome.ok:
            return render_page(request, "ideas/form.html", {"form": form}, status=outcome.status)
    """
    outcome = FormOutcome()
    try:
        yield outcome
    except ValidationError as exc:
        add_service_errors(form, exc)
        outcome.status = 400
    except ServiceError as exc:
        if exc.code not in on_form:
            raise
        form.add_error(None, exc.message)
        outcome.status = exc.http_status
        retry_after = exc.detail.get("retry_after")
        outcome.retry_after = int(retry_after) if retry_after else None


@dataclass
class PageOutcome:
    """What an action on an item's page came to: `ok`, or the status the page answers with
    and, for a refusal, what to say about it."""

    status: int = 200
    refusal: str = ""

    @property
    def ok(self) -> bool:
        return self.status < 400


@contextmanager
def refused_in_place_with(
    form: forms.Form, *, describe: Callable[[ServiceError], str] = lambda exc: exc.message
) -> Iterator[PageOutcome]:
    """Like `form_errors` (bad input goes onto the form), except that a refusal is said on
    the item's page, where the person acted (`describe` puts it in words): the page stays
    what they look at. NOT_FOUND still answers with the error page."""
    outcome = PageOutcome()
    try:
        with form_errors(form, on_form=()) as seen:
            yield outcome
        outcome.status = seen.status
    except ServiceError as exc:
        if exc.code == ErrorCode.NOT_FOUND:
            raise
        outcome.status, outcome.refusal = exc.http_status, describe(exc)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, messages)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` target when it points into this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
