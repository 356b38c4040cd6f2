"""What the builder modules share while they build: the content, the clock, and the rows made
so far, looked up by the content's keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError

from common.errors import ServiceError
from demo.clock import Timeline, as_of
from demo.specs import Content, ContentError


@dataclass
class Summary:
    """How much the build made, for the command's report."""

    organisations: int = 0
    focus_areas: int = 0
    goals: int = 0
    people: int = 0
    submissions: int = 0
    comments: int = 0
    supports: int = 0
    events: int = 0
    boards: int = 0
    cards: int = 0
    rounds: int = 0
    scores: int = 0
    votes: int = 0
    decisions: int = 0
    initiatives: int = 0
    status_reports: int = 0
    registrations: int = 0
    feedback_answers: int = 0


@dataclass
class Build:
    """The rows made so far, by content key (models of several apps, hence `Any`)."""

    content: Content
    timeline: Timeline = field(default_factory=Timeline)
    summary: Summary = field(default_factory=Summary)
    organisations: dict[str, Any] = field(default_factory=dict)
    focus_areas: dict[str, Any] = field(default_factory=dict)
    goals: dict[tuple[str, str], Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    ideas: dict[str, Any] = field(default_factory=dict)
    events: dict[str, Any] = field(default_factory=dict)

    @property
    def facilitator(self) -> Any:
        """The processtöd account: it reviews, runs the rounds and keeps the portfolios."""
        return self.people["processtod"]

    @contextmanager
    def step(self, where: str) -> Iterator[None]:
        """Name the content entry in any refusal from a service while building it."""
        try:
            yield
        except (ValidationError, ServiceError) as exc:
            detail = exc.message_dict if isinstance(exc, ValidationError) else exc
            raise ContentError(f"{where}: the hub refused it: {detail}") from exc


class History:
    """Steps collected out of order and replayed in time order, each as of its moment."""

    def __init__(self) -> None:
        self.steps: list[tuple[datetime, int, Callable[[], None]]] = []

    def add(self, moment: datetime, step: Callable[[], None]) -> None:
        self.steps.append((moment, len(self.steps), step))

    def replay(self) -> None:
        for moment, _order, step in sorted(self.steps, key=lambda s: (s[0], s[1])):
            with as_of(moment):
                step()
        self.steps.clear()
