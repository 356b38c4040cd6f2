"""axe-core in a real browser on every page that shows a flash message, in both languages.

axe runs from tests/vendor/axe-core/ (never from the network), injected as an init script so
the pages keep their strict Content Security Policy. A flash message is put in the messages
cookie before each visit, as the hub itself does after a form, so every page is checked with
the message list showing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.urls import reverse

from ideas.models import IdeaStatus
from tests.boards.factories import BoardFactory
from tests.events.factories import ForumMeetingFactory
from tests.factories import PASSWORD, IdeaFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
  }));
}"""


def flash_cookie(text: str) -> str:
    """The messages cookie Django's CookieStorage reads: one success message."""
    storage = CookieStorage(HttpRequest())
    return storage._encode([Message(constants.SUCCESS, text)])


def violations(page, url: str, base_url: str) -> list[dict]:
    page.context.add_cookies(
        [{"name": "messages", "value": flash_cookie("Ändringen är sparad."), "url": base_url}]
    )
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert page.locator(".messages li").count() == 1, f"no flash message on {url}"
    return page.evaluate(RUN_AXE)


def sign_in(page, email: str) -> None:
    page.goto(reverse("frontend:login"))
    page.locator("#id_email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.fixture
def pages(focus_area, goal) -> dict[str, str]:
    author = UserFactory(email="axe@example.org", display_name="Ada Axe")
    public = IdeaFactory(
        author=author, focus_area=focus_area, goals=[goal], status=IdeaStatus.SUBMITTED
    )
    draft = IdeaFactory(author=author, focus_area=focus_area, status=IdeaStatus.DRAFT)
    meeting = ForumMeetingFactory(focus_area=focus_area, organisers=[author])
    BoardFactory(event=meeting)
    return {
        "home": reverse("frontend:home"),
        "idea-list": reverse("frontend:idea-list"),
        "public": public.get_absolute_url(),
        "draft": draft.get_absolute_url(),
        "idea-create": reverse("frontend:idea-create"),
        "draft-edit": reverse("frontend:idea-edit", args=[draft.pk]),
        "my-ideas": reverse("frontend:my-ideas"),
        "notifications": reverse("frontend:notifications"),
        "profile": reverse("frontend:profile"),
        "event-list": reverse("frontend:event-list"),
        "event": meeting.get_absolute_url(),
        "board-list": reverse("frontend:board-list"),
        "portfolio": reverse("frontend:portfolio"),
        "account-tokens": reverse("frontend:account-tokens"),
        "privacy": reverse("frontend:privacy"),
        "accessibility": reverse("frontend:accessibility"),
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_axe_finds_nothing_on_pages_with_a_flash_message(page, live_server, pages, language):
    page.context.add_init_script(path=str(AXE))
    sign_in(page, "axe@example.org")
    # Signing in flashes a welcome on the home page: a real flow, before the cookie ones.
    assert page.locator(".messages li").count() == 1
    if language == "en":
        page.get_by_role("button", name="In English").click()
        page.wait_for_load_state()
    found = {}
    for name, url in pages.items():
        problems = violations(page, url, live_server.url)
        assert page.locator("html").get_attribute("lang") == language, name
        if problems:
            found[name] = problems
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_axe_finds_nothing_on_the_login_page_with_a_flash_message(page, live_server):
    page.context.add_init_script(path=str(AXE))
    for language in ("sv", "en"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        problems = violations(page, reverse("frontend:login"), live_server.url)
        assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
