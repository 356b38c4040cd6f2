"""The page checks (lang, one h1, labels, skip link, CSP-safe markup) on every full page,
for each kind of visitor and in both languages."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from boards.models import Board
from ideas.models import IdeaStatus
from tests.boards.factories import BoardFactory
from tests.events.factories import ForumMeetingFactory
from tests.factories import CommentFactory, IdeaFactory, SupportFactory
from tests.frontend.html_checks import assert_good_page, page_problems

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = ["home", "idea-list", "public", "login", "signup", "event-list", "event",
                   "board-list", "password-reset", "privacy", "accessibility"]  # fmt: skip
SIGNED_IN_PAGES = ["home", "idea-list", "public", "draft", "idea-create", "draft-edit",
                   "my-ideas", "notifications", "profile", "event-list", "event", "board-list",
                   "board-create", "account-security", "account-tokens", "privacy",
                   "accessibility"]  # fmt: skip
FACILITATOR_PAGES = ["home", "idea-list", "public", "hidden", "notifications", "event-list",
                     "event", "event-create", "event-edit", "series-create", "board-list",
                     "board-create", "board-create-for-event"]  # fmt: skip


@pytest.fixture
def pages(author, participant, public_idea, draft, focus_area) -> dict[str, str]:
    hidden = IdeaFactory(author=author, focus_area=focus_area, is_hidden=True, hidden_reason="x")
    comment = CommentFactory(idea=public_idea)
    CommentFactory(idea=public_idea, parent=comment, author=author)
    SupportFactory(idea=public_idea, user=participant)
    IdeaFactory(focus_area=focus_area, status=IdeaStatus.IN_REVIEW)
    meeting = ForumMeetingFactory(focus_area=focus_area, organisers=[author])
    ForumMeetingFactory(series=meeting.series)
    BoardFactory(event=meeting)
    board_create = reverse("frontend:board-create")
    return {
        "event-list": reverse("frontend:event-list"),
        "event": meeting.get_absolute_url(),
        "event-create": reverse("frontend:event-create"),
        "event-edit": reverse("frontend:event-edit", args=[meeting.pk]),
        "series-create": reverse("frontend:forum-series-create"),
        "board-list": reverse("frontend:board-list"),
        "board-create": board_create,
        "board-create-for-event": f"{board_create}?evenemang={meeting.pk}",
        "home": reverse("frontend:home"),
        "idea-list": reverse("frontend:idea-list"),
        "public": public_idea.get_absolute_url(),
        "hidden": hidden.get_absolute_url(),
        "draft": draft.get_absolute_url(),
        "idea-create": reverse("frontend:idea-create"),
        "draft-edit": reverse("frontend:idea-edit", args=[draft.pk]),
        "my-ideas": reverse("frontend:my-ideas"),
        "notifications": reverse("frontend:notifications"),
        "profile": reverse("frontend:profile"),
        "login": reverse("frontend:login"),
        "signup": reverse("frontend:signup"),
        "password-reset": reverse("frontend:password-reset"),
        "account-security": reverse("frontend:account-security"),
        "account-tokens": reverse("frontend:account-tokens"),
        "privacy": reverse("frontend:privacy"),
        "accessibility": reverse("frontend:accessibility"),
    }


@pytest.fixture(params=["sv", "en"])
def language(request, client: Client) -> str:
    client.post(reverse("set_language"), {"language": request.param})
    return request.param


def check_all(client: Client, pages: dict[str, str], names: list[str], language: str) -> None:
    for name in names:
        response = client.get(pages[name])
        assert response.status_code == 200, name
        html = assert_good_page(response)
        assert f'<html lang="{language}">' in html, name


def test_every_page_for_anonymous(client: Client, pages, language):
    check_all(client, pages, ANONYMOUS_PAGES, language)


def test_every_page_for_the_author(client: Client, author, pages, language):
    client.force_login(author)
    check_all(client, pages, SIGNED_IN_PAGES, language)


def test_every_page_for_a_facilitator(client: Client, facilitator, pages, language):
    client.force_login(facilitator)
    check_all(client, pages, FACILITATOR_PAGES, language)


def test_form_pages_with_errors_pass_the_checks(client: Client, author, public_idea):
    forms = [
        (reverse("frontend:signup"), {"email": "x"}),
        (reverse("frontend:login"), {"email": author.email, "password": "fel"}),
        (reverse("frontend:idea-create"), {"title": "", "action": "submit"}),
        (reverse("frontend:profile"), {}),
        (reverse("frontend:account-security"), {"action": "email", "new_email": "x"}),
        (reverse("frontend:account-security"), {"action": "password"}),
        (reverse("frontend:account-tokens"), {"name": ""}),
        (reverse("frontend:comment-create", args=[public_idea.pk]), {"body": ""}),
        (reverse("frontend:board-create"), {"title": ""}),
    ]
    for number, (url, data) in enumerate(forms):
        if number == 2:
            client.force_login(author)
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert_good_page(response)
    assert not Board.objects.exists()


def test_event_forms_with_errors_pass_the_checks(client: Client, facilitator, pages):
    client.force_login(facilitator)
    bad = {
        "kind": "lab",
        "title": "",
        "starts_at": "2027-02-14T13:00",
        "ends_at": "2027-02-14T12:00",
    }
    for name, data in [
        ("event-create", bad),
        ("event-edit", bad | {"title": "Labb"}),
        ("series-create", {"title": ""}),
    ]:
        response = client.post(pages[name], data)
        assert response.status_code == 400, name
        html = assert_good_page(response)
        assert 'class="error-summary"' in html, name


@pytest.mark.parametrize("template", ["403.html", "404.html", "429.html", "500.html"])
def test_error_templates_render_without_a_request(template: str):
    # The 500 handler renders with an empty context: no request, user or CSRF token.
    html = render_to_string(template)
    assert not page_problems(html)
    assert 'id="error-message"' in html
