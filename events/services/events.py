"""Events: forum meetings, matchmaking sessions, labs and the rest.

Facilitators and administrators set events up; an event's organisers may change it and run
boards in it (events/permissions.py). Boards point at their event (`boards.services.board_create`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from common.markdown import render_markdown
from events import permissions
from events.models import Event, ForumSeries
from hub.models import FocusArea, User

MAX_ORGANISERS = 20
Errors = dict[str, list[str]]


@dataclass(frozen=True)
class EventInput:
    """An event as it is set up or changed. Relations are objects, resolved by the edge."""

    title: str
    kind: str
    starts_at: datetime | None
    ends_at: datetime | None
    description: str = ""  # Markdown
    place: str = ""  # free text: an address, a room, or "Digitalt"
    focus_area: FocusArea | None = None  # None in a series: the series' focus area
    series: ForumSeries | None = None  # forum meetings only
    series_number: int | None = None  # None in a series: the next free number
    organisers: Sequence[User] = ()

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> EventInput:
        """From an edge's cleaned fields (a form's, the admin's, a serializer's): those named
        as here are taken, missing ones are empty."""
        known = {name: value for name, value in fields.items() if name in cls.__dataclass_fields__}
        known["organisers"] = list(known.get("organisers") or [])
        empty = {"title": "", "kind": "", "starts_at": None, "ends_at": None}
        return cls(**(empty | known))

    @classmethod
    def of(cls, event: Event) -> EventInput:
        """An event as it is now: the start of a change that sends only some fields."""
        return cls(
            title=event.title,
            kind=event.kind,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            description=event.description,
            place=event.place,
            focus_area=event.focus_area,
            series=event.series,
            series_number=event.series_number,
            organisers=list(event.organisers.all()),
        )


def event_create(*, actor: User, data: EventInput) -> Event:
    """Set up an event. Its organisers may change it and run boards in it from then on."""
    if not permissions.can_create_event(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    event = Event(created_by=actor)
    organisers = _validate_event(event, data)
    with transaction.atomic():
        _number_in_series(event)
        _save_event(event, organisers)
    return event


def event_update(*, actor: User, event: Event, data: EventInput) -> Event:
    """Change an event: facilitators, administrators and the event's organisers may."""
    with transaction.atomic():
        try:
            event = Event.objects.select_for_update().get(pk=event.pk)
        except Event.DoesNotExist:
            raise ServiceError(ErrorCode.NOT_FOUND) from None
        if not permissions.can_edit_event(actor, event):
            raise ServiceError(ErrorCode.FORBIDDEN)
        organisers = _validate_event(event, data)
        _number_in_series(event)
        _save_event(event, organisers)
    return event


def event_delete(*, actor: User, event: Event) -> None:
    """Remove an event: facilitators and administrators may. Its boards stay, standalone
    (with all they hold), and a forum series keeps its other meetings."""
    if not permissions.can_delete_event(actor, event):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        deleted, _per_model = Event.objects.filter(pk=event.pk).delete()
    if not deleted:
        raise ServiceError(ErrorCode.NOT_FOUND)


def _validate_event(event: Event, data: EventInput) -> list[User]:
    """Copy `data` onto `event` and check it all, raising one ValidationError with every
    field's messages. Returns the organisers to set."""
    series = data.series
    event.title = (data.title or "").strip()
    event.kind = data.kind
    event.description = (data.description or "").strip()
    event.place = " ".join((data.place or "").split())
    event.starts_at = data.starts_at  # type: ignore[assignment]
    event.ends_at = data.ends_at  # type: ignore[assignment]
    event.series = series
    event.series_number = data.series_number
    event.focus_area = data.focus_area or (series.focus_area if series is not None else None)
    errors: Errors = {}
    try:
        # The database constraints are checked by clean() with messages per field; a
        # meeting's number by _number_in_series, under the series' lock.
        event.full_clean(exclude=["created_by"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        series is not None
        and series.focus_area_id is not None
        and event.focus_area_id != series.focus_area_id
    ):
        errors.setdefault("focus_area", []).append(
            _("En forumträff har samma fokusområde som sin forumserie.")
        )
    organisers = list({person.pk: person for person in data.organisers}.values())
    if any(not person.is_active for person in organisers):
        errors.setdefault("organisers", []).append(_("Arrangörerna måste ha aktiva konton."))
    if len(organisers) > MAX_ORGANISERS:
        errors.setdefault("organisers", []).append(
            _("Högst %(n)d arrangörer.") % {"n": MAX_ORGANISERS}
        )
    if errors:
        raise ValidationError(errors)
    event.description_html = render_markdown(event.description)
    return organisers


def _number_in_series(event: Event) -> None:
    """Give a forum meeting its number in its series: the next free one unless chosen.
    Call inside the transaction: the series stays locked until it commits."""
    if event.series_id is None:
        return
    if not ForumSeries.objects.select_for_update().filter(pk=event.series_id).exists():
        raise ValidationError({"series": [_("Forumserien finns inte.")]})
    others = Event.objects.filter(series_id=event.series_id).exclude(pk=event.pk)
    if event.series_number is None:
        event.series_number = (others.aggregate(n=Max("series_number"))["n"] or 0) + 1
    elif others.filter(series_number=event.series_number).exists():
        raise ValidationError(
            {"series_number": [_("Serien har redan en träff %(n)d.") % {"n": event.series_number}]}
        )


def _save_event(event: Event, organisers: list[User]) -> None:
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:  # a meeting numbered the same in another transaction
        raise ValidationError({"series_number": [_("Numret är redan taget i serien.")]}) from None
    event.organisers.set(organisers)
