"""Accessibility of what every page shares: flash messages, stored text language, the header."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.frontend.html_checks import assert_good_page, page_problems

pytestmark = pytest.mark.django_db


def test_page_checker_catches_a_list_whose_role_was_overridden():
    page = (
        '<html lang="sv"><body><a href="#main">skip</a><h1 id="main">x</h1>'
        '<ul role="status"><li>a</li></ul><ol role="none"><li role="alert">b</li></ol>'
        '<ul role="list"><li role="listitem">c</li></ul></body></html>'
    )
    problems = page_problems(page)
    assert [p for p in problems if "list semantics" in p] == [
        "<ul role='status'> loses its list semantics (put a live region or landmark role on a "
        "wrapper instead)",
        "<ol role='none'> loses its list semantics (put a live region or landmark role on a "
        "wrapper instead)",
        "<li role='alert'> loses its list semantics (put a live region or landmark role on a "
        "wrapper instead)",
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_flash_message_is_announced_in_a_live_region_around_the_list(
    client: Client, author, language
):
    client.post(reverse("set_language"), {"language": language})
    response = client.post(
        reverse("frontend:login"), {"email": author.email, "password": PASSWORD}, follow=True
    )
    html = assert_good_page(response)
    assert '<div class="messages-region" role="status">' in html
    assert '<ul class="messages">' in html
    assert html.count('class="message message--success"') == 1
