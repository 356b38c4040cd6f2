"""The pages a Swedish public service must have: the privacy notice
(personuppgiftspolicy) and the accessibility statement (tillgänglighetsredogörelse)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

# When the accessibility statement was last reviewed (Digg asks for the date).
ACCESSIBILITY_REVIEWED = "2026-12-06"


@require_GET
def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html")


@require_GET
def accessibility_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/accessibility.html", {"reviewed": ACCESSIBILITY_REVIEWED})
