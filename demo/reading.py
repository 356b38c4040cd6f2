"""Read demo/content/*.toml (standard library `tomllib`) into the specs of `demo.specs`.

`load()` writes nothing and touches no database. It refuses what a content file can get wrong
before the builder writes a row: a missing field, a field nobody reads (a typo), a value of the
wrong type, and, through `demo.checks`, references that lead nowhere and a story that does not
hold together. Values the services own (an event's kind, a traffic light) are checked by the
services when the builder writes them.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from demo.checks import check
from demo.specs import (
    BoardSpec,
    CardSpec,
    ChangeSpec,
    ClusterSpec,
    CommentSpec,
    ConflictSpec,
    Content,
    ContentError,
    DecisionSpec,
    EventSpec,
    FeedbackAnswerSpec,
    FeedbackQuestionSpec,
    FeedbackSpec,
    FocusAreaSpec,
    ForumSeriesSpec,
    GoalSpec,
    GuestSpec,
    InitiativeSpec,
    OrganisationSpec,
    PersonSpec,
    RegistrationSpec,
    ReplySpec,
    ReportSpec,
    RoundSpec,
    ScoreSpec,
    SubmissionSpec,
    SupportSpec,
    VoteSpec,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
FILES = (
    "organisations.toml",
    "focus_areas.toml",
    "people.toml",
    "submissions_barn.toml",
    "submissions_aldre.toml",
    "events.toml",
    "assessment.toml",
    "portfolio.toml",
    "feedback.toml",
)


@cache
def load() -> Content:
    """Read and check all of demo/content/. Cached: the files do not change while running."""
    roots = {name: _read(name) for name in FILES}
    series, events, boards = _events(roots["events.toml"])
    content = Content(
        organisations=_organisations(roots["organisations.toml"]),
        focus_areas=_focus_areas(roots["focus_areas.toml"]),
        people=_people(roots["people.toml"]),
        submissions=(
            *_submissions(roots["submissions_barn.toml"]),
            *_submissions(roots["submissions_aldre.toml"]),
        ),
        forum_series=series,
        events=events,
        boards=boards,
        rounds=_rounds(roots["assessment.toml"]),
        initiatives=_initiatives(roots["portfolio.toml"]),
        feedback=_feedback(roots["feedback.toml"]),
    )
    for root in roots.values():
        root.done()
    check(content)
    return content


def content_files() -> list[Path]:
    """Every content file (what tests/demo searches for real people's names)."""
    return sorted(CONTENT_DIR.glob("*.toml"))


class _Entry:
    """One TOML table, read field by field; `done()` refuses fields nobody read (typos)."""

    def __init__(self, data: dict[str, Any], where: str) -> None:
        self.data = dict(data)
        self.where = where

    def _take(self, name: str, kinds: tuple[type, ...], required: bool) -> Any:
        if name not in self.data:
            if required:
                raise ContentError(f"{self.where}: `{name}` is missing")
            return None
        value = self.data.pop(name)
        # bool is an int to Python, never to a content file.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise ContentError(f"{self.where}: `{name}` has the wrong type ({value!r})")
        return value

    def text(self, name: str) -> str:
        return str(self._take(name, (str,), required=True))

    def text_or(self, name: str, default: str) -> str:
        value = self._take(name, (str,), required=False)
        return default if value is None else str(value)

    def maybe_text(self, name: str) -> str | None:
        return self._take(name, (str,), required=False)

    def number(self, name: str) -> int:
        return int(self._take(name, (int,), required=True))

    def maybe_number(self, name: str) -> int | None:
        return self._take(name, (int,), required=False)

    def maybe_day(self, name: str) -> float | None:
        return self._take(name, (int, float), required=False)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._take(name, (bool,), required=False)
        return default if value is None else bool(value)

    def texts(self, name: str) -> tuple[str, ...]:
        values = self._take(name, (list,), required=False) or []
        if not all(isinstance(value, str) for value in values):
            raise ContentError(f"{self.where}: `{name}` must be a list of strings")
        return tuple(values)

    def table(self, name: str) -> _Entry:
        return _Entry(self._take(name, (dict,), required=True), f"{self.where}: {name}")

    def tables(self, name: str, label: str) -> list[_Entry]:
        tables = self._take(name, (list,), required=False) or []
        return [_Entry(t, f"{self.where} → {label} {n}") for n, t in enumerate(tables, start=1)]

    def rest(self) -> dict[str, Any]:
        rest, self.data = self.data, {}
        return rest

    def done(self) -> None:
        if self.data:
            raise ContentError(f"{self.where}: unknown fields {sorted(self.data)}")


def _read(name: str) -> _Entry:
    try:
        with (CONTENT_DIR / name).open("rb") as file:
            return _Entry(tomllib.load(file), name)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{name}: {exc}") from exc


def _organisations(root: _Entry) -> tuple[OrganisationSpec, ...]:
    specs = []
    for e in root.tables("organisation", "organisation"):
        specs.append(
            OrganisationSpec(
                key=e.text("key"),
                name=e.text("name"),
                kind=e.text("kind"),
                short_name=e.text_or("short_name", ""),
                is_party=e.flag("is_party"),
                website=e.text_or("website", ""),
            )
        )
        e.done()
    return tuple(specs)


def _focus_areas(root: _Entry) -> tuple[FocusAreaSpec, ...]:
    specs = []
    for e in root.tables("focus_area", "focus area"):
        goals = []
        for g in e.tables("goal", "goal"):
            goals.append(
                GoalSpec(
                    g.text("key"),
                    g.text("title"),
                    g.text("description"),
                    title_en=g.text_or("title_en", ""),
                )
            )
            g.done()
        specs.append(
            FocusAreaSpec(
                key=e.text("key"),
                name=e.text("name"),
                name_en=e.text_or("name_en", ""),
                slug=e.text("slug"),
                north_star=e.text("north_star"),
                description=e.text("description"),
                goals=tuple(goals),
            )
        )
        e.done()
    return tuple(specs)


def _people(root: _Entry) -> tuple[PersonSpec, ...]:
    specs = []
    for e in root.tables("person", "person"):
        seats = []
        for seat in e.tables("core_team", "seat"):
            seats.append((seat.text("area"), seat.text("party")))
            seat.done()
        specs.append(
            PersonSpec(
                key=e.text("key"),
                name=e.text("name"),
                profile_type=e.text("profile_type"),
                organisation=e.maybe_text("organisation"),
                bio=e.text_or("bio", ""),
                roles=e.texts("roles"),
                superuser=e.flag("superuser"),
                core_team=tuple(seats),
                account=e.text_or("account", ""),
                consents=e.texts("consents"),
            )
        )
        e.done()
    return tuple(specs)


def _comment(e: _Entry) -> CommentSpec:
    replies = []
    for r in e.tables("reply", "reply"):
        replies.append(ReplySpec(r.text("author"), r.text("body")))
        r.done()
    spec = CommentSpec(
        author=e.text("author"),
        body=e.text("body"),
        replies=tuple(replies),
        hidden_reason=e.text_or("hidden_reason", ""),
        day=e.maybe_day("day"),
    )
    e.done()
    return spec


def _submissions(root: _Entry) -> list[SubmissionSpec]:
    specs = []
    for e in root.tables("submission", "submission"):
        e.where = f"{root.where}: {e.data.get('key', e.where)}"
        supports = []
        for s in e.tables("supports", "support"):
            supports.append(SupportSpec(s.text("person"), s.text("kind"), s.text_or("note", "")))
            s.done()
        specs.append(
            SubmissionSpec(
                key=e.text("key"),
                title=e.text("title"),
                kind=e.text("kind"),
                status=e.text("status"),
                author=e.text("author"),
                area=e.maybe_text("area"),
                created=e.number("created"),
                summary=e.text("summary"),
                description=e.text("description"),
                goals=e.texts("goals"),
                organisations=e.texts("organisations"),
                tags=e.texts("tags"),
                show_author_name=e.flag("show_author_name", default=True),
                reason=e.text_or("reason", ""),
                hidden_reason=e.text_or("hidden_reason", ""),
                supports=tuple(supports),
                comments=tuple(_comment(c) for c in e.tables("comment", "comment")),
                where=e.where,
            )
        )
        e.done()
    return specs


def _registration(event: _Entry) -> RegistrationSpec | None:
    if "registration" not in event.data:
        return None
    r = event.table("registration")
    guests = []
    for g in r.tables("guest", "guest"):
        guests.append(
            GuestSpec(
                g.text("name"),
                g.text("email"),
                g.text("sector"),
                dietary=g.text_or("dietary", ""),
                accessibility=g.text_or("accessibility", ""),
            )
        )
        g.done()
    spec = RegistrationSpec(
        capacity=r.maybe_number("capacity"),
        deadline_days_before=r.maybe_number("deadline_days_before"),
        is_open=r.flag("open", default=True),
        waiting_list=r.flag("waiting_list", default=True),
        people=r.texts("people"),
        guests=tuple(guests),
        cancelled=r.texts("cancelled"),
        attended=r.texts("attended"),
    )
    r.done()
    return spec


def _feedback(root: _Entry) -> tuple[FeedbackSpec, ...]:
    forms = []
    for f in root.tables("feedback", "feedback"):
        f.where = f"{root.where}: {f.data.get('event', f.where)}"
        questions = []
        for q in f.tables("question", "question"):
            questions.append(
                FeedbackQuestionSpec(
                    q.text("kind"), q.text("text"), q.texts("choices"), q.flag("required")
                )
            )
            q.done()
        answers = []
        for a in f.tables("answer", "answer"):
            ratings = a._take("ratings", (list,), required=False) or []
            given = a._take("answers", (list,), required=False) or []
            answers.append(
                FeedbackAnswerSpec(
                    by=a.text("by"),
                    ratings=tuple(int(r) for r in ratings),
                    learned=a._take("learned", (bool,), required=False),
                    contacts=a._take("contacts", (bool,), required=False),
                    comment=a.text_or("comment", ""),
                    answers=tuple(given),
                )
            )
            a.done()
        forms.append(
            FeedbackSpec(
                event=f.text("event"),
                intro=f.text_or("intro", ""),
                opens_hours_before_end=f.maybe_number("opens_hours_before_end") or 0,
                open_days=f.number("open_days"),
                self_rating=f.flag("self_rating", default=True),
                questions=tuple(questions),
                answers=tuple(answers),
                where=f.where,
            )
        )
        f.done()
    return tuple(forms)


def _events(root: _Entry) -> tuple[ForumSeriesSpec, tuple[EventSpec, ...], tuple[BoardSpec, ...]]:
    s = root.table("forum_series")
    series = ForumSeriesSpec(s.text("title"), s.text("description"), s.text("area"))
    s.done()
    events = []
    for e in root.tables("event", "event"):
        e.where = f"{root.where}: {e.data.get('key', e.where)}"
        start, end = e._take("hours", (list,), required=True)
        events.append(
            EventSpec(
                key=e.text("key"),
                kind=e.text("kind"),
                title=e.text("title"),
                description=e.text("description"),
                day=e.number("day"),
                hours=(int(start), int(end)),
                days=e.maybe_number("days") or 1,
                place=e.text("place"),
                area=e.maybe_text("area"),
                organisers=e.texts("organisers"),
                in_series=e.flag("in_series"),
                where=e.where,
                registration=_registration(e),
            )
        )
        e.done()
    boards = []
    for e in root.tables("board", "board"):
        cards, clusters = [], []
        for c in e.tables("card", "card"):
            cards.append(
                CardSpec(
                    key=c.text("key"),
                    section=c.number("section"),
                    author=c.text("author"),
                    text=c.text("text"),
                    colour=c.text("colour"),
                )
            )
            c.done()
        for c in e.tables("cluster", "cluster"):
            clusters.append(ClusterSpec(c.number("section"), c.text("heading"), c.texts("cards")))
            c.done()
        links = e._take("links", (list,), required=False) or []
        boards.append(
            BoardSpec(
                title=e.text("title"),
                purpose=e.text("purpose"),
                template=e.text("template"),
                event=e.maybe_text("event"),
                cards=tuple(cards),
                clusters=tuple(clusters),
                links=tuple((str(source), str(target)) for source, target in links),
                where=e.where,
            )
        )
        e.done()
    return series, tuple(events), tuple(boards)


def _score(e: _Entry) -> ScoreSpec:
    item, assessor = e.text("item"), e.text("assessor")
    values = {}
    # Every other field is a criterion, by its key: [value, "rationale"].
    for criterion, pair in e.rest().items():
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and type(pair[0]) is int
            and isinstance(pair[1], str)
        ):
            raise ContentError(f'{e.where}: `{criterion}` must be [value, "rationale"]')
        values[criterion] = (pair[0], pair[1])
    return ScoreSpec(item=item, assessor=assessor, values=values)


def _rounds(root: _Entry) -> tuple[RoundSpec, ...]:
    specs = []
    for e in root.tables("round", "round"):
        e.where = f"{root.where}: {e.data.get('key', e.where)}"
        conflicts, votes, decisions = [], [], []
        for c in e.tables("conflict", "conflict"):
            conflicts.append(ConflictSpec(c.text("item"), c.text("assessor"), c.text("reason")))
            c.done()
        for v in e.tables("vote", "vote"):
            votes.append(
                VoteSpec(
                    v.text("item"), v.text("assessor"), v.text("choice"), v.text_or("comment", "")
                )
            )
            v.done()
        for d in e.tables("decision", "decision"):
            decisions.append(DecisionSpec(d.text("item"), d.number("day"), d.text("rationale")))
            d.done()
        specs.append(
            RoundSpec(
                key=e.text("key"),
                area=e.text("area"),
                title=e.text("title"),
                description=e.text_or("description", ""),
                created=e.number("created"),
                opened=e.maybe_number("opened"),
                deadline=e.number("deadline"),
                closed=e.maybe_number("closed"),
                items=e.texts("items"),
                submitted=e.texts("submitted"),
                conflicts=tuple(conflicts),
                scores=tuple(_score(s) for s in e.tables("score", "score")),
                votes=tuple(votes),
                decisions=tuple(decisions),
                where=e.where,
            )
        )
        e.done()
    return tuple(specs)


def _initiatives(root: _Entry) -> tuple[InitiativeSpec, ...]:
    specs = []
    for e in root.tables("initiative", "initiative"):
        e.where = f"{root.where}: {e.data.get('submission', e.where)}"
        owner = e.text("owner")
        changes, reports = [], []
        for c in e.tables("change", "change"):
            changes.append(
                ChangeSpec(
                    day=c.number("day"),
                    by=c.text_or("by", owner),
                    stage=c.maybe_text("stage"),
                    leveraged_funding=c.maybe_number("leveraged_funding"),
                )
            )
            c.done()
        for r in e.tables("report", "report"):
            reports.append(
                ReportSpec(r.number("day"), r.text_or("by", owner), r.text("light"), r.text("note"))
            )
            r.done()
        specs.append(
            InitiativeSpec(
                submission=e.text("submission"),
                title=e.text_or("title", ""),
                summary=e.text_or("summary", ""),
                type=e.text("type"),
                created=e.number("created"),
                owner=owner,
                process_lead=e.maybe_text("process_lead"),
                seed_funding_requested=e.maybe_number("seed_funding_requested"),
                seed_funding_granted=e.maybe_number("seed_funding_granted"),
                changes=tuple(changes),
                reports=tuple(reports),
                where=e.where,
            )
        )
        e.done()
    return tuple(specs)
