"""What the demo holds for assessment and the portfolios, and that its history is current:
rounds in every state, real scores, recusals, votes and decisions behind every promoted,
parked or declined submission, initiatives in every stage and light with a year of reports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessment.models import (
    AssessmentRound,
    Conflict,
    ConflictKind,
    Criterion,
    Decision,
    RoundAssessor,
    RoundStatus,
    Score,
    Vote,
    VoteChoice,
)
from hub.models import CoreTeamMembership, Notification
from ideas.models import Idea, IdeaStatus
from portfolio.models import LifecycleStage, PortfolioInitiative, StatusReport, TrafficLight

pytestmark = pytest.mark.usefixtures("demo")


class TestAssessment:
    def test_rounds_in_every_state(self):
        statuses = set(AssessmentRound.objects.values_list("status", flat=True))
        assert statuses == set(RoundStatus.values)
        decided = [
            r for r in AssessmentRound.objects.filter(status=RoundStatus.CLOSED)
            if not r.items.filter(decision__isnull=True).exists()
        ]  # fmt: skip
        awaiting = AssessmentRound.objects.filter(
            status=RoundStatus.CLOSED, items__decision__isnull=True
        ).distinct()
        assert len(decided) >= 2 and awaiting.exists()

    def test_the_open_round_has_assessors_done_and_others_not(self):
        open_round = AssessmentRound.objects.get(status=RoundStatus.OPEN)
        seats = RoundAssessor.objects.filter(round=open_round)
        assert seats.filter(submitted_at__isnull=False).exists()
        assert seats.filter(submitted_at__isnull=True).exists()
        # Work in progress: someone has scored part of their sheet.
        assert Score.objects.filter(item__round=open_round, assessor__submitted_at=None).exists()
        assert open_round.deadline > timezone.now() > open_round.opened_at

    def test_every_core_team_member_scores_every_criterion_with_rationales(self):
        criteria = set(Criterion.objects.filter(is_active=True).values_list("pk", flat=True))
        for membership in CoreTeamMembership.objects.select_related("user"):
            scores = Score.objects.filter(assessor__user=membership.user, value__isnull=False)
            assert set(scores.values_list("criterion_id", flat=True)) == criteria, membership
            assert not scores.filter(rationale="").exists()
        assert Score.objects.count() >= 100
        assert len(set(Score.objects.values_list("value", flat=True))) >= 4

    def test_recusals_automatic_and_declared(self):
        kinds = set(Conflict.objects.values_list("kind", flat=True))
        assert kinds == {ConflictKind.AUTHOR, ConflictKind.ORGANISATION, ConflictKind.DECLARED}
        for conflict in Conflict.objects.filter(kind=ConflictKind.DECLARED):
            assert conflict.reason
            assert not Score.objects.filter(item=conflict.item, assessor=conflict.assessor)

    def test_party_votes_and_decisions_with_rationale_for_every_outcome(self):
        assert set(Vote.objects.values_list("choice", flat=True)) == set(VoteChoice.values)
        assert set(Decision.objects.values_list("outcome", flat=True)) == set(VoteChoice.values)
        assert not Decision.objects.filter(rationale="").exists()
        # One party, one vote: never two votes of a party on one item.
        pairs = list(Vote.objects.values_list("item_id", "party_id"))
        assert len(pairs) == len(set(pairs))

    def test_every_promoted_submission_has_a_decision_and_an_initiative(self):
        promoted = Idea.objects.filter(status=IdeaStatus.PROMOTED)
        assert promoted.count() >= 9
        for idea in promoted:
            decision = Decision.objects.get(item__idea=idea)
            assert decision.outcome == VoteChoice.PROMOTE
            assert idea.status_changes.last().reason == decision.rationale
            assert PortfolioInitiative.objects.filter(idea=idea).exists()

    def test_submissions_in_assessment_are_in_a_round_without_a_decision(self):
        for idea in Idea.objects.filter(status=IdeaStatus.IN_ASSESSMENT):
            item = idea.assessment_items.get()
            assert item.round.status in (RoundStatus.OPEN, RoundStatus.CLOSED)
            assert not Decision.objects.filter(item=item).exists()


class TestPortfolio:
    def test_initiatives_in_every_stage_and_every_traffic_light(self):
        initiatives = PortfolioInitiative.objects.all()
        assert set(initiatives.values_list("stage", flat=True)) == set(LifecycleStage.values)
        latest = {
            initiative.status_reports.order_by("-reported_on", "-pk").first().light
            for initiative in initiatives
        }
        assert latest == set(TrafficLight.values)

    def test_owners_from_the_parties_goals_and_seed_funding(self):
        for initiative in PortfolioInitiative.objects.select_related("owner__organisation"):
            assert initiative.owner.organisation.is_party, initiative
            assert initiative.goals.exists()
            assert initiative.seed_funding_granted
        assert PortfolioInitiative.objects.filter(leveraged_funding__gt=0).count() >= 3
        assert set(PortfolioInitiative.objects.values_list("initiative_type", flat=True)) == {
            "innovation",
            "education",
            "research",
        }

    def test_status_reports_over_the_last_year(self):
        today = timezone.localdate()
        for initiative in PortfolioInitiative.objects.all():
            dates = sorted(initiative.status_reports.values_list("reported_on", flat=True))
            assert len(dates) >= 3, initiative
            assert today - timedelta(days=366) < dates[0] and dates[-1] < today
        reports = StatusReport.objects.all()
        assert (
            max(r.reported_on for r in reports) - min(r.reported_on for r in reports)
        ).days > 300
        # Each report was written on the day it reports (the service stamps its time).
        for report in reports:
            assert timezone.localdate(report.created_at) == report.reported_on


class TestHistory:
    def test_rows_are_dated_by_the_services_in_the_past(self):
        now = timezone.now()
        closed = AssessmentRound.objects.filter(status=RoundStatus.CLOSED)
        for round in closed:
            assert round.created_at <= round.opened_at < round.closed_at < now
            for decision in Decision.objects.filter(item__round=round):
                assert round.closed_at < decision.decided_at < now
        for initiative in PortfolioInitiative.objects.select_related("idea"):
            decided = Decision.objects.get(item__idea=initiative.idea).decided_at
            assert decided < initiative.created_at < now

    def test_the_bell_has_old_notifications_read_and_recent_ones_waiting(self):
        week_ago = timezone.now() - timedelta(days=7)
        assert not Notification.objects.filter(created_at__lt=week_ago, read_at=None).exists()
        assert Notification.objects.filter(created_at__gte=week_ago, read_at=None).exists()

    def test_people_comment_during_working_hours(self):
        from ideas.models import Comment

        hours = {timezone.localtime(c.created_at).hour for c in Comment.objects.all()}
        assert hours and min(hours) >= 8 and max(hours) <= 20
