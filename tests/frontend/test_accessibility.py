"""Accessibility of what every page shares: flash messages, stored text language, the header."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Criterion
from boards.models import BoardTemplate, Section
from boards.services import board_create
from frontend.templatetags.stored_text import stored, stored_label, stored_lang
from hub.models import FocusArea, SocietalGoal
from tests.assessment.factories import CriterionFactory
from tests.boards.factories import BoardFactory
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


# --- Stored text: English names beside the Swedish ones, Swedish text marked lang="sv" -------


def english(client: Client) -> Client:
    client.post(reverse("set_language"), {"language": "en"})
    return client


def test_the_home_page_renders_focus_area_markdown_in_both_languages(client: Client, focus_area):
    FocusArea.objects.filter(pk=focus_area.pk).update(
        description="Togs fram i forumserien *Välmående och självständiga äldre*.\n\nMed **alla**."
    )
    for language in ("sv", "en"):
        client.post(reverse("set_language"), {"language": language})
        html = assert_good_page(client.get(reverse("frontend:home")))
        assert "*Välmående" not in html and "**alla**" not in html
        assert "<em>Välmående och självständiga äldre</em>" in html
        assert "<p>Med <strong>alla</strong>.</p>" in html


def test_the_home_page_names_focus_areas_and_goals_in_english(
    client: Client, focus_area, other_focus_area, goal
):
    FocusArea.objects.filter(pk=focus_area.pk).update(
        name_en="Every child and young person succeeds"
    )
    SocietalGoal.objects.filter(pk=goal.pk).update(title_en="More pupils finish school")
    html = assert_good_page(english(client).get(reverse("frontend:home")))
    assert f'<h3 id="area-{focus_area.pk}">Every child and young person succeeds</h3>' in html
    assert "<li>More pupils finish school</li>" in html
    # No English name: the Swedish one, marked as Swedish.
    assert '<span lang="sv">Välmående och självständiga äldre</span>' in html
    # Text that exists only in Swedish is marked on the element holding it.
    assert '<p class="north-star" lang="sv">Alla lyckas.</p>' in html


def test_swedish_pages_show_the_swedish_names_unmarked(client: Client, focus_area, goal):
    FocusArea.objects.filter(pk=focus_area.pk).update(name_en="Every child")
    html = assert_good_page(client.get(reverse("frontend:home")))
    assert f'<h3 id="area-{focus_area.pk}">Alla barn och unga lyckas</h3>' in html
    assert 'lang="sv"' not in html.split("<body", 1)[1]
    assert "Every child" not in html


def test_english_option_labels_in_the_submission_form(author_client: Client, focus_area, goal):
    FocusArea.objects.filter(pk=focus_area.pk).update(name_en="Every child")
    SocietalGoal.objects.filter(pk=goal.pk).update(title_en="More pupils finish school")
    html = assert_good_page(english(author_client).get(reverse("frontend:idea-create")))
    assert '<option value="barn-och-unga">Every child</option>' in html
    assert f'<label for="id_goals_{goal.pk}">More pupils finish school</label>' in html


def test_submissions_are_marked_swedish_on_english_pages(client: Client, public_idea):
    html = assert_good_page(english(client).get(public_idea.get_absolute_url()))
    assert '<h1 id="idea-title" lang="sv">Läxhjälp på biblioteket</h1>' in html
    assert '<p class="summary" lang="sv">' in html


def test_the_filter_reads_models_and_dicts():
    from django.utils import translation

    section = {"title": "Idéer", "title_en": "Ideas"}
    named_by_a_person = {"title": "Våra frågor", "title_en": ""}
    with translation.override("en"):
        assert stored(section, "title") == "Ideas"
        assert stored(named_by_a_person, "title") == '<span lang="sv">Våra frågor</span>'
        assert stored({"title": "<b>"}, "title") == '<span lang="sv">&lt;b&gt;</span>'
        assert stored_label(named_by_a_person, "title") == "Våra frågor"
        assert stored_lang() == ' lang="sv"'
    with translation.override("sv"):
        assert stored(section, "title") == "Idéer"
        assert stored_lang() == ""


def test_a_template_board_stores_its_section_names_in_both_languages(client: Client, author):
    from django.utils import translation

    with translation.override("en"):  # as from an English page: the titles stay Swedish
        board = board_create(actor=author, title="Forum", template=BoardTemplate.MATCHMAKING)
    assert list(board.sections.values_list("title", "title_en")) == [
        ("Behov", "Needs"),
        ("Forskning", "Research"),
        ("Resurser och kompetens", "Resources and skills"),
    ]
    client.force_login(author)
    html = english(client).get(board.get_absolute_url()).content.decode()
    assert ">Needs</h2>" in html and 'label="Needs"' in html


def test_the_data_migrations_name_the_defaults_in_english(author):
    from django.apps import apps

    criteria = import_module("assessment.migrations.0004_english_names")
    sections = import_module("boards.migrations.0004_english_names")
    Criterion.objects.filter(key="citizen_value").delete()
    criterion = CriterionFactory(key="citizen_value", name="Invånarnytta")
    board = BoardFactory()
    Section.objects.create(board=board, title="Idéer")
    Section.objects.create(board=board, title="Egen rubrik")
    criteria.name_default_criteria(apps, None)
    sections.name_template_sections(apps, None)
    criterion.refresh_from_db()
    assert criterion.name_en == "Citizen value"
    assert dict(board.sections.values_list("title", "title_en")) == {
        "Idéer": "Ideas",
        "Egen rubrik": "",
    }


def test_the_api_gives_the_english_names(client: Client, focus_area, goal):
    FocusArea.objects.filter(pk=focus_area.pk).update(name_en="Every child")
    SocietalGoal.objects.filter(pk=goal.pk).update(title_en="More pupils finish school")
    data = client.get("/api/v1/focus-areas/").json()
    area = next(a for a in data["results"] if a["slug"] == "barn-och-unga")
    assert area["name_en"] == "Every child"
    assert area["goals"][0]["title_en"] == "More pupils finish school"


# --- The submission form says once what a draft may leave out ---------------------------------


def field_html(html: str, name: str) -> str:
    start = html.index(f'for="id_{name}"')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize(
    ("language", "marker", "optional", "draft_rule"),
    [
        (
            "sv",
            "(krävs när du skickar in, inte i ett utkast)",
            "(valfritt)",
            "Ett utkast behöver bara en rubrik.",
        ),
        (
            "en",
            "(required to submit, not for a draft)",
            "(optional)",
            "A draft needs only a title.",
        ),
    ],
)
def test_the_submission_form_says_once_what_a_draft_may_leave_out(
    author_client: Client, focus_area, language, marker, optional, draft_rule
):
    author_client.post(reverse("set_language"), {"language": language})
    html = assert_good_page(author_client.get(reverse("frontend:idea-create")))
    assert html.count(draft_rule) == 1
    for name in ("summary", "focus_area"):
        field = field_html(html, name)
        assert field.count(marker) == 1, field
        assert optional not in field, field
        assert "Krävs när du skickar in" not in field and "Required when you submit" not in field
    assert optional in field_html(html, "description")
    assert html.count(marker) == 2
