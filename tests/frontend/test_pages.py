"""Every page renders for the people who may see it, and passes the page checks."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import Notification
from ideas.models import IdeaStatus
from tests.factories import CommentFactory, IdeaFactory, StatusChangeFactory
from tests.frontend.html_checks import assert_good_page, page_problems

pytestmark = pytest.mark.django_db


def test_home_shows_focus_areas_goals_and_latest_public(client: Client, public_idea, draft, goal):
    html = assert_good_page(client.get(reverse("frontend:home")))
    assert "Alla barn och unga lyckas" in html
    assert goal.title in html
    assert public_idea.title in html
    assert draft.title not in html
    assert reverse("frontend:idea-create") in html


def test_idea_list_shows_public_ideas_with_counts(client: Client, public_idea, draft):
    CommentFactory(idea=public_idea)
    html = assert_good_page(client.get(reverse("frontend:idea-list")))
    assert public_idea.title in html
    assert draft.title not in html
    assert "1 kommentar" in html
    assert 'aria-live="polite"' in html
    assert 'hx-trigger="input changed delay:300ms' in html


def test_idea_list_hides_author_name_unless_chosen(client: Client, author, public_idea):
    html = client.get(reverse("frontend:idea-list")).content.decode()
    assert author.display_name not in html
    public_idea.show_author_name = True
    public_idea.save()
    html = client.get(reverse("frontend:idea-list")).content.decode()
    assert author.display_name in html


def test_idea_detail_for_anonymous(client: Client, public_idea, facilitator):
    StatusChangeFactory(
        idea=public_idea, actor=facilitator, to_status=IdeaStatus.SUBMITTED, reason="Välkommet"
    )
    html = assert_good_page(client.get(public_idea.get_absolute_url()))
    assert public_idea.title in html
    assert "Välkommet" in html
    # A moderator's step is named to every reader, as in the API (ideas.names.actor_name).
    assert f"av {facilitator.display_name}" in html
    assert "Logga in för att kommentera" in html


def test_idea_detail_for_author_shows_actor_and_own_name(
    author_client: Client, author, public_idea, facilitator
):
    StatusChangeFactory(idea=public_idea, actor=facilitator, to_status=IdeaStatus.SUBMITTED)
    html = assert_good_page(author_client.get(public_idea.get_absolute_url()))
    assert facilitator.display_name in html
    assert author.display_name in html
    assert "Återta bidraget" in html


def test_description_html_is_the_only_unescaped_field(client: Client, author, focus_area):
    idea = IdeaFactory(
        author=author,
        focus_area=focus_area,
        title="<b>Rubrik</b>",
        description="Text med **fetstil**",
    )
    CommentFactory(idea=idea, body="<script>alert(1)</script>")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<strong>fetstil</strong>" in html
    assert "&lt;b&gt;Rubrik&lt;/b&gt;" in html
    assert "<script>alert" not in html


def test_hidden_idea_banner_for_author_and_moderator(
    client: Client, author, facilitator, participant, public_idea
):
    public_idea.is_hidden = True
    public_idea.hidden_reason = "Innehåller personuppgifter"
    public_idea.save()
    for person in (author, facilitator):
        client.force_login(person)
        html = assert_good_page(client.get(public_idea.get_absolute_url()))
        assert "Innehåller personuppgifter" in html
    client.force_login(participant)
    assert client.get(public_idea.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["frontend:idea-create", "frontend:my-ideas", "frontend:notifications", "frontend:profile"],
)
def test_signed_in_pages_redirect_anonymous_to_login(client: Client, name: str):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("frontend:idea-create", "Spara utkast"),
        ("frontend:my-ideas", "Mina bidrag"),
        ("frontend:notifications", "Notiser"),
        ("frontend:profile", "Din profil"),
        ("frontend:idea-list", "Bidrag"),
        ("frontend:home", "Samhällshubben"),
    ],
)
def test_signed_in_pages_render(author_client: Client, draft, name: str, text: str):
    html = assert_good_page(author_client.get(reverse(name)))
    assert text in html


@pytest.mark.parametrize("name", ["frontend:login", "frontend:signup"])
def test_account_pages_render_for_anonymous(client: Client, name: str):
    html = assert_good_page(client.get(reverse(name)))
    assert 'autocomplete="email"' in html


def test_my_ideas_lists_drafts_with_status_and_edit_link(author_client: Client, draft):
    html = assert_good_page(author_client.get(reverse("frontend:my-ideas")))
    assert draft.title in html
    assert "Utkast" in html
    assert reverse("frontend:idea-edit", args=[draft.pk]) in html


def test_notifications_unread_highlight_and_mark_all_read(author_client: Client, author):
    Notification.objects.create(
        recipient=author, kind="idea.comment", data={"title": "Min idé", "who": "Per"}
    )
    html = assert_good_page(author_client.get(reverse("frontend:notifications")))
    assert "notification--unread" in html
    assert "Per kommenterade ”Min idé”." in html
    assert re.search(r'class="badge".*?1', html, re.S)
    response = author_client.post(reverse("frontend:notifications-read"))
    assert response.status_code == 302
    html = author_client.get(reverse("frontend:notifications")).content.decode()
    assert "notification--unread" not in html
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_edit_form_renders_for_own_draft(author_client: Client, draft):
    html = assert_good_page(author_client.get(reverse("frontend:idea-edit", args=[draft.pk])))
    assert f'value="{draft.title}"' in html
    assert "Redigera utkast" in html


def test_facilitator_sees_moderation_actions(client: Client, facilitator, public_idea):
    client.force_login(facilitator)
    html = assert_good_page(client.get(public_idea.get_absolute_url()))
    assert "Ändra status" in html
    assert 'value="in_review"' in html
    assert "Dölj bidraget" in html


def test_not_found_page_is_a_good_page(client: Client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = assert_good_page(response)
    assert 'id="error-message"' in html


def test_csp_header_names_no_other_host(client: Client):
    response = client.get(reverse("frontend:home"))
    policy = response["Content-Security-Policy"]
    # No page uses an inline script, so Django adds no nonce: only our own files run.
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert not re.search(r"https?:|\*|//", policy)


def test_htmx_is_loaded_from_our_static_files_with_safe_config(client: Client):
    html = client.get(reverse("frontend:home")).content.decode()
    assert re.search(r'<script src="/static/vendor/htmx\.min\.js" defer></script>', html)
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


def test_page_checker_catches_problems():
    bad = (
        '<html><body><a href="https://example.com/">x</a><h1>a</h1><h1>b</h1>'
        '<input name="q"><div style="color:red"></div><script>alert(1)</script></body></html>'
    )
    problems = "\n".join(page_problems(bad))
    for expected in ("lang", "one <h1>", "skip link", "inline style", "<script>", "unlabelled"):
        assert expected in problems
    assert "another host" in problems
