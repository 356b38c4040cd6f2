"""The portfolios: each promoted submission added as an initiative by the facilitator, then
its year replayed: the owner moves it through the lifecycle, reports leveraged funding and
writes dated status reports with a traffic light for the governing board."""

from __future__ import annotations

from functools import partial
from typing import Any

from demo.builder.state import Build, History
from demo.clock import as_of
from demo.specs import ChangeSpec, InitiativeSpec, ReportSpec
from portfolio.services import (
    InitiativeInput,
    initiative_create,
    initiative_update,
    status_report_create,
)


def build_portfolio(build: Build) -> None:
    for spec in build.content.initiatives:
        with build.step(spec.where):
            _initiative(build, spec)


def _initiative(build: Build, spec: InitiativeSpec) -> None:
    people = build.people
    data = InitiativeInput(
        owner=people[spec.owner],
        initiative_type=spec.type,
        title=spec.title,
        summary=spec.summary,
        process_lead=people[spec.process_lead] if spec.process_lead else None,
        seed_funding_requested=spec.seed_funding_requested,
        seed_funding_granted=spec.seed_funding_granted,
    )
    with as_of(build.timeline.at(spec.created, 10)):
        initiative = initiative_create(
            actor=build.facilitator, idea=build.ideas[spec.submission], data=data
        )
    build.summary.initiatives += 1
    current = {"initiative": initiative}
    history = History()
    for change in spec.changes:
        history.add(build.timeline.at(change.day, 11), partial(_change, build, current, change))
    for report in spec.reports:
        history.add(build.timeline.at(report.day, 15), partial(_report, build, current, report))
    history.replay()


def _change(build: Build, current: dict[str, Any], change: ChangeSpec) -> None:
    """What the initiative page's stage form sends: everything as it is, but the stage or the
    leveraged funding."""
    initiative = current["initiative"]
    data = InitiativeInput(
        owner=initiative.owner,
        initiative_type=initiative.initiative_type,
        title=initiative.title,
        summary=initiative.summary,
        process_lead=initiative.process_lead,
        goals=list(initiative.goals.all()),
        stage=change.stage or initiative.stage,
        seed_funding_requested=initiative.seed_funding_requested,
        seed_funding_granted=initiative.seed_funding_granted,
        leveraged_funding=(
            initiative.leveraged_funding
            if change.leveraged_funding is None
            else change.leveraged_funding
        ),
    )
    current["initiative"] = initiative_update(
        actor=build.people[change.by], initiative=initiative, data=data
    )


def _report(build: Build, current: dict[str, Any], report: ReportSpec) -> None:
    status_report_create(
        actor=build.people[report.by],
        initiative=current["initiative"],
        light=report.light,
        note=report.note,
        reported_on=build.timeline.date(report.day),
    )
    build.summary.status_reports += 1
