"""The assessment pages: rounds, the assessor's sheet with autosave, results with their charts
and exports, votes and decisions. Who sees what follows `assessment.permissions`; blind
scoring must hold in the HTML as it does in the API."""

from __future__ import annotations

import datetime
import io
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessment import services
from assessment.errors import AssessmentError, Reason
from assessment.models import (
    AssessmentRound,
    Conflict,
    Decision,
    RoundAssessor,
    RoundStatus,
    Score,
    Vote,
    VoteChoice,
)
from common.errors import ErrorCode, ServiceError
from frontend.forms.assessment import DecisionForm
from frontend.views.assessment.decisions import refused_in_place
from hub.models import Notification
from ideas.models import IdeaStatus
from portfolio.models import PortfolioInitiative
from tests.assessment import conftest as assessment_fixtures
from tests.assessment.conftest import World
from tests.assessment.factories import build_scored_round
from tests.factories import IdeaFactory, UserFactory
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

# The small partnership the assessment tests use: three parties, a Core Team of three, three
# submissions, the default criteria and someone in every other role.
world = assessment_fixtures.world


def secret(index: int) -> str:
    return f"HEMLIG-{index}-MOTIVERING"


def as_user(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(name: str, *args: object) -> str:
    return reverse(f"frontend:{name}", args=args)


def text_of(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def opened(world: World) -> World:
    world.open()
    return world


@pytest.fixture
def closed(world: World) -> World:
    """Every assessor scored and submitted (assessor 0 with a secret), then closed."""
    world.open()
    values = {0: 4, 1: 3, 2: 1}
    for index, assessor in enumerate(world.assessors):
        world.score_all(assessor, values[index], rationale=secret(index))
        world.submit(assessor)
    world.close()
    return world


def cell_key(world: World, item_index: int = 0, criterion_index: int = 0) -> tuple:
    item = world.items()[item_index]
    criterion = world.criteria[criterion_index]
    return item, criterion


# --- Every page passes the checks, in both languages ------------------------------------------


@pytest.fixture(params=["sv", "en"])
def language(request) -> str:
    return request.param


def check(client: Client, path: str, language: str) -> str:
    client.post(reverse("set_language"), {"language": language})
    response = client.get(path)
    assert response.status_code == 200, path
    html = assert_good_page(response)
    assert f'<html lang="{language}">' in html, path
    return html


def test_facilitator_pages_pass_the_checks(world: World, language):
    client = as_user(world.facilitator)
    check(client, url("assessment-rounds"), language)
    check(client, url("assessment-round-create"), language)
    draft = world.create_round()
    check(client, url("assessment-round", draft.pk), language)
    check(client, url("assessment-round-edit", draft.pk), language)
    world.open()
    check(client, url("assessment-round", draft.pk), language)
    for index, assessor in enumerate(world.assessors):
        world.score_all(assessor, index + 2, rationale=secret(index))
        world.submit(assessor)
    world.close()
    item = world.items()[0]
    for name in ("assessment-round", "assessment-results", "assessment-scores",
                 "assessment-decisions"):  # fmt: skip
        check(client, url(name, draft.pk), language)
    check(client, url("assessment-item", draft.pk, item.pk), language)


def test_assessor_pages_pass_the_checks(opened: World, language):
    world = opened
    client = as_user(world.core_team)
    round = world.round
    check(client, url("assessment-rounds"), language)
    check(client, url("assessment-round", round.pk), language)
    html = check(client, url("assessment-sheet", round.pk), language)
    assert 'role="status"' in html
    world.score_all(world.core_team, 4, rationale="Bra.")
    check(client, url("assessment-sheet", round.pk), language)
    world.submit(world.core_team)
    check(client, url("assessment-sheet", round.pk), language)
    check(client, url("assessment-results", round.pk), language)


def test_form_pages_with_errors_pass_the_checks(opened: World):
    world = opened
    facilitator = as_user(world.facilitator)
    response = facilitator.post(url("assessment-round-create"), {"title": ""})
    assert response.status_code == 400
    assert_good_page(response)

    client = as_user(world.core_team)
    response = client.post(url("assessment-submit", world.round.pk))
    assert response.status_code == 400
    assert_good_page(response)
    item = world.items()[0]
    response = client.post(url("assessment-conflict", world.round.pk, item.pk), {})
    assert response.status_code == 400
    assert_good_page(response)
    response = client.post(
        url("assessment-score-save", world.round.pk, item.pk),
        {f"value-{world.criteria[0].pk}": "9"},
    )
    assert response.status_code == 400
    assert_good_page(response)


# --- Who may see what -------------------------------------------------------------------------


def test_round_pages_follow_the_permissions(world: World):
    draft = world.create_round()
    detail = url("assessment-round", draft.pk)
    assert as_user(world.facilitator).get(detail).status_code == 200
    assert as_user(world.administrator).get(detail).status_code == 200
    # A draft is the facilitators' own: for everyone else it does not exist.
    for user in (world.core_team, world.board_member, world.participant):
        assert as_user(user).get(detail).status_code == 404
    # Signed out, every round page asks you to sign in first (whether the round exists or not).
    for path in (detail, url("assessment-round", 999999)):
        response = Client().get(path)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert as_user(world.core_team).get(url("assessment-round-create")).status_code == 403
    assert as_user(world.core_team).get(url("assessment-round-edit", draft.pk)).status_code == 404
    anonymous = Client().get(url("assessment-round-create"))
    assert anonymous.status_code == 302 and "/konto/logga-in/" in anonymous["Location"]

    world.open()
    for user in (world.core_team, world.board_member, world.facilitator):
        assert as_user(user).get(detail).status_code == 200
    for user in (world.other_core_team, world.participant, world.author):
        assert as_user(user).get(detail).status_code == 404
    # The sheet is the assessors' own; the results wait for their own submission.
    sheet = url("assessment-sheet", draft.pk)
    assert as_user(world.core_team).get(sheet).status_code == 200
    assert as_user(world.facilitator).get(sheet).status_code == 403
    assert as_user(world.other_core_team).get(sheet).status_code == 404
    results = url("assessment-results", draft.pk)
    for user in (world.core_team, world.facilitator, world.board_member):
        response = as_user(user).get(results)
        assert response.status_code == 403
        assert "när du har lämnat in din egen bedömning" in text_of(response)
    assert as_user(world.participant).get(results).status_code == 404


def test_menu_shows_assessment_to_those_who_run_and_steer(world: World):
    link = f'href="{url("assessment-rounds")}"'
    for user in (world.facilitator, world.administrator, world.board_member):
        assert link in as_user(user).get(url("home")).content.decode()
    for user in (world.participant, world.author, None):
        assert link not in as_user(user).get(url("home")).content.decode()
    # The Core Team finds its rounds from the portfolio (and its notifications); the menu
    # reads only the roles every page has loaded anyway, to cost no query.
    html = as_user(world.core_team).get(url("portfolio")).content.decode()
    assert link in html
    assert link not in as_user(world.participant).get(url("portfolio")).content.decode()
    # The portfolio is public.
    assert f'href="{url("portfolio")}"' in Client().get(url("home")).content.decode()


def test_round_list_shows_what_each_may_follow(world: World):
    world.open()
    html = text_of(as_user(world.core_team).get(url("assessment-rounds")))
    assert "Vårens bedömning" in html
    assert url("assessment-sheet", world.round.pk) in html  # their to-do
    html = text_of(as_user(world.other_core_team).get(url("assessment-rounds")))
    assert "Vårens bedömning" not in html
    html = text_of(as_user(world.participant).get(url("assessment-rounds")))
    assert "Vårens bedömning" not in html


# --- Setting up, opening and closing a round ------------------------------------------------


def round_data(world: World, **overrides) -> dict:
    deadline = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "title": "Höstens bedömning",
        "focus_area": world.focus_area.slug,
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "description": "Kalibrering den 3 oktober.",
        "ideas": [idea.pk for idea in world.ideas],
        "criteria": [c.pk for c in world.criteria],
        "action": "draft",
    }
    data.update(overrides)
    return data


def test_facilitator_sets_up_and_opens_a_round(world: World):
    client = as_user(world.facilitator)
    response = client.post(url("assessment-round-create"), round_data(world))
    round = AssessmentRound.objects.get(title="Höstens bedömning")
    assert response.status_code == 302
    assert response["Location"] == url("assessment-round", round.pk)
    assert round.status == RoundStatus.DRAFT
    assert round.items.count() == 3

    html = text_of(client.get(url("assessment-round", round.pk)))
    assert "Öppna rundan" in html
    response = client.post(url("assessment-open", round.pk))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN
    assert RoundAssessor.objects.filter(round=round).count() == 3
    for idea in world.ideas:
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.IN_ASSESSMENT
    html = text_of(client.get(url("assessment-round", round.pk)))
    assert "Hur långt bedömarna har kommit" in html
    assert "0 av 9" in html  # counts only

    response = client.post(url("assessment-close", round.pk))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED


def test_save_and_open_at_once(world: World):
    client = as_user(world.facilitator)
    response = client.post(url("assessment-round-create"), round_data(world, action="open"))
    round = AssessmentRound.objects.get()
    assert response.status_code == 302
    assert round.status == RoundStatus.OPEN


def test_opening_errors_are_shown_on_the_form(world: World):
    """No Core Team in the other focus area's… (here: an area without one): the draft is
    saved and the form says why it did not open."""
    client = as_user(world.facilitator)
    area = world.other_focus_area
    world.other_core_team.core_teams.all().delete()
    idea = IdeaFactory(focus_area=area, status=IdeaStatus.SUBMITTED)
    data = round_data(world, focus_area=area.slug, ideas=[idea.pk], action="open")
    response = client.post(url("assessment-round-create"), data)
    assert response.status_code == 400
    html = text_of(response)
    assert "Utkastet är sparat, men rundan är inte öppnad." in html
    assert "ingen Core Team" in html
    assert AssessmentRound.objects.get().status == RoundStatus.DRAFT
    assert_good_page(response)


def test_round_form_errors_from_the_service(world: World):
    client = as_user(world.facilitator)
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url("assessment-round-create"), round_data(world, deadline=past))
    assert response.status_code == 400
    html = text_of(response)
    assert 'href="#id_deadline"' in html
    assert "Sista dag måste ligga i framtiden." in html
    assert not AssessmentRound.objects.exists()


def test_idea_options_follow_the_focus_area(world: World):
    other = IdeaFactory(focus_area=world.other_focus_area, title="Äldres träffpunkt")
    client = as_user(world.facilitator)
    html = text_of(client.get(url("assessment-round-create")))
    assert "Äldres träffpunkt" in html and "Läxhjälp i biblioteket" in html
    response = client.get(
        url("assessment-idea-options"),
        {"focus_area": world.focus_area.slug, "ideas": [world.ideas[0].pk]},
        **HTMX,
    )
    html = text_of(response)
    assert "<html" not in html
    assert "Läxhjälp i biblioteket" in html
    assert "Äldres träffpunkt" not in html
    assert f'value="{world.ideas[0].pk}" id="id_ideas_{world.ideas[0].pk}" checked' in html
    assert other.pk  # only listed under its own area


# --- The sheet: autosave, submit, recusal ------------------------------------------------------


def test_autosave_saves_one_cell_through_the_service_and_returns_the_partial(opened: World):
    world = opened
    item, criterion = cell_key(world)
    client = as_user(world.core_team)
    save = url("assessment-score-save", world.round.pk, item.pk)

    response = client.post(save, {f"value-{criterion.pk}": "4"}, **HTMX)
    assert response.status_code == 200
    html = text_of(response)
    assert "<html" not in html
    assert 'id="autosave-status" hx-swap-oob="innerHTML"' in html
    assert re.search(r"Sparat \d\d:\d\d", html)
    assert 'id="sheet-progress" class="sheet-progress" hx-swap-oob="true"' in html
    assert "1</strong> av 9 poäng satta" in html
    score = Score.objects.get(assessor__user=world.core_team)
    assert (score.item_id, score.criterion_id, score.value) == (item.pk, criterion.pk, 4)

    # The rationale as it is typed: the same cell is updated, the value kept.
    response = client.post(save, {f"rationale-{criterion.pk}": "Tydlig nytta."}, **HTMX)
    assert response.status_code == 200
    score.refresh_from_db()
    assert (score.value, score.rationale) == (4, "Tydlig nytta.")
    assert Score.objects.filter(assessor__user=world.core_team).count() == 1


def test_autosave_refuses_a_value_off_the_scale(opened: World):
    world = opened
    item, criterion = cell_key(world)
    client = as_user(world.core_team)
    response = client.post(
        url("assessment-score-save", world.round.pk, item.pk),
        {f"value-{criterion.pk}": "7", f"rationale-{criterion.pk}": "x"},
        **HTMX,
    )
    assert response.status_code == 400
    html = text_of(response)
    assert f'id="errors-{item.pk}-{criterion.pk}" hx-swap-oob="innerHTML"' in html
    assert "Poängen ska vara ett heltal från 1 till 5." in html
    assert "Inte sparat" in html
    assert not Score.objects.exists()


def test_saving_an_item_without_javascript(opened: World):
    world = opened
    item = world.items()[1]
    data = {}
    for criterion in world.criteria:
        data[f"value-{criterion.pk}"] = "3"
        data[f"rationale-{criterion.pk}"] = f"Om {criterion.name}."
    response = as_user(world.core_team).post(
        url("assessment-score-save", world.round.pk, item.pk), data
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert Score.objects.filter(item=item, value=3).count() == 3


def test_untouched_cells_are_not_saved(opened: World):
    world = opened
    item = world.items()[0]
    first = world.criteria[0]
    data = {f"rationale-{c.pk}": "" for c in world.criteria}
    data[f"value-{first.pk}"] = "5"
    as_user(world.core_team).post(url("assessment-score-save", world.round.pk, item.pk), data)
    assert list(Score.objects.values_list("criterion_id", "value")) == [(first.pk, 5)]


def test_sheet_shows_scale_descriptions_and_own_scores(opened: World):
    world = opened
    world.score_all(world.core_team, 2, rationale="Min egen motivering.")
    html = text_of(as_user(world.core_team).get(url("assessment-sheet", world.round.pk)))
    criterion = world.criteria[0]
    item = world.items()[0]
    key = f"{item.pk}-{criterion.pk}"
    assert f"<legend>{criterion.name}</legend>" in html
    assert criterion.level_1 in html and criterion.level_5 in html
    assert f'id="score-{key}-2" name="value-{criterion.pk}" value="2" checked' in html
    assert f'aria-describedby="level-{key}-1"' in html
    assert "Min egen motivering." in html
    assert (
        'hx-trigger="change from:find fieldset, input changed delay:800ms from:find textarea"'
        in html
    )


def test_submit_incomplete_shows_what_is_missing(opened: World):
    world = opened
    items = world.items()
    services.score_save(
        actor=world.core_team, round=world.round, item=items[0], criterion=world.criteria[0],
        value=4,
    )  # fmt: skip
    client = as_user(world.core_team)
    html = text_of(client.get(url("assessment-sheet", world.round.pk)))
    assert "8 poäng saknas innan du kan lämna in" in html
    assert "Lämna in min bedömning" not in html  # the button comes when complete

    response = client.post(url("assessment-submit", world.round.pk))
    assert response.status_code == 400
    html = text_of(response)
    assert "Bedömningen är inte inlämnad" in html
    assert "8 poäng saknas." in html
    assert f'href="#cell-{items[0].pk}-{world.criteria[1].pk}"' in html
    assert f"{items[2].idea.title}: {world.criteria[2].name}" in html
    assert (
        f'href="#cell-{items[0].pk}-{world.criteria[0].pk}"'
        not in html.split("Det här saknar")[1].split("</div>")[0]
    )
    assert RoundAssessor.objects.get(user=world.core_team).submitted_at is None


def test_submit_when_complete(opened: World):
    world = opened
    world.score_all(world.core_team, 4)
    client = as_user(world.core_team)
    html = text_of(client.get(url("assessment-sheet", world.round.pk)))
    assert "Lämna in min bedömning" in html
    response = client.post(url("assessment-submit", world.round.pk))
    assert response.status_code == 302
    assert response["Location"] == url("assessment-results", world.round.pk)
    assert RoundAssessor.objects.get(user=world.core_team).submitted_at is not None
    html = text_of(client.get(url("assessment-sheet", world.round.pk)))
    assert "Den kan inte längre ändras." in html
    assert 'name="value-' not in html  # read only now


def test_recusal_is_shown_and_the_item_skipped(world: World):
    own = IdeaFactory(
        author=world.core_team, focus_area=world.focus_area, title="Mitt eget förslag"
    )
    world.ideas.append(own)
    world.open()
    html = text_of(as_user(world.core_team).get(url("assessment-sheet", world.round.pk)))
    item = world.item_for(own)
    section = html.split(f'id="item-{item.pk}"')[1].split("</article>")[0]
    assert "Du är jävig och bedömer inte det här bidraget." in section
    assert "Bedömaren har skrivit bidraget" in section
    assert 'name="value-' not in section
    assert "av 9 poäng satta" in html  # three items, not four


def test_declaring_a_conflict(opened: World):
    world = opened
    item = world.items()[0]
    world.score_all(world.core_team, 3)
    client = as_user(world.core_team)
    conflict = url("assessment-conflict", world.round.pk, item.pk)

    response = client.post(conflict, {f"conflict-{item.pk}-reason": ""}, **HTMX)
    assert response.status_code == 400
    assert "Skriv varför du är jävig." in text_of(response)
    assert not Conflict.objects.exists()

    response = client.post(
        conflict, {f"conflict-{item.pk}-reason": "Min sambo driver projektet."}, **HTMX
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "<html" not in html
    assert "Du är jävig och bedömer inte det här bidraget." in html
    assert "Min sambo driver projektet." in html
    assert 'id="live-status" hx-swap-oob="innerHTML"' in html
    assert "6</strong> av 6 poäng satta" in html
    assert not Score.objects.filter(item=item, assessor__user=world.core_team).exists()


# --- Blind scoring in the HTML ---------------------------------------------------------------


def pages_of(world: World) -> list[str]:
    pk = world.round.pk
    item = world.items()[0]
    return [
        url("assessment-rounds"),
        url("assessment-round", pk),
        url("assessment-sheet", pk),
        url("assessment-results", pk),
        url("assessment-scores", pk),
        url("assessment-decisions", pk),
        url("assessment-item", pk, item.pk),
        url("assessment-export", pk, "csv"),
        url("home"),
        url("notifications"),
    ]


def visible_text(client: Client, paths: list[str]) -> str:
    return "".join(client.get(path).content.decode(errors="replace") for path in paths)


def test_an_assessor_sees_no_one_elses_scores_before_submitting(opened: World):
    world = opened
    first, waiting = world.assessors[0], world.assessors[1]
    world.score_all(first, 5, rationale=secret(0))
    world.submit(first)
    world.score_all(waiting, 1, rationale=secret(1))

    html = visible_text(as_user(waiting), pages_of(world))
    assert secret(1) in html  # their own sheet
    assert secret(0) not in html
    results = as_user(waiting).get(url("assessment-results", world.round.pk))
    assert results.status_code == 403

    # After handing in, the submitted assessment of the first becomes readable.
    world.submit(waiting)
    html = visible_text(as_user(waiting), pages_of(world))
    assert secret(0) in html


def test_outsiders_see_no_scores_until_the_round_closes(opened: World):
    world = opened
    for index, assessor in enumerate(world.assessors):
        world.score_all(assessor, index + 1, rationale=secret(index))
        world.submit(assessor)
    for user in (world.board_member, world.facilitator, world.other_core_team, world.participant,
                 world.author, None):  # fmt: skip
        html = visible_text(as_user(user), pages_of(world))
        for index in range(3):
            assert secret(index) not in html
        assert "Viktad total" not in html

    world.close()
    # Closed: aggregates for those who follow; rationales only for the round's people.
    html = text_of(as_user(world.board_member).get(url("assessment-results", world.round.pk)))
    assert "Viktad total" in html
    assert secret(0) not in html
    assert (
        as_user(world.board_member).get(url("assessment-scores", world.round.pk)).status_code == 403
    )
    html = text_of(as_user(world.facilitator).get(url("assessment-scores", world.round.pk)))
    assert secret(0) in html and secret(2) in html
    for user in (world.other_core_team, world.participant, world.author, None):
        html = visible_text(as_user(user), pages_of(world))
        for index in range(3):
            assert secret(index) not in html
        assert "Viktad total" not in html


# --- Results, charts and exports -----------------------------------------------------------


def test_results_page_shows_statistics_ranking_and_disagreement(closed: World):
    world = closed
    html = text_of(as_user(world.facilitator).get(url("assessment-results", world.round.pk)))
    # 4, 3 and 1 on every criterion: mean 2.67, median 3, min 1, max 4, three assessors.
    assert "2,67" in html
    assert 'class="num">1</td>' in html and 'class="num">4</td>' in html
    assert 'data-label="Antal" class="num">3</td>' in html
    assert (
        'class="flag flag--disagree"><span class="flag-icon" aria-hidden="true">⚠</span> Oenighet'
        in html
    )
    assert "Rangordning" in html
    assert url("assessment-export", world.round.pk, "csv") in html
    assert url("assessment-export", world.round.pk, "xlsx") in html


def test_matrix_svg_is_accessible_and_matches_its_table(world: World):
    world.open()
    for index, assessor in enumerate(world.assessors):
        world.score_all(assessor, lambda item, c, i=index: (item.order * 2 + c.order + i) % 5 + 1)
        world.submit(assessor)
    world.close()
    html = text_of(as_user(world.facilitator).get(url("assessment-results", world.round.pk)))
    svg = html.split('<svg class="matrix"')[1].split("</svg>")[0]
    assert 'role="img"' in svg and 'aria-labelledby="matrix-title matrix-desc"' in svg
    assert '<title id="matrix-title">' in svg and '<desc id="matrix-desc">' in svg
    assert "Invånarnytta →" in svg and "Innovationshöjd →" in svg
    bubbles = re.findall(r'<g class="bubble[^"]*">\s*<title>([^<]+)</title>', svg)
    assert len(bubbles) == 3
    table = html.split("Portföljmatrisen i siffror")[1].split("</table>")[0]
    seen = set()
    for item in world.items():
        title = item.idea.title
        rank = r'(?:<span class="rank">\d+\.</span> )?'
        row = re.search(rf'<th scope="row">{rank}{re.escape(title)}</th>(.*?)</tr>', table, re.S)
        assert row is not None, title
        numbers = re.findall(r'class="num">([^<]+)</td>', row.group(1))
        bubble = next(b for b in bubbles if b.startswith(title))
        assert re.findall(r"\d,\d\d", bubble) == numbers
        seen.add(tuple(numbers))
    assert len(seen) == 3  # three different points, each matched to its own row
    profile = html.split('<svg class="profile"')[1].split("</svg>")[0]
    assert 'role="img"' in profile and '<title id="profile-' in profile
    assert " style=" not in html


def dangerous_world(world: World) -> World:
    world.ideas[0].title = '=HYPERLINK("http://evil")'
    world.ideas[0].save()
    world.open()
    world.score_and_submit_all(3)
    world.close()
    return world


def test_csv_export(world: World):
    dangerous_world(world)
    response = as_user(world.facilitator).get(url("assessment-export", world.round.pk, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="bedomningsrunda-{world.round.pk}-resultat.csv"'
    )
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "'=HYPERLINK" in body
    assert '"=HYPERLINK' not in body.replace("'=HYPERLINK", "")


def test_xlsx_export(world: World):
    dangerous_world(world)
    response = as_user(world.facilitator).get(url("assessment-export", world.round.pk, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('-resultat.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    titles = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil")' in titles


def test_exports_follow_the_results_rule(opened: World):
    world = opened
    export = url("assessment-export", world.round.pk, "csv")
    assert as_user(world.facilitator).get(export).status_code == 403
    assert as_user(world.participant).get(export).status_code == 404
    assert (
        as_user(world.facilitator).get(url("assessment-export", world.round.pk, "pdf")).status_code
        == 404
    )


# Session, user and roles; the round; the results (criteria, items, submitted assessors,
# scores, recusals, counts); the viewer's seat for the links the page offers (four checks);
# unread notifications.
RESULTS_PAGE_QUERIES = 15


@pytest.mark.parametrize(("items", "assessors"), [(3, 3), (40, 9)])
def test_results_page_query_count_is_constant(
    items, assessors, facilitator, django_assert_num_queries
):
    round = build_scored_round(items=items, assessors=assessors)
    client = as_user(facilitator)
    with django_assert_num_queries(RESULTS_PAGE_QUERIES):
        response = client.get(url("assessment-results", round.pk))
    assert response.status_code == 200
    assert response.content.decode().count('class="result-item"') == items


# --- Votes and decisions -----------------------------------------------------------------------


def test_votes_and_decision_through_the_pages(closed: World):
    world = closed
    item = world.items()[0]
    page = url("assessment-item", world.round.pk, item.pk)
    first, second = world.assessors[0], world.assessors[1]

    html = text_of(as_user(first).get(page))
    assert f"Rösta för {world.parties[0].name}" in html
    response = as_user(first).post(
        url("assessment-vote", world.round.pk, item.pk),
        {"vote-choice": "promote", "vote-comment": "Tydlig nytta."},
    )
    assert response.status_code == 302
    assert Vote.objects.get().choice == VoteChoice.PROMOTE

    # The same party cannot vote twice: refused in place, nothing changed.
    response = as_user(first).post(
        url("assessment-vote", world.round.pk, item.pk), {"vote-choice": "decline"}
    )
    assert response.status_code == 409
    assert "Din part har redan röstat om bidraget." in text_of(response)
    assert Vote.objects.count() == 1

    # Deciding before the rule is met is refused where the facilitator acted.
    decide = url("assessment-decide", world.round.pk, item.pk)
    response = as_user(world.facilitator).post(decide, {"decision-rationale": "För tidigt."})
    assert response.status_code == 409
    html = text_of(response)
    assert "Beslutsregeln kräver fler röster" in html
    assert "1 av 3 parter har röstat; minst 1 röst till behövs." in html
    assert_good_page(response)
    assert not Decision.objects.exists()

    as_user(second).post(
        url("assessment-vote", world.round.pk, item.pk), {"vote-choice": "promote"}
    )
    response = as_user(world.facilitator).post(decide, {"decision-rationale": ""})
    assert response.status_code == 400
    assert "Skriv en motivering till författaren." in text_of(response)

    response = as_user(world.facilitator).post(
        decide, {"decision-rationale": "Stark invånarnytta och tre parter vill vara med."}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.outcome == VoteChoice.PROMOTE
    item.idea.refresh_from_db()
    assert item.idea.status == IdeaStatus.PROMOTED
    assert Notification.objects.filter(recipient=world.author).exists()

    # The author reads the outcome and the reasons.
    author = as_user(world.author)
    html = text_of(author.get(item.idea.get_absolute_url()))
    assert url("idea-decision", item.idea.pk) in html
    response = author.get(url("idea-decision", item.idea.pk))
    html = assert_good_page(response)
    assert "Lyft till portföljen" in unescape(html)
    assert "Stark invånarnytta och tre parter vill vara med." in unescape(html)
    # Others are sent to the submission's page (its public history), the decision page is
    # only for the author and those who follow the round.
    response = as_user(world.participant).get(url("idea-decision", item.idea.pk))
    assert response.status_code == 302
    assert response["Location"] == item.idea.get_absolute_url()
    assert url("idea-decision", item.idea.pk) not in text_of(
        as_user(world.participant).get(item.idea.get_absolute_url())
    )


def test_a_promoted_item_becomes_an_initiative(closed: World):
    world = closed
    item = world.items()[0]
    for assessor in world.assessors[:2]:
        services.vote_cast(actor=assessor, item=item, choice=VoteChoice.PROMOTE)
    services.decision_record(actor=world.facilitator, item=item, rationale="Lyfts.")
    client = as_user(world.facilitator)
    html = text_of(client.get(url("assessment-item", world.round.pk, item.pk)))
    assert "Lägg till i portföljen" in html
    owner = world.assessors[0]
    response = client.post(
        url("assessment-initiative-create", world.round.pk, item.pk),
        {
            "initiative-owner": owner.pk,
            "initiative-initiative_type": "innovation",
            "initiative-seed_funding_requested": "150000",
        },
    )
    assert response.status_code == 302
    initiative = item.idea.portfolio_initiative
    assert response["Location"] == url("initiative-detail", initiative.pk)
    assert initiative.owner == owner
    assert initiative.seed_funding_requested == 150000


def test_adding_a_submission_to_the_portfolio_twice_is_refused_in_place(closed: World):
    world = closed
    item = world.items()[0]
    for assessor in world.assessors[:2]:
        services.vote_cast(actor=assessor, item=item, choice=VoteChoice.PROMOTE)
    services.decision_record(actor=world.facilitator, item=item, rationale="Lyfts.")
    client = as_user(world.facilitator)
    create = url("assessment-initiative-create", world.round.pk, item.pk)
    data = {"initiative-owner": world.assessors[0].pk, "initiative-initiative_type": "research"}
    assert client.post(create, data).status_code == 302
    response = client.post(create, data)
    assert response.status_code == 409
    html = assert_good_page(response)
    assert "Det gick inte" in html
    assert "Bidraget finns redan som initiativ i portföljen." in unescape(html)
    assert PortfolioInitiative.objects.count() == 1
    # What the viewer may not see is still the error page, not the item's.
    stranger = as_user(world.participant).post(create, data)
    assert stranger.status_code == 404


def test_a_refused_autosave_answers_with_the_error_message(world: World):
    world.open()
    world.score_all(world.core_team, 3)
    world.submit(world.core_team)
    item, criterion = world.items()[0], world.criteria[0]
    save = url("assessment-score-save", world.round.pk, item.pk)
    response = as_user(world.core_team).post(save, {f"value-{criterion.pk}": "5"}, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="error-message"' in html
    assert "Du har redan lämnat in din bedömning; den kan inte ändras." in unescape(html)
    assert (
        Score.objects.get(item=item, criterion=criterion, assessor__user=world.core_team).value == 3
    )


def test_the_decision_page_of_an_undecided_submission(world: World):
    world.open()
    idea = world.ideas[0]
    # Its author is sent to the submission, which tells where it stands.
    response = as_user(world.author).get(url("idea-decision", idea.pk))
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    # A submission the viewer may not see stays unknown.
    draft = IdeaFactory(status=IdeaStatus.DRAFT)
    assert as_user(world.participant).get(url("idea-decision", draft.pk)).status_code == 404


def test_an_item_page_action_puts_bad_input_on_its_form_and_says_refusals_in_place():
    def sent() -> DecisionForm:
        form = DecisionForm({"decision-rationale": "Ja."}, prefix="decision")
        assert form.is_valid()
        return form

    form = sent()
    with refused_in_place(form) as outcome:
        raise ValidationError({"rationale": ["För kort."]})
    assert (outcome.status, outcome.refusal, form.errors["rationale"]) == (400, "", ["För kort."])

    form = sent()
    with refused_in_place(form) as outcome:
        raise AssessmentError(
            Reason.VOTES_MISSING, votes_cast=1, eligible_parties=3, votes_needed=1
        )
    assert outcome.status == 409
    assert outcome.refusal == (
        "Beslutsregeln kräver fler röster innan beslutet kan fattas. "
        "1 av 3 parter har röstat; minst 1 röst till behövs."
    )
    assert not form.errors  # a refusal is about the item, not about what was typed

    form = sent()
    with refused_in_place(form) as outcome:
        raise ServiceError(ErrorCode.RATE_LIMITED)
    assert (outcome.status, outcome.ok) == (429, False)

    with pytest.raises(ServiceError), refused_in_place(sent()):
        raise ServiceError(ErrorCode.NOT_FOUND)  # the error page: nothing to show in place

    with refused_in_place(sent()) as outcome:
        pass
    assert (outcome.status, outcome.ok) == (200, True)


def test_non_assessors_cannot_vote(closed: World):
    world = closed
    item = world.items()[0]
    response = as_user(world.board_member).post(
        url("assessment-vote", world.round.pk, item.pk), {"vote-choice": "promote"}
    )
    assert response.status_code == 403
    response = as_user(world.participant).post(
        url("assessment-vote", world.round.pk, item.pk), {"vote-choice": "promote"}
    )
    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_stranger_cannot_reach_a_round_by_guessing(world: World):
    user = UserFactory()
    world.open()
    for path in pages_of(world)[1:8]:
        assert as_user(user).get(path).status_code == 404, path


# --- In a real browser: htmx under the strict CSP ---------------------------------------------


def sign_in(page, user) -> None:
    from tests.factories import PASSWORD

    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_autosave_and_recusal_in_the_browser(page, world: World):
    from playwright.sync_api import expect

    world.open()
    item, criterion = cell_key(world)
    key = f"{item.pk}-{criterion.pk}"
    sign_in(page, world.core_team)
    page.goto(url("assessment-sheet", world.round.pk))
    marker = page.evaluate("() => (window.__marker = Math.random())")

    page.locator(f'label[for="score-{key}-4"]').click()
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"Sparat \d\d:\d\d"))
    expect(page.locator("#sheet-progress")).to_contain_text("1 av 9 poäng satta")
    assert Score.objects.get(assessor__user=world.core_team).value == 4

    # Typing saves after a pause, without leaving the field.
    with page.expect_response(lambda r: r.request.method == "POST", timeout=4000) as saved:
        page.locator(f"#rationale-{key}").press_sequentially("Tydlig nytta för eleverna.")
    assert saved.value.status == 200
    score = Score.objects.get(assessor__user=world.core_team)
    assert (score.value, score.rationale) == (4, "Tydlig nytta för eleverna.")

    last = world.items()[2]
    article = page.locator(f"#item-{last.pk}")
    article.get_by_text("Jag är jävig").click()
    article.get_by_label("Varför är du jävig?").fill("Jag sitter i projektets styrgrupp.")
    article.get_by_role("button", name="Anmäl jäv").click()
    expect(page.locator(f"#item-{last.pk}")).to_contain_text(
        "Du är jävig och bedömer inte det här bidraget."
    )
    expect(page.locator("#sheet-progress")).to_contain_text("av 6 poäng satta")
    assert Conflict.objects.filter(item=last, assessor__user=world.core_team).exists()
    assert page.evaluate("() => window.__marker") == marker  # no reload along the way


@pytest.mark.django_db
def test_core_team_members_find_assessment_in_the_menu(client, core_team_member, participant):
    client.force_login(core_team_member)
    assert "Bedömning</a>" in client.get("/").content.decode()
    client.force_login(participant)
    assert "Bedömning</a>" not in client.get("/").content.decode()
