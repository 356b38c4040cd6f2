"""Reads of registrations: an event's figures and the viewer's own registration (for its page
and the API), the organisers' list, and the events a person registered for.

The figures are public (registered, attended, places left), as the partnership reports them;
who registered, with their needs, is for those who run the event (`permissions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import token_hash
from common.errors import ErrorCode, ServiceError
from common.ids import lookup_id
from events.models import Event
from hub.models import User
from hub.permissions import is_authenticated
from registrations import permissions
from registrations.models import (
    ACTIVE,
    CalendarFeed,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
)


@dataclass(frozen=True)
class RegistrationSummary:
    """What an event's page says about registering, for one viewer."""

    takes_registrations: bool  # set up at all
    is_open: bool  # open now: set up, not closed, before the deadline
    capacity: int | None
    deadline: datetime | None  # when registrations close (the deadline, else the start)
    waiting_list: bool
    confirmed: int
    waitlisted: int
    attended: int
    mine: Registration | None  # the viewer's active registration
    waitlist_position: int | None  # the viewer's place in the queue, 1 for the first
    event_over: bool

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed >= self.capacity


def _settings_with_counts(event: Event) -> RegistrationSettings | None:
    """The event's registration settings with its figures, in one query (None: it takes no
    registrations, and has none)."""
    status = "event__registrations__status"
    confirmed = Q(**{status: RegistrationStatus.CONFIRMED})
    return (
        RegistrationSettings.objects.filter(event=event)
        .annotate(
            confirmed=Count("event__registrations", filter=confirmed),
            waitlisted=Count(
                "event__registrations", filter=Q(**{status: RegistrationStatus.WAITLISTED})
            ),
            attended=Count(
                "event__registrations", filter=confirmed & Q(event__registrations__attended=True)
            ),
        )
        .first()
    )


def registration_summary(
    *, event: Event, viewer: Any, now: datetime | None = None
) -> RegistrationSummary:
    """The event's registration figures and the viewer's own registration: one query, two
    for a signed-in viewer (three on the waiting list), whatever the number of registrations."""
    now = now or timezone.now()
    setup = _settings_with_counts(event)
    mine = None
    position = None
    if is_authenticated(viewer):
        mine = Registration.objects.filter(event=event, person=viewer, status__in=ACTIVE).first()
        if mine is not None and mine.status == RegistrationStatus.WAITLISTED:
            position = (
                Registration.objects.filter(
                    event=event,
                    status=RegistrationStatus.WAITLISTED,
                    created_at__lt=mine.created_at,
                ).count()
                + 1
            )
    deadline = (setup.deadline or event.starts_at) if setup else None
    return RegistrationSummary(
        takes_registrations=setup is not None,
        is_open=bool(setup and setup.is_open and deadline and now < deadline),
        capacity=setup.capacity if setup else None,
        deadline=deadline,
        waiting_list=setup.waiting_list if setup else False,
        confirmed=getattr(setup, "confirmed", 0),
        waitlisted=getattr(setup, "waitlisted", 0),
        attended=getattr(setup, "attended", 0),
        mine=mine,
        waitlist_position=position,
        event_over=now >= event.ends_at,
    )


def registration_list(*, event: Event, viewer: Any) -> QuerySet[Registration]:
    """Everyone who registered for `event`, for those who run it: those with a place, then
    the waiting list in its order, then the cancelled. One query however many. (Events are
    public, so a refusal here says so rather than pretending the list does not exist.)"""
    if not permissions.can_manage_registrations(viewer, event):
        raise ServiceError(ErrorCode.FORBIDDEN)
    order = {
        RegistrationStatus.CONFIRMED: 0,
        RegistrationStatus.WAITLISTED: 1,
        RegistrationStatus.CANCELLED: 2,
    }
    rank = Case(
        *(When(status=status, then=Value(value)) for status, value in order.items()),
        output_field=IntegerField(),
    )
    return (
        Registration.objects.filter(event=event)
        .select_related("person", "person__organisation", "event")
        .annotate(rank=rank)
        .order_by("rank", "created_at", "pk")
    )


def registration_get(*, pk: Any, viewer: Any) -> Registration:
    """One registration, for the person it is or those who run its event (else not found)."""
    try:
        registration = Registration.objects.select_related("event", "person").get(pk=lookup_id(pk))
    except (Registration.DoesNotExist, ValueError, TypeError, OverflowError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None
    if not (
        permissions.is_registrant(viewer, registration)
        or permissions.can_manage_registrations(viewer, registration.event)
    ):
        raise ServiceError(ErrorCode.NOT_FOUND)
    return registration


def my_registrations(*, viewer: Any) -> QuerySet[Registration]:
    """The viewer's active registrations, soonest event first (their calendar feed)."""
    if not is_authenticated(viewer):
        return Registration.objects.none()
    return (
        Registration.objects.filter(person=viewer, status__in=ACTIVE)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def calendar_feed_owner(*, secret: str) -> User:
    """Whose feed the secret opens; not found for a wrong, replaced or revoked one."""
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(key_hash=token_hash(str(secret)), person__is_active=True)
        .first()
    )
    if feed is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return feed.person


def has_calendar_feed(*, viewer: Any) -> bool:
    return is_authenticated(viewer) and CalendarFeed.objects.filter(person=viewer).exists()


def has_place(*, event: Event, person: Any) -> bool:
    """Whether `person` has a place at `event` (confirmed; attended or not)."""
    return bool(
        is_authenticated(person)
        and Registration.objects.filter(
            event=event, person=person, status=RegistrationStatus.CONFIRMED
        ).exists()
    )


def people_with_a_place(*, event: Event) -> QuerySet[User]:
    """The people (with accounts) who have a place at `event`."""
    return User.objects.filter(
        event_registrations__event=event,
        event_registrations__status=RegistrationStatus.CONFIRMED,
        is_active=True,
    ).distinct()


def guests_with_a_place(*, event: Event) -> QuerySet[Registration]:
    """The guests (without accounts) with a place at `event`, whose address is still kept."""
    return (
        Registration.objects.filter(
            event=event, person__isnull=True, status=RegistrationStatus.CONFIRMED
        )
        .exclude(guest_email="")
        .order_by("pk")
    )
