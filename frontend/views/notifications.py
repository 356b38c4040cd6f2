"""The signed-in person's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.views.common import AuthedRequest
from hub.selectors import notification_list
from hub.services import notifications_mark_read

PAGE_SIZE = 30


@login_required
@require_GET
def notifications_page(request: AuthedRequest) -> HttpResponse:
    notifications = notification_list(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "notifications": page.object_list},
    )


@login_required
@require_POST
def notifications_mark_all_read(request: AuthedRequest) -> HttpResponse:
    count = notifications_mark_read(actor=request.user)
    if count:
        messages.success(request, _("Alla notiser är markerade som lästa."))
    return redirect("frontend:notifications")
