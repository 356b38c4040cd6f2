"""Live notifications in a real browser: the count and the list follow the person's socket.

Daphne serves HTTP and WebSocket on the test database (see test_board_browser.py); another
person's comment notifies the author, whose open pages update without a reload.
"""

from __future__ import annotations

import pytest

from ideas.models import IdeaStatus
from tests.factories import IdeaFactory, UserFactory
from tests.frontend.test_board_browser import Person, hub, static_root  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = 3_000


def test_the_unread_count_and_the_list_update_live(browser, hub, focus_area, goal):  # noqa: F811
    alva = Person(browser, hub.url, UserFactory(display_name="Alva"))
    per = Person(browser, hub.url, UserFactory(display_name="Per"))
    idea = IdeaFactory(
        author=alva.user,
        focus_area=focus_area,
        goals=[goal],
        title="Läxhjälp på biblioteket",
        status=IdeaStatus.SUBMITTED,
    )
    try:
        page = alva.page
        page.goto("/notiser/")
        assert page.locator("#notification-badge").is_hidden()
        marker = page.evaluate("() => (window.__marker = Math.random())")
        page.locator("#notifications-link[data-live=open]").wait_for(timeout=LIVE)

        # Per comments twice in his own browser (the comment service notifies the author).
        per.page.goto(idea.get_absolute_url())
        for body in ("Jag kan hjälpa till!", "Och på torsdagar."):
            per.page.locator("#comment-body").fill(body)
            per.page.locator("#comment-body-submit").click()
            per.page.locator("#comments").get_by_text(body).wait_for(timeout=LIVE)

        page.locator("#notification-count").get_by_text("2", exact=True).wait_for(timeout=LIVE)
        assert page.locator("#notification-badge").is_visible()
        items = page.locator("#notification-list li.notification--unread")
        items.first.wait_for(timeout=LIVE)
        page.wait_for_function(
            "() => document.querySelectorAll('#notification-list li').length === 2",
            timeout=LIVE,
        )
        assert page.locator("#notification-list li a").all_inner_texts() == [
            "Per kommenterade ”Läxhjälp på biblioteket”.",
            "Per kommenterade ”Läxhjälp på biblioteket”.",
        ]
        href = page.locator("#notification-list li a").first.get_attribute("href")
        assert href.startswith(idea.get_absolute_url())
        assert "Du har inga notiser" not in page.locator("main").inner_text()
        # Announced politely, once per batch: the second comment's batch says one new one.
        status = page.locator("#live-status")
        assert status.get_attribute("aria-live") == "polite"
        assert status.inner_text() in {"1 ny notis.", "2 nya notiser."}
        assert page.evaluate("() => window.__marker") == marker  # no reload happened
        assert alva.unexpected_errors() == []
        assert per.unexpected_errors() == []
    finally:
        alva.context.close()
        per.context.close()
