"""Layout on a phone (375 px) in a real browser: the folding header menu, and focus on the
assessment sheet never hidden under its sticky bar (WCAG 2.4.11)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.assessment import conftest as assessment_fixtures
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

world = assessment_fixtures.world
PHONE = {"width": 375, "height": 667}


def sign_in(page, email: str) -> None:
    page.goto(reverse("frontend:login"))
    page.locator("#id_email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def test_the_phone_header_folds_the_menu_behind_a_button(page):
    UserFactory(email="mobil@example.org")
    page.set_viewport_size(PHONE)
    sign_in(page, "mobil@example.org")
    button = page.locator("#menu-toggle")
    nav = page.locator("#site-nav")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("button", name="Meny", exact=True)).to_be_visible()
    assert button.get_attribute("aria-controls") == "header-tools site-nav"
    expect(nav).to_be_hidden()
    expect(page.locator("#header-tools")).to_be_hidden()
    folded = header_height(page)
    assert folded <= 80, f"the folded header takes {folded} px of 667"

    # Keyboard: the skip link, the brand, then the button; Enter opens it.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(page.get_by_role("link", name="Bidrag", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert header_height(page) > folded

    # Escape from inside the menu closes it and returns focus to the button.
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(nav).to_be_hidden()

    # A click opens and closes it too, and the links work.
    button.click()
    page.get_by_role("link", name="Bidrag", exact=True).click()
    page.wait_for_url(re.compile(r"/bidrag/$"))
    expect(page.locator("#menu-toggle")).to_have_attribute("aria-expanded", "false")


def test_wide_screens_show_the_whole_menu_and_no_button(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    expect(page.locator("#menu-toggle")).to_be_hidden()
    expect(page.locator("#site-nav")).to_be_visible()
    expect(page.locator("#header-tools")).to_be_visible()
    # Narrowing the window folds it; widening unfolds it.
    page.set_viewport_size(PHONE)
    expect(page.locator("#menu-toggle")).to_be_visible()
    expect(page.locator("#site-nav")).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator("#site-nav")).to_be_visible()
    expect(page.locator("#menu-toggle")).to_be_hidden()


FOCUS_AND_BAR = """() => {
  const bar = document.querySelector(".sheet-bar").getBoundingClientRect();
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const inBar = el.closest(".sheet-bar") !== null;
  return {tag: el.tagName, id: el.id, top: box.top, bottom: box.bottom,
          barBottom: bar.bottom, inBar: inBar, inSheet: el.closest(".sheet") !== null};
}"""


def test_shift_tab_on_the_sheet_never_leaves_focus_under_the_sticky_bar(page, world):
    world.open()
    page.set_viewport_size(PHONE)
    # Instant scrolling, so each focus lands before it is measured (smooth scrolling only
    # animates the way to the same place).
    page.emulate_media(reduced_motion="reduce")
    sign_in(page, world.core_team.email)
    page.goto(reverse("frontend:assessment-sheet", args=[world.round.pk]))
    page.locator(".sheet-bar").wait_for()
    # Start from the end of the page and walk backwards through the whole sheet.
    page.locator("footer a").last.focus()
    seen = 0
    for _ in range(200):
        page.keyboard.press("Shift+Tab")
        state = page.evaluate(FOCUS_AND_BAR)
        if state["inBar"] or state["tag"] == "BODY":
            break
        if state["inSheet"]:
            seen += 1
            assert state["top"] >= state["barBottom"] - 1, state
    assert seen > 20  # the walk went through the sheet's controls
