"""What each board operation takes: one frozen dataclass per kind of input, parsed in one
place from the operation's JSON fields, whichever edge they came over (the socket's `data`,
the REST API's body).

`parse` reads every field by its declaration and raises one `ValidationError` with
messages per field (on the socket: the `invalid` error with `fields`, see
docs/realtime-protocol.md). The REST API builds its request serializers from the same
declarations (`boards/api`), so a field is declared once. Only the shape is checked here
(types, limits, known values); what depends on the board (its phase, whether a card exists
for the participant) is the operation's to check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from django.core.exceptions import ValidationError
from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boards.models import CARD_TEXT_MAX, HEADING_MAX, BoardPhase, CardColour
from common.text import text_problem

ID_LIMIT = 2**53  # JavaScript's safe integers: ids and positions the browser can hold
CLUSTER_CARDS_MAX = 200
TIMER_MAX_SECONDS = 4 * 3600


class Refused(Exception):  # noqa: N818 (not an error: one field's message, collected by parse)
    def __init__(self, message: str) -> None:
        self.message = message


class Spec:
    """How one field is read: `read` returns its value or raises `Refused`."""

    __slots__ = ("doc", "required")

    def __init__(self, *, required: bool, doc: str = "") -> None:
        self.required, self.doc = required, doc

    def read(self, value: Any) -> Any:
        raise NotImplementedError


class Number(Spec):
    """A whole number from 0 (an id, a position), optionally within `bounds`."""

    __slots__ = ("bounds", "bounds_message")

    def __init__(
        self,
        *,
        required: bool = True,
        doc: str = "",
        bounds: tuple[int, int] | None = None,
        bounds_message: Promise | str = "",
    ) -> None:
        super().__init__(required=required, doc=doc)
        self.bounds, self.bounds_message = bounds, bounds_message

    def read(self, value: Any) -> int | None:
        if value is None:
            if self.required:
                raise Refused(_("Saknas."))
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < ID_LIMIT:
            raise Refused(_("Ska vara ett heltal."))
        if self.bounds is not None and not self.bounds[0] <= value <= self.bounds[1]:
            raise Refused(str(self.bounds_message))
        return value


class Text(Spec):
    """Text, trimmed; not empty and at most `limit` characters."""

    __slots__ = ("limit",)

    def __init__(self, limit: int, *, required: bool = True, doc: str = "") -> None:
        super().__init__(required=required, doc=doc)
        self.limit = limit

    def read(self, value: Any) -> str | None:
        if value is None:
            if self.required:
                raise Refused(_("Saknas."))
            return None
        if not isinstance(value, str):
            raise Refused(_("Ska vara text."))
        value = value.strip()
        if not value:
            raise Refused(_("Får inte vara tom."))
        if problem := text_problem(value):
            raise Refused(problem)
        if len(value) > self.limit:
            raise Refused(_("Högst %(n)d tecken.") % {"n": self.limit})
        return value


class Choice(Spec):
    """One of `choices`' values; a missing required one is as unknown as a wrong one."""

    __slots__ = ("choices", "message")

    def __init__(
        self,
        choices: type[Choices],
        message: Promise,
        *,
        required: bool = True,
        doc: str = "",
    ) -> None:
        super().__init__(required=required, doc=doc)
        self.choices, self.message = choices, message

    def read(self, value: Any) -> str | None:
        if value is None and not self.required:
            return None
        if value not in self.choices.values:
            raise Refused(str(self.message))
        return str(value)


class Flag(Spec):
    __slots__ = ()

    def read(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Refused(_("Ska vara true eller false."))
        return value


class Numbers(Spec):
    """A list of ids (at most `limit`); missing is an empty list."""

    __slots__ = ("limit", "message")

    def __init__(self, limit: int, message: Promise, *, doc: str = "") -> None:
        super().__init__(required=False, doc=doc)
        self.limit, self.message = limit, message

    def read(self, value: Any) -> tuple[int, ...]:
        if value is None:
            return ()
        if (
            not isinstance(value, list)
            or len(value) > self.limit
            or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in value)
        ):
            raise Refused(str(self.message))
        return tuple(value)


def declared(spec: Spec) -> Any:
    """A dataclass field read by `spec`; an optional one defaults to what `spec` reads for
    a missing value."""
    if spec.required:
        return dataclasses.field(metadata={"spec": spec})
    return dataclasses.field(default=spec.read(None), metadata={"spec": spec})


class OperationInput:
    """The base of every operation's input; subclasses are frozen dataclasses."""

    __slots__ = ()
    specs: ClassVar[tuple[tuple[str, Spec], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.specs = ()  # filled in by `input_type` once the dataclass fields exist

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Self:
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for name, spec in cls.specs:
            try:
                values[name] = spec.read(data.get(name))
            except Refused as refused:
                errors[name] = [refused.message]
        if errors:
            raise ValidationError(errors)
        made = cls(**values)
        made.check()
        return made

    def check(self) -> None:
        """Rules across fields, after each field has been read."""


def input_type[T: type[OperationInput]](cls: T) -> T:
    """Register the dataclass's declared fields (see `declared`) for `parse`, in order."""
    cls.specs = tuple((f.name, f.metadata["spec"]) for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    return cls


frozen = dataclass(frozen=True, slots=True, kw_only=True)


@input_type
@frozen
class CardAddInput(OperationInput):
    section: int = declared(Number(doc="A section (column) of this board."))
    text: str = declared(Text(CARD_TEXT_MAX, doc=f"Up to {CARD_TEXT_MAX} characters."))
    colour: str | None = declared(
        Choice(CardColour, gettext_lazy("Okänd färg."), required=False, doc="Yellow unless given.")
    )


@input_type
@frozen
class CardEditInput(OperationInput):
    card: int = declared(Number())
    text: str | None = declared(Text(CARD_TEXT_MAX, required=False))
    colour: str | None = declared(Choice(CardColour, gettext_lazy("Okänd färg."), required=False))

    def check(self) -> None:
        if self.text is None and self.colour is None:
            raise ValidationError({"text": [_("Ange ny text eller färg.")]})


@input_type
@frozen
class CardMoveInput(OperationInput):
    card: int = declared(Number())
    section: int = declared(Number(doc="The section to move to (may be the same)."))
    position: int = declared(Number(doc="0-based place in that section."))


@input_type
@frozen
class CardInput(OperationInput):
    """One card: to delete, or to vote for or take a vote from."""

    card: int = declared(Number())


@input_type
@frozen
class CardClusterInput(OperationInput):
    card: int = declared(Number())
    cluster: int | None = declared(Number(required=False, doc="null: out of its cluster."))


@input_type
@frozen
class ClusterCreateInput(OperationInput):
    section: int = declared(Number())
    heading: str = declared(Text(HEADING_MAX))
    cards: tuple[int, ...] = declared(
        Numbers(CLUSTER_CARDS_MAX, gettext_lazy("Ska vara en lista med lappar."))
    )


@input_type
@frozen
class ClusterRemoveInput(OperationInput):
    cluster: int = declared(Number())


@input_type
@frozen
class LinkInput(OperationInput):
    """Two cards, to link or unlink (links have no direction)."""

    source: int = declared(Number())
    target: int = declared(Number())


@input_type
@frozen
class PhaseInput(OperationInput):
    phase: str = declared(Choice(BoardPhase, gettext_lazy("Okänd fas.")))


@input_type
@frozen
class TimerInput(OperationInput):
    seconds: int | None = declared(
        Number(
            required=False,
            bounds=(1, TIMER_MAX_SECONDS),
            bounds_message=gettext_lazy("Mellan 1 sekund och 4 timmar."),
            doc="null: stop the timer.",
        )
    )


@input_type
@frozen
class LockInput(OperationInput):
    locked: bool = declared(Flag(required=True))
