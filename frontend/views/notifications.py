"""The signed-in person's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from common.ids import parse_id
from frontend.views.common import AuthedRequest
from hub.selectors import navigation_facts, notification_list
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


LIVE_MAX = 20


@login_required
@require_GET
def notifications_live(request: AuthedRequest) -> JsonResponse:
    """What the page's live module (static/js/notifications.js) fetches when the user socket
    says something is new: the unread count and the notifications after `after`, rendered
    in the page's language, with one announcement for the whole batch."""
    after = parse_id(request.GET.get("after", "")) or 0
    unread = int(navigation_facts(user=request.user)["unread"])  # type: ignore[call-overload]
    rows = list(notification_list(user=request.user).filter(pk__gt=after)[:LIVE_MAX])
    items = [
        {
            "id": n.pk,
            "message": n.message,
            "url": n.get_absolute_url(),
            "created": n.created_at.isoformat(),
            "created_label": formats.date_format(n.created_at, "j F Y, H:i"),
            "unread": n.read_at is None,
        }
        for n in rows
    ]
    announcement = (
        ngettext("%(count)s ny notis.", "%(count)s nya notiser.", len(items))
        % {"count": len(items)}
        if items
        else ""
    )
    response = JsonResponse({"unread": unread, "items": items, "announcement": announcement})
    response["Cache-Control"] = "no-store"
    return response
