"""The forum series and its meetings, the other events, and two live idea boards as a
workshop leaves them: cards, clusters and links, each an operation in the board's log."""

from __future__ import annotations

from datetime import datetime, timedelta

from boards.services import board_apply, board_create, participant_for_user
from demo.builder.state import Build
from demo.clock import as_of
from demo.specs import BoardSpec, EventSpec
from events.services import EventInput, event_create, forum_series_create

PLANNED_AHEAD = timedelta(days=21)  # facilitators put an event up about three weeks before


def build_events(build: Build) -> None:
    timeline = build.timeline
    facilitator = build.facilitator
    spec = build.content.forum_series
    meetings = [e for e in build.content.events if e.in_series]
    first = min((timeline.at(e.day, e.hours[0]) for e in meetings), default=timeline.now)
    with build.step("events.toml: forum_series"), as_of(timeline.past(first - PLANNED_AHEAD)):
        series = forum_series_create(
            actor=facilitator,
            title=spec.title,
            description=spec.description,
            focus_area=build.focus_areas[spec.area],
        )
    for event in build.content.events:
        starts = timeline.at(event.day, event.hours[0])
        ends = timeline.at(event.day + event.days - 1, event.hours[1])
        data = EventInput(
            title=event.title,
            kind=event.kind,
            starts_at=starts,
            ends_at=ends,
            description=event.description,
            place=event.place,
            focus_area=build.focus_areas[event.area] if event.area else None,
            series=series if event.in_series else None,
            organisers=[build.people[key] for key in event.organisers],
        )
        with build.step(event.where), as_of(timeline.past(starts - PLANNED_AHEAD)):
            build.events[event.key] = event_create(actor=facilitator, data=data)
    build.summary.events = len(build.events)


def build_boards(build: Build) -> None:
    events = {e.key: e for e in build.content.events}
    for spec in build.content.boards:
        event = events.get(spec.event) if spec.event else None
        # A board is made and filled during its event (or today, for one still to come).
        during = _during(build, event)
        with build.step(spec.where), as_of(during):
            _board(build, spec)
        build.summary.boards += 1
        build.summary.cards += len(spec.cards)


def _during(build: Build, event: EventSpec | None) -> datetime:
    if event is None:
        return build.timeline.now
    return build.timeline.past(build.timeline.at(event.day, event.hours[0] + 0.5))


def _board(build: Build, spec: BoardSpec) -> None:
    host_user = build.facilitator
    board = board_create(
        actor=host_user,
        title=spec.title,
        purpose=spec.purpose,
        template=spec.template,
        votes_per_participant=3,
        event=build.events[spec.event] if spec.event else None,
    )
    sections = list(board.sections.order_by("position"))
    cards: dict[str, int] = {}
    for card in spec.cards:
        participant = participant_for_user(board=board, user=build.people[card.author])
        applied = board_apply(
            participant=participant,
            op="card.add",
            data={"section": sections[card.section].pk, "text": card.text, "colour": card.colour},
        )
        cards[card.key] = applied.result["card"]["id"]
    host = participant_for_user(board=board, user=host_user)
    for cluster in spec.clusters:
        board_apply(
            participant=host,
            op="cluster.create",
            data={
                "section": sections[cluster.section].pk,
                "heading": cluster.heading,
                "cards": [cards[key] for key in cluster.cards],
            },
        )
    for source, target in spec.links:
        board_apply(
            participant=host,
            op="link.add",
            data={"source": cards[source], "target": cards[target]},
        )
