"""The portfolio pages: the overview per focus area and across both, an initiative with its
status reports, and the governing board's printable report."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.models import Role
from portfolio.models import LifecycleStage, StatusReport, TrafficLight
from tests.factories import (
    CoreTeamMembershipFactory,
    PartyFactory,
    SocietalGoalFactory,
    UserFactory,
)
from tests.frontend.html_checks import assert_good_page
from tests.portfolio.factories import InitiativeFactory, PortfolioFactory, StatusReportFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"frontend:{name}", args=args)


def as_user(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def owner(party):
    return UserFactory(display_name="Olle Ägare", organisation=party)


@pytest.fixture
def lead(db):
    return UserFactory(display_name="Lena Processledare")


@pytest.fixture
def initiatives(focus_area, other_focus_area, goal, owner, lead):
    """Two initiatives in one portfolio (one with a goal, one without), one in the other."""
    portfolio = PortfolioFactory(focus_area=focus_area)
    first = InitiativeFactory(
        portfolio=portfolio,
        title="Läxhjälp på biblioteket",
        owner=owner,
        process_lead=lead,
        goals=[goal],
        seed_funding_requested=150000,
        seed_funding_granted=100000,
        stage=LifecycleStage.IMPLEMENT,
    )
    StatusReportFactory(
        initiative=first,
        light=TrafficLight.GREEN,
        note="Uppstart enligt plan.",
        reported_on=timezone.localdate() - datetime.timedelta(days=30),
        author=owner,
    )
    StatusReportFactory(
        initiative=first,
        light=TrafficLight.YELLOW,
        note="Färre volontärer än väntat.",
        reported_on=timezone.localdate() - datetime.timedelta(days=2),
        author=owner,
    )
    second = InitiativeFactory(portfolio=portfolio, title="Sommarjobb i parkerna", owner=owner)
    elderly_goal = SocietalGoalFactory(focus_area=other_focus_area, title="Fler äldre rör på sig")
    third = InitiativeFactory(
        portfolio=PortfolioFactory(focus_area=other_focus_area),
        title="Promenadgrupper",
        owner=owner,
        goals=[elderly_goal],
    )
    StatusReportFactory(initiative=third, light=TrafficLight.RED, note="Saknar lokal.")
    return first, second, third


@pytest.fixture(params=["sv", "en"])
def language(request) -> str:
    return request.param


def check(client: Client, path: str, language: str) -> str:
    client.post(reverse("set_language"), {"language": language})
    response = client.get(path)
    assert response.status_code == 200, path
    html = assert_good_page(response)
    assert f'<html lang="{language}">' in html
    return html


def test_every_portfolio_page_passes_the_checks(
    initiatives, owner, board_member, focus_area, language
):
    first = initiatives[0]
    for user in (None, owner, board_member):
        client = as_user(user)
        check(client, url("portfolio"), language)
        check(client, url("portfolio-area", focus_area.slug), language)
        check(client, url("initiative-detail", first.pk), language)
    check(as_user(board_member), url("governing-board-report"), language)


# --- Overview ---------------------------------------------------------------------------------


def test_overview_groups_by_goal_and_is_public_without_status(initiatives, goal):
    html = Client().get(url("portfolio")).content.decode()
    assert "Alla barn och unga lyckas" in html and "Välmående och självständiga äldre" in html
    assert goal.title in html
    assert "Inte kopplade till något samhällsmål ännu" in html  # the second initiative
    assert "Läxhjälp på biblioteket" in html and "Promenadgrupper" in html
    assert "Genomföra" in html
    assert "Olle Ägare" in html
    assert re.search(r"100\s000 beviljat", html)  # seed funding, digits grouped
    # Status reports are for those who steer and follow.
    assert "Senaste läge" not in html
    assert "Färre volontärer" not in html


def test_overview_shows_the_latest_traffic_light_as_colour_and_text(initiatives, board_member):
    html = as_user(board_member).get(url("portfolio")).content.decode()
    row = html.split("Läxhjälp på biblioteket")[1].split("</tr>")[0]
    assert (
        'class="light light--yellow"><span class="light-dot" aria-hidden="true"></span>Gul' in row
    )
    assert "Grön" not in row  # the older report
    assert url("governing-board-report") in html


def test_one_focus_area(initiatives, focus_area):
    html = Client().get(url("portfolio-area", focus_area.slug)).content.decode()
    assert "Läxhjälp på biblioteket" in html
    assert "Promenadgrupper" not in html
    assert 'aria-current="page">Alla barn och unga lyckas' in html
    assert Client().get(url("portfolio-area", "finns-inte")).status_code == 404


# --- An initiative and its status reports ------------------------------------------------------


def test_initiative_page_shows_reports_to_those_who_follow(initiatives, participant, owner):
    first = initiatives[0]
    html = Client().get(url("initiative-detail", first.pk)).content.decode()
    assert "Läxhjälp på biblioteket" in html
    assert 'aria-current="step"' in html
    assert "Färre volontärer" not in html
    assert "Rapportera läget" not in html
    html = as_user(participant).get(url("initiative-detail", first.pk)).content.decode()
    assert "Färre volontärer" not in html

    html = as_user(owner).get(url("initiative-detail", first.pk)).content.decode()
    newest, oldest = html.index("Färre volontärer"), html.index("Uppstart enligt plan.")
    assert newest < oldest  # newest first
    assert "Rapportera läget" in html
    assert "Flytta fas" in html
    assert Client().get(url("initiative-detail", 999999)).status_code == 404


def test_owner_reports_status(initiatives, owner):
    first = initiatives[0]
    client = as_user(owner)
    response = client.post(
        url("initiative-report", first.pk),
        {
            "report-light": "orange",
            "report-note": "Lokalen är uppsagd.",
            "report-reported_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    report = StatusReport.objects.filter(initiative=first).order_by("-pk").first()
    assert (report.light, report.note, report.author) == ("orange", "Lokalen är uppsagd.", owner)
    html = client.get(url("initiative-detail", first.pk)).content.decode()
    assert "Lokalen är uppsagd." in html


def test_status_report_errors_are_shown_on_the_form(initiatives, owner):
    first = initiatives[0]
    before = StatusReport.objects.count()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = as_user(owner).post(
        url("initiative-report", first.pk),
        {"report-light": "", "report-note": "", "report-reported_on": tomorrow},
    )
    assert response.status_code == 400
    html = assert_good_page(response)
    assert "Välj grön, gul, orange eller röd." in html
    assert "Skriv en kort kommentar till läget." in html
    assert 'href="#id_report-light"' in html
    assert StatusReport.objects.count() == before

    response = as_user(owner).post(
        url("initiative-report", first.pk),
        {"report-light": "green", "report-note": "Bra.", "report-reported_on": tomorrow},
    )
    assert response.status_code == 400
    assert "Datumet kan inte ligga i framtiden." in response.content.decode()


def test_others_cannot_report_status(initiatives, participant, board_member):
    first = initiatives[0]
    data = {"report-light": "red", "report-note": "Nej.", "report-reported_on": ""}
    assert as_user(participant).post(url("initiative-report", first.pk), data).status_code == 403
    assert as_user(board_member).post(url("initiative-report", first.pk), data).status_code == 403
    anonymous = Client().post(url("initiative-report", first.pk), data)
    assert anonymous.status_code == 302
    assert StatusReport.objects.filter(note="Nej.").count() == 0


def test_facilitator_reports_for_any_initiative(initiatives, facilitator):
    third = initiatives[2]
    response = as_user(facilitator).post(
        url("initiative-report", third.pk),
        {
            "report-light": "yellow",
            "report-note": "Ny lokal på gång.",
            "report-reported_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert StatusReport.objects.filter(initiative=third, note="Ny lokal på gång.").exists()


def test_lead_moves_the_stage(initiatives, lead, participant):
    first = initiatives[0]
    response = as_user(lead).post(
        url("initiative-stage", first.pk),
        {"stage-stage": "evaluate", "stage-leveraged_funding": "500000"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.stage, first.leveraged_funding) == ("evaluate", 500000)
    response = as_user(participant).post(
        url("initiative-stage", first.pk), {"stage-stage": "closed"}
    )
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.stage == "evaluate"


def test_a_refused_stage_change_is_the_error_page(initiatives, owner):
    """Only a facilitator or an administrator reopens a closed initiative: the owner's
    attempt is refused by the service and answered with the error page (as a fragment for
    htmx)."""
    first = initiatives[0]
    client = as_user(owner)
    close = client.post(url("initiative-stage", first.pk), {"stage-stage": "closed"})
    assert close.status_code == 302
    response = client.post(url("initiative-stage", first.pk), {"stage-stage": "plan"})
    assert response.status_code == 403
    assert "Du har inte behörighet att göra detta." in response.content.decode()
    fragment = client.post(
        url("initiative-stage", first.pk), {"stage-stage": "plan"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 403
    assert 'id="error-message"' in fragment.content.decode()
    first.refresh_from_db()
    assert first.stage == "closed"


# --- The governing board's report -------------------------------------------------------------


def test_board_report_for_those_who_steer(initiatives, board_member, participant, focus_area):
    member = UserFactory()
    CoreTeamMembershipFactory(user=member, focus_area=focus_area, party=PartyFactory())
    facilitator = UserFactory(roles=[Role.FACILITATOR])
    for user in (board_member, member, facilitator):
        response = as_user(user).get(url("governing-board-report"))
        assert response.status_code == 200
    html = response.content.decode()
    assert "css/assessment.css" in html  # with its print styles
    assert "Färre volontärer än väntat." in html
    assert "Saknar lokal." in html
    assert "Uppstart enligt plan." not in html  # only the latest
    assert 'class="light light--red"' in html and "Röd" in html
    assert "Ingen rapport ännu" in html  # the second initiative
    assert as_user(participant).get(url("governing-board-report")).status_code == 403
    anonymous = Client().get(url("governing-board-report"))
    assert anonymous.status_code == 302


def test_print_stylesheet_hides_navigation_and_forms():
    from django.contrib.staticfiles import finders

    with open(finders.find("css/assessment.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_rules = css.split("@media print")[1]
    assert ".site-nav" in print_rules and "display: none" in print_rules


def test_portfolio_pages_query_count_is_constant(
    django_assert_max_num_queries, focus_area, goal, owner
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    portfolio = PortfolioFactory(focus_area=focus_area)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url("portfolio")).status_code == 200
        return len(captured.captured_queries)

    for _ in range(3):
        StatusReportFactory(initiative=InitiativeFactory(portfolio=portfolio, goals=[goal]))
    few = count()
    for _ in range(20):
        StatusReportFactory(initiative=InitiativeFactory(portfolio=portfolio, goals=[goal]))
    assert count() == few
