"""Signed in as each demo role (README, "Demo accounts"), every page in that role's menu shows
real content: lists have rows, the assessment pages show rounds, scores and decisions, the
portfolio shows initiatives with traffic lights, the governing board's report has reports.

The menu is read from the rendered page (frontend/templates/base.html), not written down here,
so a page added to a role's menu is checked too. The demo is built once for the module
(tests/demo/conftest.py).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve, reverse

from assessment.models import AssessmentRound, Decision, Score
from boards.models import Board
from demo import builder
from demo.reading import load
from events.models import Event
from hub.models import Notification, User
from ideas.models import Idea
from portfolio.models import PortfolioInitiative, StatusReport

ACCOUNTS = {account.key: account for account in load().accounts}
# Who follows assessment and the portfolio's status: the "Bedömning" menu, the governing
# board's report, and every initiative's status reports.
FOLLOWERS = {"admin", "processtod", "coreteam-barn", "coreteam-aldre", "styrelse"}
# The rounds (assessment.toml keys) each follower sees: drafts only those who run rounds.
ROUNDS = {
    "admin": {r.key for r in load().rounds},
    "processtod": {r.key for r in load().rounds},
    "styrelse": {r.key for r in load().rounds if r.state != "draft"},
    "coreteam-barn": {r.key for r in load().rounds if r.state != "draft" and r.area == "barn"},
    "coreteam-aldre": {r.key for r in load().rounds if r.state != "draft" and r.area == "aldre"},
}
EVERYONE = {
    "home",
    "idea-list",
    "idea-create",
    "event-list",
    "board-list",
    "portfolio",
    "challenge-list",
}
SIGNED_IN = {"my-ideas", "notifications", "profile"}
LIGHTS = ("green", "yellow", "orange", "red")


class Links(HTMLParser):
    """The links of a page: all of them, and those in the main menu and the header."""

    def __init__(self) -> None:
        super().__init__()
        self.all: list[str] = []
        self.menu: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in ("nav", "header"):
            self._in.append("menu" if "site-nav" in classes or tag == "header" else tag)
        if tag == "a" and attributes.get("href"):
            href = str(attributes["href"])
            self.all.append(href)
            if "menu" in self._in:
                self.menu.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "header") and self._in:
            self._in.pop()


def links(response: HttpResponse) -> Links:
    parser = Links()
    parser.feed(response.content.decode())
    return parser


def sign_in(key: str) -> tuple[Client, User]:
    client = Client()
    assert client.login(email=ACCOUNTS[key].email, password=builder.DEMO_PASSWORD)
    return client, User.objects.get(email=ACCOUNTS[key].email)


def get(client: Client, path: str) -> HttpResponse:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def shows(response: HttpResponse, *texts: str) -> None:
    page = response.content.decode()
    for text in texts:
        assert html.escape(text) in page or text in page, (response.wsgi_request.path, text)


def pages(response: HttpResponse, pattern: str) -> list[str]:
    """The distinct links on a page whose path matches `pattern`, in order."""
    return list(dict.fromkeys(h for h in links(response).all if re.fullmatch(pattern, h)))


def menu_names(response: HttpResponse) -> dict[str, str]:
    """The page's menu (and header) links that lead to a page of ours: url name -> path."""
    names = {}
    for href in links(response).menu:
        if href.startswith("/") and not href.startswith("/static/"):
            names[resolve(href).url_name] = href
    return names


# --- What each menu page must show ----------------------------------------------------------


def check_home(response: HttpResponse, user: User) -> None:
    assert len(pages(response, r"/bidrag/\d+/")) >= 6
    shows(response, "Alla barn och unga lyckas", "Välmående och självständiga äldre")


def check_idea_list(response: HttpResponse, user: User) -> None:
    assert len(pages(response, r"/bidrag/\d+/")) >= 20  # a full first page of rows


def check_idea_create(response: HttpResponse, user: User) -> None:
    # The form offers the demo's focus areas and organisations to choose from.
    shows(response, *(area.name for area in load().focus_areas))
    shows(response, *(org.name for org in load().organisations))


def check_event_list(response: HttpResponse, user: User) -> None:
    shows(response, *Event.objects.values_list("title", flat=True))


def check_board_list(response: HttpResponse, user: User) -> None:
    shows(response, *Board.objects.values_list("title", flat=True))
    assert len(pages(response, r"/tavlor/\d+/")) == Board.objects.count()


def check_portfolio(response: HttpResponse, user: User) -> None:
    shows(response, *PortfolioInitiative.objects.values_list("title", flat=True))
    assert len(pages(response, r"/portfolj/initiativ/\d+/")) == PortfolioInitiative.objects.count()
    page = response.content.decode()
    follows = reverse("frontend:governing-board-report") in page
    assert follows == (user.email.split("@")[0] in FOLLOWERS)
    for light in LIGHTS:  # the latest light of every initiative, all four colours in use
        assert (f"light--{light}" in page) == follows, light


def check_my_ideas(response: HttpResponse, user: User) -> None:
    mine = Idea.objects.filter(author=user)
    assert mine.exists(), f"{user.email} has written nothing"
    shows(response, *mine.values_list("title", flat=True))


def check_notifications(response: HttpResponse, user: User) -> None:
    latest = list(Notification.objects.filter(recipient=user).order_by("-created_at")[:5])
    assert latest, f"{user.email} has no notifications"
    for notification in latest:
        about = notification.data.get("title") or notification.data.get("round")
        shows(response, str(about))


def check_profile(response: HttpResponse, user: User) -> None:
    shows(response, user.display_name, user.bio)


def check_rounds(response: HttpResponse, user: User) -> None:
    key = user.email.split("@")[0]
    titles = {r.title for r in load().rounds if r.key in ROUNDS[key]}
    shows(response, *titles)
    assert len(pages(response, r"/bedomning/\d+/")) == len(titles)


def check_challenge_list(response: HttpResponse, user: User) -> None:
    from challenges.models import Challenge, ChallengeStatus

    open_titles = Challenge.objects.filter(status=ChallengeStatus.OPEN).values_list(
        "title", flat=True
    )
    shows(response, *list(open_titles)[:5])


CHECKS = {
    "home": check_home,
    "challenge-list": check_challenge_list,
    "idea-list": check_idea_list,
    "idea-create": check_idea_create,
    "event-list": check_event_list,
    "board-list": check_board_list,
    "portfolio": check_portfolio,
    "my-ideas": check_my_ideas,
    "notifications": check_notifications,
    "profile": check_profile,
    "assessment-rounds": check_rounds,
}


@pytest.mark.parametrize("key", sorted(ACCOUNTS))
def test_every_page_in_the_menu_shows_real_content(demo, key):
    client, user = sign_in(key)
    menu = menu_names(get(client, "/"))
    expected = EVERYONE | SIGNED_IN | ({"assessment-rounds"} if key in FOLLOWERS else set())
    assert set(menu) == expected
    for name, path in menu.items():
        CHECKS[name](get(client, path), user)


# --- Assessment: rounds, scores, votes and decisions ----------------------------------------


@pytest.mark.parametrize("key", sorted(FOLLOWERS))
def test_the_assessment_pages_show_rounds_scores_and_decisions(demo, key):
    client, user = sign_in(key)
    listing = get(client, reverse("frontend:assessment-rounds"))
    seen: set[str] = set()
    for path in pages(listing, r"/bedomning/\d+/"):
        round = AssessmentRound.objects.get(pk=resolve(path).kwargs["pk"])
        seen.add(round.status)
        overview = get(client, path)
        shows(overview, round.title, *round.items.values_list("idea__title", flat=True))
        subpages = {
            resolve(p).url_name: p for p in pages(overview, rf"/bedomning/{round.pk}/[^/]+/")
        }
        if round.status == "closed":
            assert {"assessment-results", "assessment-decisions"} <= set(subpages)
            _results(get(client, subpages["assessment-results"]), round)
            _decisions(client, get(client, subpages["assessment-decisions"]), round)
        if "assessment-scores" in subpages:
            _scores(get(client, subpages["assessment-scores"]), round)
        if "assessment-sheet" in subpages:
            _sheet(get(client, subpages["assessment-sheet"]), round, user)
    # Every state the role may see: drafts for those who run rounds, open and closed ones.
    assert seen == {r.state for r in load().rounds if r.key in ROUNDS[key]}


def _results(response: HttpResponse, round: AssessmentRound) -> None:
    shows(response, *round.items.values_list("idea__title", flat=True))
    # A weighted total per item, e.g. "4,33" (Swedish decimals), in the ranking and again in
    # each item's profile.
    totals = re.findall(r"<strong>([1-5][,.]\d\d)</strong>", response.content.decode())
    assert len(totals) >= round.items.count()


def _scores(response: HttpResponse, round: AssessmentRound) -> None:
    counted = Score.objects.filter(item__round=round, assessor__submitted_at__isnull=False)
    assert counted.exists()
    shows(response, *counted.values_list("rationale", flat=True))


def _decisions(client: Client, response: HttpResponse, round: AssessmentRound) -> None:
    decisions = Decision.objects.filter(item__round=round)
    items = pages(response, rf"/bedomning/{round.pk}/beslut/\d+/")
    assert len(items) == round.items.count()
    for path in items:
        decision = decisions.filter(item_id=resolve(path).kwargs["item_pk"]).first()
        if decision is not None:
            shows(get(client, path), decision.rationale)


def _sheet(response: HttpResponse, round: AssessmentRound, user: User) -> None:
    own = Score.objects.filter(item__round=round, assessor__user=user).exclude(rationale="")
    assert own.exists()
    shows(response, *own.values_list("rationale", flat=True))


# --- The portfolio: initiatives, status reports, the governing board's report ---------------


@pytest.mark.parametrize("key", sorted(ACCOUNTS))
def test_the_portfolio_shows_initiatives_and_their_status_reports(demo, key):
    client, user = sign_in(key)
    overview = get(client, reverse("frontend:portfolio"))
    for path in pages(overview, r"/portfolj/initiativ/\d+/"):
        initiative = PortfolioInitiative.objects.get(pk=resolve(path).kwargs["pk"])
        page = get(client, path)
        shows(page, initiative.title, initiative.get_stage_display())
        reports = initiative.status_reports.all()
        assert reports.count() >= 3
        leads = user.pk in (initiative.owner_id, initiative.process_lead_id)
        if key in FOLLOWERS or leads:
            shows(page, *reports.values_list("note", flat=True))
        else:
            assert reports[0].note not in page.content.decode()
    if key in FOLLOWERS:
        report = get(client, reverse("frontend:governing-board-report"))
        for initiative in PortfolioInitiative.objects.all():
            latest = initiative.status_reports.order_by("-reported_on", "-pk").first()
            assert latest is not None
            shows(report, initiative.title, latest.note)
        for light in LIGHTS:
            assert f"light--{light}" in report.content.decode(), light
    else:
        response = client.get(reverse("frontend:governing-board-report"))
        assert response.status_code == 403


def test_an_initiative_owner_sees_the_reports_of_their_own_initiatives(demo):
    client, user = sign_in("initiativagare")
    own = PortfolioInitiative.objects.filter(owner=user)
    assert own.count() == 2
    for initiative in own:
        page = get(client, reverse("frontend:initiative-detail", args=[initiative.pk]))
        shows(
            page, *StatusReport.objects.filter(initiative=initiative).values_list("note", flat=True)
        )
