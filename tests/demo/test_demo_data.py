"""`manage.py demo_data`: what it creates, the accounts for every role, and idempotence."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from assessment.models import AssessmentRound, Decision, Score, Vote
from boards.models import Board
from demo import builder as demo
from demo.reading import content_files, load
from demo.specs import demo_email
from events.models import Event, EventKind, ForumSeries
from hub.models import CoreTeamMembership, FocusArea, Organisation, Role, SocietalGoal, User
from ideas.models import Comment, Idea, IdeaKind, IdeaStatus, Support, Tag
from portfolio.models import PortfolioInitiative, StatusReport
from realtime.models import Stream

# Real people named in the source documents (shared/seeds). Demo data must never use them.
REAL_NAMES = [
    "Tommy Malm", "Sara Molander", "Jessica Hänninen", "Martin Hellström", "Staffan Jansson",
    "Helene Öhrling", "Jimmy Jansson", "Christina Johannesson", "Emma Mossberg",
    "Karin Axelsson", "Anders Wikström", "Linnea Rönnquist", "Linnéa Rönquist",
    "Eric Svanelöv", "Camilla Eriksson", "Johannes Rytzler", "Maria Reisten Lindkvist",
    "Robert Holm", "Christina Becker", "Johanna Derehall", "Jonas Lostelius",
    "Fridha Söderqvist", "Johannes Finnman", "Jonas Stier", "Helena Blomberg",
    "Marie Morndal", "Åsa Lundqvist", "Ingrid Sköldmo", "Fredrik Karlsson", "David Carlsson",
    "Christine Wäneskog", "Anne Almqvist", "Johan Lindström", "Patrik Nilsson",
    "Petra Heideken Wågert", "Osman Aytar", "Susanna Hodin", "Cecilia Melder",
    "Lena Bergquist", "Anna Letterstål", "Christin Tjärnheden", "Emma Leijnse",
]  # fmt: skip
REAL_SURNAMES = {name.split()[-1].casefold() for name in REAL_NAMES}

ALL_KINDS = set(IdeaKind.values)
ALL_STATUSES = set(IdeaStatus.values)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def output(db) -> str:
    return run()


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "focus_areas": FocusArea.objects.count(),
        "goals": SocietalGoal.objects.count(),
        "ideas": Idea.objects.count(),
        "comments": Comment.objects.count(),
        "supports": Support.objects.count(),
        "tags": Tag.objects.count(),
        "events": Event.objects.count(),
        "forum_series": ForumSeries.objects.count(),
        "boards": Board.objects.count(),
        "rounds": AssessmentRound.objects.count(),
        "scores": Score.objects.count(),
        "votes": Vote.objects.count(),
        "decisions": Decision.objects.count(),
        "initiatives": PortfolioInitiative.objects.count(),
        "status_reports": StatusReport.objects.count(),
        "streams": Stream.objects.count(),
    }


class TestContent:
    def test_the_three_parties_and_other_actors(self, output):
        parties = set(Organisation.objects.filter(is_party=True).values_list("name", flat=True))
        assert parties == {"Västerås stad", "Eskilstuna kommun", "Mälardalens universitet"}
        kinds = set(Organisation.objects.filter(is_party=False).values_list("kind", flat=True))
        assert {"region", "business", "civil_society"} <= kinds

    def test_both_focus_areas_with_north_star_and_societal_goals(self, output):
        areas = {area.name: area for area in FocusArea.objects.all()}
        assert set(areas) == {"Alla barn och unga lyckas", "Välmående och självständiga äldre"}
        for area in areas.values():
            assert area.north_star.startswith("Samhällskontraktet ska bidra till")
            assert area.goals.count() >= 3

    def test_at_least_thirty_submissions_of_every_kind_and_status(self, output):
        ideas = Idea.objects.all()
        assert ideas.count() >= 30
        assert set(ideas.values_list("kind", flat=True)) == ALL_KINDS
        assert set(ideas.values_list("status", flat=True)) == ALL_STATUSES

    def test_real_initiatives_from_the_seeds(self, output):
        titles = " ".join(Idea.objects.values_list("title", flat=True))
        for name in [
            "Hälsofrämjande team",
            "Måltider och möten",
            "Drömfabriken",
            "Physical Literacy",
            "Spiral of Inquiry",
            "UVAS",
        ]:
            assert name in titles

    def test_submissions_are_complete_and_rendered(self, output):
        submitted = Idea.objects.exclude(status=IdeaStatus.DRAFT)
        for idea in submitted:
            assert idea.summary and idea.focus_area_id and idea.description_html
            assert idea.submitted_at is not None
        assert Idea.objects.filter(goals__isnull=False).distinct().count() >= 25
        assert Idea.objects.filter(tags__isnull=False).distinct().count() >= 30
        assert Idea.objects.filter(organisations__isnull=False).distinct().count() >= 20
        assert "<h3>" in Idea.objects.get(title__startswith="Drömfabriken").description_html

    def test_comments_with_replies_and_supports(self, output):
        assert Comment.objects.filter(parent__isnull=True).count() >= 20
        assert Comment.objects.filter(parent__isnull=False).count() >= 5
        assert Support.objects.count() >= 30
        assert Support.objects.values("kind").distinct().count() == 3
        # One moderated submission and one moderated comment, to show moderation.
        assert Idea.objects.filter(is_hidden=True).exclude(hidden_reason="").count() == 1
        assert Comment.objects.filter(is_hidden=True).count() == 1

    def test_history_goes_through_the_lifecycle_in_the_past(self, output):
        now = timezone.now()
        for idea in Idea.objects.filter(status=IdeaStatus.PROMOTED):
            steps = list(idea.status_changes.order_by("pk"))
            assert [step.to_status for step in steps] == [
                "draft",
                "submitted",
                "in_review",
                "in_assessment",
                "promoted",
            ]
            moments = [idea.created_at, *(step.created_at for step in steps[1:])]
            assert moments == sorted(moments)
            assert moments[-1] < now
        for idea in Idea.objects.filter(status__in=[IdeaStatus.PARKED, IdeaStatus.DECLINED]):
            assert idea.status_changes.last().reason
        created = sorted(Idea.objects.values_list("created_at", flat=True))
        assert created[-1] - created[0] > timezone.timedelta(days=90)

    def test_the_command_prints_every_account_and_the_password(self, output):
        assert demo.DEMO_PASSWORD in output
        for account in load().accounts:
            assert account.email in output


class TestAccounts:
    def test_every_role_account_can_sign_in(self, output):
        assert len(load().accounts) >= 10
        for account in load().people:
            client = Client()
            assert client.login(email=account.email, password=demo.DEMO_PASSWORD), account.email

    def test_the_password_passes_the_validators(self, output):
        for user in User.objects.all():
            validate_password(demo.DEMO_PASSWORD, user)

    def test_roles(self, output):
        admin = User.objects.get(email=demo_email("admin"))
        assert admin.is_superuser and admin.is_staff and admin.has_role(Role.ADMINISTRATOR)
        facilitator = User.objects.get(email=demo_email("processtod"))
        assert facilitator.has_role(Role.FACILITATOR) and not facilitator.is_staff
        board = User.objects.get(email=demo_email("styrelse"))
        assert board.has_role(Role.GOVERNING_BOARD)
        for key, area in [("coreteam-barn", "barn-och-unga"), ("coreteam-aldre", "aldre")]:
            seat = CoreTeamMembership.objects.get(user__email=demo_email(key))
            assert seat.focus_area.slug == area and seat.party.is_party
        profile_types = set(User.objects.values_list("profile_type", flat=True))
        assert profile_types == {"employee", "researcher", "teacher", "student", "external"}

    def test_citizens_appear_under_pseudonyms_unless_they_consented(self, output):
        from hub.display_names import shown_name

        external = User.objects.filter(profile_type="external")
        named = {u.email for u in external if shown_name(person=u, viewer=None) == u.display_name}
        hidden = {u.email for u in external if u.email not in named}
        assert demo_email("fatima.rahimi") in named and demo_email("anneli.grahn") in named
        assert demo_email("extern") in hidden and len(hidden) >= 3
        assert all(
            u.consents.filter(withdrawn_at=None).exists() for u in external if u.email in named
        )

    def test_each_focus_area_has_a_core_team_seat_for_every_party(self, output):
        for area in FocusArea.objects.all():
            parties = set(area.core_team.values_list("party__name", flat=True))
            assert parties == set(
                Organisation.objects.filter(is_party=True).values_list("name", flat=True)
            )

    def test_about_ten_more_people_beyond_the_role_accounts(self, output):
        assert User.objects.count() - len(load().accounts) >= 10


class TestNoRealPeople:
    def test_no_real_name_from_the_seeds_in_any_display_name(self, output):
        names = list(User.objects.values_list("display_name", flat=True))
        for name in names:
            assert name not in REAL_NAMES
            assert name.split()[-1].casefold() not in REAL_SURNAMES, name

    def test_no_real_name_anywhere_in_the_demo_content(self):
        # The content files and every module of the demo package.
        files = [*content_files(), *Path(demo.__file__).parents[1].rglob("*.py")]
        assert len(files) > 10
        for file in files:
            source = file.read_text(encoding="utf-8").casefold()
            for name in REAL_NAMES:
                assert name.casefold() not in source, (name, file)


class TestIdempotence:
    def test_if_empty_does_nothing_when_data_exists(self, output):
        before = counts()
        assert "no demo content added" in run("--if-empty")
        assert counts() == before

    def test_if_empty_leaves_a_database_with_real_people_alone(self, db):
        User.objects.create_user(email="someone@example.org", display_name="Någon")
        run("--if-empty")
        assert User.objects.count() == 1
        assert not Idea.objects.exists()

    def test_if_empty_fills_an_empty_database(self, db):
        assert "Demo content created" in run("--if-empty")
        assert Idea.objects.count() >= 30

    def test_a_second_plain_run_refuses_instead_of_duplicating(self, output):
        with pytest.raises(CommandError, match="--reset"):
            run()

    def test_reset_recreates_the_same_content_and_keeps_others(self, output):
        before = counts()
        old_ids = set(Idea.objects.values_list("pk", flat=True))
        outsider = User.objects.create_user(email="real@example.org", display_name="Verklig")

        assert "Removed the previous demo content" in run("--reset")

        after = counts()
        assert after == {**before, "users": before["users"] + 1}
        assert not old_ids & set(Idea.objects.values_list("pk", flat=True))
        assert User.objects.filter(pk=outsider.pk).exists()

    def test_if_empty_and_reset_together_are_refused(self, db):
        with pytest.raises(CommandError):
            run("--if-empty", "--reset")


class TestBoards:
    def test_live_boards_with_cards_clusters_and_links(self, output):
        from boards.models import Board, Card, CardLink, Cluster
        from realtime.models import StreamEvent

        assert Board.objects.filter(template="forum").exists()
        assert Board.objects.filter(template="matchmaking").exists()
        assert Card.objects.count() >= 15
        assert Cluster.objects.count() >= 2
        assert CardLink.objects.count() >= 4
        # Made through the board services: every change is in the boards' event logs.
        assert StreamEvent.objects.count() == (
            Card.objects.count() + Cluster.objects.count() + CardLink.objects.count()
        )


class TestEvents:
    def test_a_forum_series_with_three_meetings_from_the_seeds(self, output):
        series = ForumSeries.objects.get()
        assert series.title == "Välmående och självständiga äldre"
        assert series.focus_area.slug == "aldre"
        meetings = list(series.meetings.order_by("series_number"))
        assert [m.series_number for m in meetings] == [1, 2, 3]
        assert {m.kind for m in meetings} == {EventKind.FORUM_MEETING}
        themes = ["Digital stad", "Volontärskap och engagemang", "Hälsofrämjande insatser"]
        for meeting, theme in zip(meetings, themes, strict=True):
            assert theme in meeting.title
        starts = [m.starts_at for m in meetings]
        assert starts == sorted(starts)
        assert starts[0] < timezone.now() < starts[-1]  # a series under way

    def test_a_matchmaking_session_and_other_kinds(self, output):
        assert Event.objects.filter(kind=EventKind.MATCHMAKING).count() == 1
        assert Event.objects.values("kind").distinct().count() >= 4
        assert Event.objects.filter(place="Digitalt").exists()
        facilitator = User.objects.get(email=demo_email("processtod"))
        for event in Event.objects.all():
            assert event.created_by == facilitator
            assert event.ends_at > event.starts_at
            assert facilitator in event.organisers.all()

    def test_the_demo_boards_belong_to_a_meeting_and_the_matchmaking_session(self, output):
        forum = Board.objects.get(template="forum")
        assert forum.event.series_number == 2
        matchmaking = Board.objects.get(template="matchmaking")
        assert matchmaking.event.kind == EventKind.MATCHMAKING
