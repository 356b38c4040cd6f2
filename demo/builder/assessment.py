"""Core Team assessment, run the way the facilitator and the Core Team run it, through
assessment.services: a round is set up and opened, assessors declare conflicts, score and hand
in, the round closes, each party votes and the facilitator records the decisions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from assessment.selectors import criterion_list
from assessment.services import (
    RoundInput,
    ScoreInput,
    assessment_submit,
    conflict_declare,
    decision_record,
    round_close,
    round_create,
    round_open,
    scores_save,
    vote_cast,
)
from demo.builder.state import Build
from demo.clock import as_of
from demo.specs import OUTCOMES, ContentError, RoundSpec

DEADLINE_HOUR = 16


def build_assessment(build: Build) -> None:
    criteria = {criterion.key: criterion for criterion in criterion_list(active_only=False)}
    for spec in build.content.rounds:
        with build.step(spec.where):
            _round(build, spec, criteria)


def _round(build: Build, spec: RoundSpec, criteria: dict[str, Any]) -> None:
    timeline = build.timeline
    facilitator = build.facilitator
    data = RoundInput(
        title=spec.title,
        description=spec.description,
        focus_area=build.focus_areas[spec.area],
        deadline=timeline.at(spec.deadline, DEADLINE_HOUR),
        ideas=[build.ideas[key] for key in spec.items],
    )
    with as_of(timeline.at(spec.created, 9)):
        round = round_create(actor=facilitator, data=data)
    build.summary.rounds += 1
    if spec.opened is None:
        return
    opened = timeline.at(spec.opened, 9)
    with as_of(opened):
        round = round_open(actor=facilitator, round=round)
    items = {item.idea_id: item for item in round.items.all()}

    def item_of(key: str) -> Any:
        return items[build.ideas[key].pk]

    # Conflicts are declared as soon as the assessors see the round.
    with as_of(opened + timedelta(hours=2)):
        for conflict in spec.conflicts:
            conflict_declare(
                actor=build.people[conflict.assessor],
                round=round,
                item=item_of(conflict.item),
                reason=conflict.reason,
            )
    # Each assessor scores on a day of their own while the round is open, some hand in.
    closes = timeline.at(spec.closed, DEADLINE_HOUR) if spec.closed is not None else timeline.now
    assessors = list(dict.fromkeys([*(s.assessor for s in spec.scores), *spec.submitted]))
    gap = (closes - opened) / (len(assessors) + 1)
    for index, key in enumerate(assessors, start=1):
        entries = [
            ScoreInput(
                item=item_of(score.item),
                criterion=_criterion(spec, criteria, criterion),
                value=value,
                rationale=rationale,
            )
            for score in spec.scores
            if score.assessor == key
            for criterion, (value, rationale) in score.values.items()
        ]
        moment = build.timeline.past(build.timeline.working_hours(opened + gap * index))
        with as_of(moment):
            if entries:
                scores_save(actor=build.people[key], round=round, entries=entries)
                build.summary.scores += len(entries)
        if key in spec.submitted:
            with as_of(moment + timedelta(hours=1)):
                assessment_submit(actor=build.people[key], round=round)
    if spec.closed is None:
        return
    _decide(build, spec, round, item_of, closes)


def _decide(build: Build, spec: RoundSpec, round: Any, item_of: Any, closed: datetime) -> None:
    """Close the round, let the parties vote the morning after, record the decisions."""
    with as_of(closed):
        round = round_close(actor=build.facilitator, round=round)
    for index, vote in enumerate(spec.votes):
        with as_of(closed + timedelta(hours=18 + index)):
            vote_cast(
                actor=build.people[vote.assessor],
                item=item_of(vote.item),
                choice=vote.choice,
                comment=vote.comment,
            )
        build.summary.votes += 1
    statuses = {s.key: s.status for s in build.content.submissions}
    for decision in spec.decisions:
        with as_of(build.timeline.at(decision.day, 14)):
            recorded = decision_record(
                actor=build.facilitator, item=item_of(decision.item), rationale=decision.rationale
            )
        if OUTCOMES[recorded.outcome] != statuses[decision.item]:
            raise ContentError(
                f"{spec.where}: the votes on {decision.item!r} decide {recorded.outcome!r}, "
                f"but the submission says {statuses[decision.item]!r}"
            )
        build.summary.decisions += 1


def _criterion(spec: RoundSpec, criteria: dict[str, Any], key: str) -> Any:
    try:
        return criteria[key]
    except KeyError:
        raise ContentError(f"{spec.where}: no assessment criterion {key!r}") from None
