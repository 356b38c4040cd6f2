"""Submissions in a real browser: htmx under the strict CSP, as a person uses it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ideas.models import Comment, Idea, IdeaStatus
from tests.factories import PASSWORD, IdeaFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email: str) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/$|/bidrag/"))


def test_search_as_you_type_updates_results_without_reload(page):
    IdeaFactory(title="Måltider och möten", summary="Äldre äter tillsammans.")
    IdeaFactory(title="Drömfabriken", summary="Unga skapar framtidens stad.")
    page.goto("/bidrag/")
    marker = page.evaluate("() => (window.__marker = Math.random())")

    results = page.locator("#results")
    expect(results.get_by_text("Måltider och möten")).to_have_count(1)

    page.get_by_role("searchbox").fill("drömfab")

    expect(results.get_by_text("Måltider och möten")).to_have_count(0, timeout=3000)
    expect(results.get_by_text("Drömfabriken")).to_have_count(1)
    assert page.evaluate("() => window.__marker") == marker  # the page did not reload
    assert "q=dr%C3%B6mfab" in page.url or "q=drömfab" in page.url  # shareable address


def test_a_comment_appears_in_place(page):
    idea = IdeaFactory(title="Physical Literacy", status=IdeaStatus.SUBMITTED)
    UserFactory(email="kommentar@example.org", display_name="Kim Kommentar")
    sign_in(page, "kommentar@example.org")
    page.goto(f"/bidrag/{idea.pk}/")
    marker = page.evaluate("() => (window.__marker = Math.random())")

    page.get_by_label("Din kommentar").fill("Vi vill gärna testa detta på vår skola!")
    page.get_by_role("button", name="Publicera kommentar").click()

    page.locator("#comments").get_by_text("Vi vill gärna testa detta").wait_for(timeout=3000)
    assert page.evaluate("() => window.__marker") == marker
    assert Comment.objects.filter(idea=idea, author__display_name="Kim Kommentar").exists()


def test_submitting_a_draft_through_the_form(page, focus_area):
    UserFactory(email="forfattare@example.org")
    sign_in(page, "forfattare@example.org")
    page.goto("/bidrag/nytt/")
    page.get_by_label("Rubrik").fill("Spiral of Inquiry i förskolan")
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_url(re.compile(r"/bidrag/\d+/$"), timeout=5000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Spiral of Inquiry i förskolan")
    idea = Idea.objects.get(title="Spiral of Inquiry i förskolan")
    assert idea.status == IdeaStatus.DRAFT
