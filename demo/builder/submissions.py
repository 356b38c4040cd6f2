"""Submissions with their history: written, reviewed, discussed, supported, moderated.

Every step goes through ideas.services, as of the moment it happened (`demo.clock`). A
submission that is an item of an assessment round only gets as far as review here; the round
(demo.builder.assessment) takes it on from there.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from demo.builder.state import Build, History
from demo.clock import as_of
from demo.specs import (
    CONVERSATION_DAYS,
    DECLINED,
    DRAFT,
    IN_REVIEW,
    PARKED,
    REVIEW_AFTER_DAYS,
    REVIEW_DECISION_AFTER_DAYS,
    SUBMITTED,
    WITHDRAWN,
    CommentSpec,
    SubmissionSpec,
    SupportSpec,
)
from ideas.services import (
    IdeaInput,
    comment_create,
    comment_hide,
    idea_create,
    idea_hide,
    idea_transition,
    support_add,
)

REPLY_AFTER = timedelta(hours=2)  # replies come soon after the comment they answer


def build_submissions(build: Build) -> None:
    in_rounds = {key: round.state for round in build.content.rounds for key in round.items}
    for spec in build.content.submissions:
        with build.step(spec.where):
            _submission(build, spec, round_state=in_rounds.get(spec.key))


def _submission(build: Build, spec: SubmissionSpec, *, round_state: str | None) -> None:
    timeline = build.timeline
    written = timeline.at(spec.created, hour=9)
    area = build.focus_areas[spec.area] if spec.area else None
    data = IdeaInput(
        title=spec.title,
        kind=spec.kind,
        summary=spec.summary,
        description=spec.description,
        focus_area=area,
        goals=[build.goals[(spec.area, key)] for key in spec.goals] if spec.area else [],
        organisations=[build.organisations[key] for key in spec.organisations],
        tags=list(spec.tags),
        show_author_name=spec.show_author_name,
    )
    author = build.people[spec.author]
    with as_of(written):
        idea = idea_create(author=author, data=data, submit=spec.status != DRAFT)
    build.ideas[spec.key] = idea
    build.summary.submissions += 1
    if spec.status == DRAFT:
        return

    history = History()
    # The conversation: over the weeks after it was written (never reaching today).
    window = min(timedelta(days=CONVERSATION_DAYS), timeline.now - written - timedelta(days=1))
    slots: list[str | CommentSpec | SupportSpec] = [
        *(["hide"] if spec.hidden_reason else []),
        *spec.comments,
        *spec.supports,
    ]
    gap = max(window, timedelta(hours=12)) / (len(slots) + 1)
    for index, slot in enumerate(slots, start=1):
        moment = timeline.past(timeline.working_hours(written + gap * index))
        if isinstance(slot, CommentSpec):
            _comment(build, history, idea, slot, moment)
        elif isinstance(slot, SupportSpec):
            history.add(moment, partial(_support, build, idea, slot))
        else:  # moderated first: nobody can comment on or support a hidden submission
            history.add(moment, partial(_hide, build, spec, idea))
    # Its own way through the lifecycle: reviewed, decided at review, or withdrawn.
    facilitator = build.facilitator
    target = _own_target(spec.status, round_state)
    if target != SUBMITTED and target != WITHDRAWN:
        reviewed = timeline.at(spec.created + REVIEW_AFTER_DAYS)
        history.add(reviewed, lambda: _move(build, idea, facilitator, IN_REVIEW, ""))
    if target in (PARKED, DECLINED):
        decided = timeline.at(spec.created + REVIEW_DECISION_AFTER_DAYS)
        history.add(decided, lambda: _move(build, idea, facilitator, target, spec.reason))
    if target == WITHDRAWN:
        withdrawn = timeline.past(timeline.working_hours(written + window + timedelta(hours=12)))
        history.add(withdrawn, lambda: _move(build, idea, author, WITHDRAWN, spec.reason))
    history.replay()


def _own_target(status: str, round_state: str | None) -> str:
    """How far a submission goes by itself: a round's items wait in review (or, in a draft
    round, where they are); the round does the rest."""
    if round_state is None or round_state == "draft":
        return status
    return IN_REVIEW


def _move(build: Build, idea: Any, actor: Any, to_status: str, reason: str) -> None:
    # The service locks and re-reads the row; keep the builder's copy current for later steps.
    moved = idea_transition(actor=actor, idea=idea, to_status=to_status, reason=reason)
    idea.status = moved.status


def _hide(build: Build, spec: SubmissionSpec, idea: Any) -> None:
    idea_hide(actor=build.facilitator, idea=idea, reason=spec.hidden_reason)
    idea.is_hidden = True


def _support(build: Build, idea: Any, spec: SupportSpec) -> None:
    support_add(user=build.people[spec.person], idea=idea, kind=spec.kind, note=spec.note)
    build.summary.supports += 1


def _comment(
    build: Build, history: History, idea: Any, spec: CommentSpec, moment: datetime
) -> None:
    if spec.day is not None:
        moment = build.timeline.at(spec.day, hour=11)
    holder: dict[str, Any] = {}

    def write() -> None:
        holder["comment"] = comment_create(
            author=build.people[spec.author], idea=idea, body=spec.body
        )
        build.summary.comments += 1

    history.add(moment, write)
    for index, reply in enumerate(spec.replies, start=1):

        def answer(author: str = reply.author, body: str = reply.body) -> None:
            comment_create(
                author=build.people[author], idea=idea, body=body, parent=holder["comment"]
            )
            build.summary.comments += 1

        history.add(build.timeline.past(moment + REPLY_AFTER * index), answer)
    if spec.hidden_reason:

        def hide() -> None:
            comment_hide(
                actor=build.facilitator, comment=holder["comment"], reason=spec.hidden_reason
            )

        history.add(build.timeline.past(moment + timedelta(hours=1)), hide)
