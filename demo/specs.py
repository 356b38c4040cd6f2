"""The demo content as typed specs: what demo/content/*.toml says, before anything is written.

`demo.reading.load()` reads the files into these; the builder turns them into rows through the
services. Days are relative to today (-30 is a month ago), so the demo always looks current.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_DOMAIN = "demo.samhallshubben.se"

# Statuses the story needs to reason about (ideas.models.IdeaStatus values).
DRAFT, SUBMITTED, IN_REVIEW, IN_ASSESSMENT = "draft", "submitted", "in_review", "in_assessment"
PROMOTED, PARKED, DECLINED, WITHDRAWN = "promoted", "parked", "declined", "withdrawn"
STATUSES = (DRAFT, SUBMITTED, IN_REVIEW, IN_ASSESSMENT, PROMOTED, PARKED, DECLINED, WITHDRAWN)
# What a round's decision turns a submission into, by the winning vote.
OUTCOMES = {"promote": PROMOTED, "park": PARKED, "decline": DECLINED}

# The rhythm of a submission's own history, in days after it was written: the facilitator
# takes it into review, decides on it at review (parked or declined), and people comment and
# support it over the weeks that follow.
REVIEW_AFTER_DAYS = 2
REVIEW_DECISION_AFTER_DAYS = 6
CONVERSATION_DAYS = 45


class ContentError(ValueError):
    """A mistake in a content file, named by file and entry."""


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


# --- Specs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    short_name: str
    is_party: bool
    website: str


@dataclass(frozen=True)
class GoalSpec:
    key: str
    title: str
    description: str
    title_en: str = ""


@dataclass(frozen=True)
class FocusAreaSpec:
    key: str
    name: str
    slug: str
    north_star: str
    description: str
    goals: tuple[GoalSpec, ...]
    name_en: str = ""


@dataclass(frozen=True)
class PersonSpec:
    key: str
    name: str
    profile_type: str
    organisation: str | None
    bio: str
    roles: tuple[str, ...]
    superuser: bool
    core_team: tuple[tuple[str, str], ...]  # (focus area key, party key)
    account: str  # the role this account demonstrates (README, "Demo accounts"); "" for others
    consents: tuple[str, ...] = ()  # hub.models.ConsentKind values the person gave

    @property
    def email(self) -> str:
        return demo_email(self.key)

    @property
    def role_label(self) -> str:
        return self.account


@dataclass(frozen=True)
class ReplySpec:
    author: str
    body: str


@dataclass(frozen=True)
class CommentSpec:
    author: str
    body: str
    replies: tuple[ReplySpec, ...]
    hidden_reason: str
    day: float | None  # None: in turn, in the weeks after the submission was written


@dataclass(frozen=True)
class SupportSpec:
    person: str
    kind: str
    note: str


@dataclass(frozen=True)
class SubmissionSpec:
    key: str
    title: str
    kind: str
    status: str
    author: str
    area: str | None
    created: int
    summary: str
    description: str
    goals: tuple[str, ...]
    organisations: tuple[str, ...]
    tags: tuple[str, ...]
    show_author_name: bool
    reason: str  # why it was parked, declined or withdrawn outside a round
    hidden_reason: str
    supports: tuple[SupportSpec, ...]
    comments: tuple[CommentSpec, ...]
    where: str


@dataclass(frozen=True)
class ForumSeriesSpec:
    title: str
    description: str
    area: str


@dataclass(frozen=True)
class GuestSpec:
    """A guest registered by name and address: invented people (example.org addresses)."""

    name: str
    email: str
    sector: str
    dietary: str = ""
    accessibility: str = ""


@dataclass(frozen=True)
class RegistrationSpec:
    """How an event took registrations, and who came. `people` register in the order
    listed (the last ones land on the waiting list of a full event); `cancelled` cancel a
    few days before; `attended` (people keys and guest addresses) were marked at the door."""

    capacity: int | None
    deadline_days_before: int | None
    is_open: bool
    waiting_list: bool
    people: tuple[str, ...]
    guests: tuple[GuestSpec, ...]
    cancelled: tuple[str, ...]
    attended: tuple[str, ...]


@dataclass(frozen=True)
class FeedbackQuestionSpec:
    kind: str
    text: str
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class FeedbackAnswerSpec:
    """One answer: `by` a person key, a guest's address (their personal link) or "guest"
    (the QR code, a browser of its own); the five ratings in the order creativity,
    engagement, inclusion, quality, inspiration; and answers to the own questions in order."""

    by: str
    ratings: tuple[int, ...]
    learned: bool | None
    contacts: bool | None
    comment: str
    answers: tuple[object, ...]


@dataclass(frozen=True)
class FeedbackSpec:
    event: str
    intro: str
    opens_hours_before_end: int
    open_days: int
    self_rating: bool
    questions: tuple[FeedbackQuestionSpec, ...]
    answers: tuple[FeedbackAnswerSpec, ...]
    where: str


@dataclass(frozen=True)
class EventSpec:
    key: str
    kind: str
    title: str
    description: str
    day: int
    hours: tuple[int, int]
    days: int
    place: str
    area: str | None
    organisers: tuple[str, ...]
    in_series: bool
    where: str
    registration: RegistrationSpec | None = None


@dataclass(frozen=True)
class CardSpec:
    key: str
    section: int
    author: str
    text: str
    colour: str


@dataclass(frozen=True)
class ClusterSpec:
    section: int
    heading: str
    cards: tuple[str, ...]


@dataclass(frozen=True)
class BoardSpec:
    title: str
    purpose: str
    template: str
    event: str | None
    cards: tuple[CardSpec, ...]
    clusters: tuple[ClusterSpec, ...]
    links: tuple[tuple[str, str], ...]
    where: str


@dataclass(frozen=True)
class ScoreSpec:
    item: str
    assessor: str
    values: dict[str, tuple[int, str]]  # criterion key -> (value, rationale)


@dataclass(frozen=True)
class ConflictSpec:
    item: str
    assessor: str
    reason: str


@dataclass(frozen=True)
class VoteSpec:
    item: str
    assessor: str
    choice: str
    comment: str


@dataclass(frozen=True)
class DecisionSpec:
    item: str
    day: int
    rationale: str


@dataclass(frozen=True)
class RoundSpec:
    key: str
    area: str
    title: str
    description: str
    created: int
    opened: int | None
    deadline: int
    closed: int | None
    items: tuple[str, ...]
    submitted: tuple[str, ...]
    conflicts: tuple[ConflictSpec, ...]
    scores: tuple[ScoreSpec, ...]
    votes: tuple[VoteSpec, ...]
    decisions: tuple[DecisionSpec, ...]
    where: str

    @property
    def state(self) -> str:
        if self.opened is None:
            return "draft"
        return "open" if self.closed is None else "closed"


@dataclass(frozen=True)
class ChangeSpec:
    day: int
    by: str
    stage: str | None
    leveraged_funding: int | None


@dataclass(frozen=True)
class ReportSpec:
    day: int
    by: str
    light: str
    note: str


@dataclass(frozen=True)
class InitiativeSpec:
    submission: str
    title: str
    summary: str
    type: str
    created: int
    owner: str
    process_lead: str | None
    seed_funding_requested: int | None
    seed_funding_granted: int | None
    changes: tuple[ChangeSpec, ...]
    reports: tuple[ReportSpec, ...]
    where: str


@dataclass(frozen=True)
class Content:
    organisations: tuple[OrganisationSpec, ...]
    focus_areas: tuple[FocusAreaSpec, ...]
    people: tuple[PersonSpec, ...]
    submissions: tuple[SubmissionSpec, ...]
    forum_series: ForumSeriesSpec
    events: tuple[EventSpec, ...]
    boards: tuple[BoardSpec, ...]
    rounds: tuple[RoundSpec, ...]
    initiatives: tuple[InitiativeSpec, ...]
    feedback: tuple[FeedbackSpec, ...] = ()
    accounts: tuple[PersonSpec, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "accounts", tuple(p for p in self.people if p.account))
