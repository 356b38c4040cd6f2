"""The rules the demo content must keep, checked when it is read (`demo.reading.load`).

Two kinds: every reference leads somewhere (a person, an organisation, a focus area's goal, a
submission, a card), and the story holds together the way the hub would have told it: history
happens in the past and in order, a submission reaches "in assessment", "promoted" or a
Core Team decision only through a round, every promoted submission becomes an initiative, and
only a focus area's Core Team assesses its rounds. All problems are reported at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from demo.specs import (
    DECLINED,
    DRAFT,
    IN_ASSESSMENT,
    IN_REVIEW,
    OUTCOMES,
    PARKED,
    PROMOTED,
    REVIEW_AFTER_DAYS,
    STATUSES,
    SUBMITTED,
    WITHDRAWN,
    ConflictSpec,
    Content,
    ContentError,
    DecisionSpec,
    EventSpec,
    InitiativeSpec,
    RoundSpec,
    ScoreSpec,
    SubmissionSpec,
    VoteSpec,
)

LAST_DAY = -1  # history ends yesterday, so every step is in the past whatever the hour


def check(content: Content) -> None:
    problems: list[str] = []
    _Checker(content, problems).run()
    if problems:
        raise ContentError("The demo content does not hold together:\n- " + "\n- ".join(problems))


class _Checker:
    def __init__(self, content: Content, problems: list[str]) -> None:
        self.c = content
        self.problems = problems
        self.orgs = {o.key: o for o in content.organisations}
        self.areas = {a.key: a for a in content.focus_areas}
        self.people = {p.key: p for p in content.people}
        self.submissions = {s.key: s for s in content.submissions}
        self.events = {e.key: e for e in content.events}
        self.core_team = {
            (area, person.key) for person in content.people for area, _party in person.core_team
        }

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def run(self) -> None:
        self._unique("organisation", (o.key for o in self.c.organisations))
        self._unique("focus area", (a.key for a in self.c.focus_areas))
        self._unique("person", (p.key for p in self.c.people))
        self._unique("submission", (s.key for s in self.c.submissions))
        self._unique("event", (e.key for e in self.c.events))
        self._unique("round", (r.key for r in self.c.rounds))
        self._unique("initiative", (i.submission for i in self.c.initiatives))
        self._people()
        for submission in self.c.submissions:
            self._submission(submission)
        self._events()
        rounds_of: dict[str, list[RoundSpec]] = {}
        for round in self.c.rounds:
            self._round(round)
            for key in round.items:
                rounds_of.setdefault(key, []).append(round)
        for submission in self.c.submissions:
            self._status(submission, rounds_of.get(submission.key, []))
        initiatives = {i.submission: i for i in self.c.initiatives}
        for initiative in self.c.initiatives:
            self._initiative(initiative, rounds_of.get(initiative.submission, []))
        for submission in self.c.submissions:
            if submission.status == PROMOTED and submission.key not in initiatives:
                self.problem(submission.where, "promoted, but portfolio.toml has no initiative")

    # --- References -----------------------------------------------------------------------

    def _unique(self, label: str, keys: Iterable[str]) -> None:
        for key, count in Counter(keys).items():
            if count > 1:
                self.problems.append(f"{label} {key!r} appears {count} times")

    def _person(self, where: str, key: str | None) -> None:
        if key is not None and key not in self.people:
            self.problem(where, f"no person {key!r} in people.toml")

    def _org(self, where: str, key: str) -> None:
        if key not in self.orgs:
            self.problem(where, f"no organisation {key!r} in organisations.toml")

    def _area(self, where: str, key: str | None) -> None:
        if key is not None and key not in self.areas:
            self.problem(where, f"no focus area {key!r} in focus_areas.toml")

    def _people(self) -> None:
        for person in self.c.people:
            where = f"people.toml: {person.key}"
            if person.organisation is not None:
                self._org(where, person.organisation)
            for area, party in person.core_team:
                self._area(where, area)
                if party not in self.orgs or not self.orgs[party].is_party:
                    self.problem(where, f"a Core Team seat represents a party, not {party!r}")

    def _submission(self, s: SubmissionSpec) -> None:
        self._person(s.where, s.author)
        self._area(s.where, s.area)
        if s.status not in STATUSES:
            self.problem(s.where, f"unknown status {s.status!r}")
        if s.status != DRAFT and s.area is None:
            self.problem(s.where, "a submission that is sent in needs a focus area")
        goals = {g.key for g in self.areas[s.area].goals} if s.area in self.areas else set()
        for goal in s.goals:
            if goal not in goals:
                self.problem(s.where, f"no goal {goal!r} in focus area {s.area!r}")
        for org in s.organisations:
            self._org(s.where, org)
        if s.created > LAST_DAY:
            self.problem(s.where, "`created` must be in the past (-1 or earlier)")
        for support in s.supports:
            self._person(s.where, support.person)
            if support.person == s.author:
                self.problem(s.where, "authors do not support their own submission")
        for comment in s.comments:
            self._person(s.where, comment.author)
            for reply in comment.replies:
                self._person(s.where, reply.author)
            if comment.day is not None and not s.created < comment.day <= LAST_DAY:
                self.problem(s.where, f"a comment's day {comment.day} is not after `created`")

    def _events(self) -> None:
        self._area("events.toml: forum_series", self.c.forum_series.area)
        for event in self.c.events:
            self._area(event.where, event.area)
            for organiser in event.organisers:
                self._person(event.where, organiser)
            if event.registration is not None:
                self._registration(event)
        for board in self.c.boards:
            if board.event is not None and board.event not in self.events:
                self.problem(board.where, f"no event {board.event!r}")
            cards = {card.key for card in board.cards}
            for card in board.cards:
                self._person(board.where, card.author)
            for cluster in board.clusters:
                for key in cluster.cards:
                    if key not in cards:
                        self.problem(
                            board.where, f"the cluster {cluster.heading!r} has no card {key!r}"
                        )
            for source, target in board.links:
                if source not in cards or target not in cards:
                    self.problem(board.where, f"the link {source!r} → {target!r} needs two cards")

    def _registration(self, event: EventSpec) -> None:
        r = event.registration
        assert r is not None  # noqa: S101 (the caller checks)
        where = f"{event.where}: registration"
        for key in r.people:
            self._person(where, key)
        self._unique(f"{where}: person", r.people)
        guests = {g.email for g in r.guests}
        for key in r.cancelled:
            if key not in r.people and key not in guests:
                self.problem(where, f"{key!r} cancels but never registered")
        for key in r.attended:
            if key not in r.people and key not in guests:
                self.problem(where, f"{key!r} attended but never registered")
            if key in r.cancelled:
                self.problem(where, f"{key!r} cancelled and attended")
        if r.attended and event.day >= 0:
            self.problem(where, "attendance is for events that have taken place")

    # --- Rounds ---------------------------------------------------------------------------

    def _round(self, r: RoundSpec) -> None:
        self._area(r.where, r.area)
        for key in r.items:
            s = self.submissions.get(key)
            if s is None:
                self.problem(r.where, f"no submission {key!r}")
            elif s.area != r.area:
                self.problem(r.where, f"{key!r} belongs to another focus area")
            elif s.created + REVIEW_AFTER_DAYS >= (r.opened if r.opened is not None else r.created):
                self.problem(r.where, f"{key!r} was not yet reviewed when the round began")
        self._round_days(r)
        assessors = [
            *r.submitted,
            *(s.assessor for s in r.scores),
            *(c.assessor for c in r.conflicts),
            *(v.assessor for v in r.votes),
        ]
        for person in assessors:
            if (r.area, person) not in self.core_team:
                self.problem(r.where, f"{person!r} is not on the focus area's Core Team")
        entries: list[ScoreSpec | ConflictSpec | VoteSpec | DecisionSpec]
        entries = [*r.scores, *r.conflicts, *r.votes, *r.decisions]
        for entry in entries:
            if entry.item not in r.items:
                self.problem(r.where, f"{entry.item!r} is not one of the round's items")
        for vote in r.votes:
            if vote.choice not in OUTCOMES:
                self.problem(r.where, f"a vote is promote, park or decline, not {vote.choice!r}")
        self._unique(f"{r.where} decision on", (d.item for d in r.decisions))

    def _round_days(self, r: RoundSpec) -> None:
        if r.created > LAST_DAY:
            self.problem(r.where, "`created` must be in the past")
        if r.state == "draft":
            if r.scores or r.conflicts or r.votes or r.decisions or r.submitted:
                self.problem(r.where, "a draft has no assessments, votes or decisions")
            if r.closed is not None:
                self.problem(r.where, "a round closes only after it has opened")
        if r.opened is not None and not r.created <= r.opened <= LAST_DAY:
            self.problem(r.where, "`opened` must lie between `created` and yesterday")
        if r.deadline <= (r.opened if r.opened is not None else r.created):
            self.problem(r.where, "the deadline must lie after the round opens")
        if r.closed is not None and r.opened is not None and not r.opened < r.closed <= LAST_DAY:
            self.problem(r.where, "`closed` must lie between `opened` and yesterday")
        if r.state != "closed" and (r.votes or r.decisions):
            self.problem(r.where, "the parties vote and decide once the round is closed")
        for decision in r.decisions:
            if r.closed is not None and not r.closed < decision.day <= LAST_DAY:
                self.problem(r.where, f"the decision on {decision.item!r} must follow the close")

    def _status(self, s: SubmissionSpec, rounds: list[RoundSpec]) -> None:
        if len(rounds) > 1:
            self.problem(s.where, "is an item of more than one round")
        if not rounds:
            if s.status in (IN_ASSESSMENT, PROMOTED):
                self.problem(s.where, f"{s.status!r} only through a round in assessment.toml")
            if s.status in (PARKED, DECLINED) and not s.reason:
                self.problem(s.where, f"{s.status!r} at review needs a `reason`")
            if s.reason and s.status not in (PARKED, DECLINED, WITHDRAWN):
                self.problem(s.where, "`reason` is for a submission parked, declined or withdrawn")
            return
        round = rounds[0]
        decided = any(d.item == s.key for d in round.decisions)
        if round.state == "draft":
            expected: tuple[str, ...] = (SUBMITTED, IN_REVIEW)
        elif decided:
            expected = tuple(OUTCOMES.values())
        else:
            expected = (IN_ASSESSMENT,)
        if s.status not in expected:
            self.problem(s.where, f"in round {round.key!r} it can only be {' or '.join(expected)}")
        if s.reason:
            self.problem(s.where, "the round's decision gives the reason: leave `reason` out")

    # --- Portfolio ------------------------------------------------------------------------

    def _initiative(self, i: InitiativeSpec, rounds: list[RoundSpec]) -> None:
        s = self.submissions.get(i.submission)
        if s is None or s.status != PROMOTED:
            self.problem(i.where, "an initiative is a promoted submission")
            return
        for person in (i.owner, i.process_lead, *(c.by for c in i.changes)):
            self._person(i.where, person)
        for report in i.reports:
            self._person(i.where, report.by)
        decided = [d.day for r in rounds for d in r.decisions if d.item == i.submission]
        if decided and not decided[0] < i.created <= LAST_DAY:
            self.problem(i.where, "`created` must follow the decision and lie in the past")
        for day in (*(c.day for c in i.changes), *(r.day for r in i.reports)):
            if not i.created < day <= LAST_DAY:
                self.problem(i.where, f"day {day} is not between `created` and yesterday")
        for change in i.changes:
            if change.stage is None and change.leveraged_funding is None:
                self.problem(i.where, f"the change on day {change.day} changes nothing")
