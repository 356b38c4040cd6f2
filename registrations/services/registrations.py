"""Registering for an event and cancelling: people with an account and guests, the capacity,
the deadline and the waiting list.

Every registration and cancellation of one event happens with the event's row locked
(`select_for_update`), so two people asking for the last place at once are served one after
the other: exactly one gets it, the other lands on the waiting list (or is told the event is
full). SQLite has no row locks, but the project opens its write transactions IMMEDIATE, which
serialises them the same way. The database's unique constraints hold "one active
registration per person (or guest address) and event" even against a client that sends the
same form twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from common.ratelimit import rate_limit_check
from events.models import Event
from hub.models import User
from hub.services.notifications import notify
from registrations import notifications, permissions
from registrations.errors import Reason, RegistrationError
from registrations.links import read_guest_cancel_token
from registrations.mails import guest_mail
from registrations.models import (
    ACTIVE,
    NAME_MAX,
    NEEDS_MAX,
    ORGANISATION_MAX,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    Sector,
)

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class RegistrationInput:
    """What a person tells the organiser when they register."""

    sector: str
    organisation_name: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""


@dataclass(frozen=True)
class GuestInput:
    """Who a guest is: they have no account that would say it."""

    name: str
    email: str


def _text_errors(value: str, field: str, limit: int, errors: Errors) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        errors[field] = [_("Högst %(n)d tecken.") % {"n": limit}]
    elif "\x00" in value:
        errors[field] = [_("Texten innehåller ett otillåtet tecken.")]
    return value


def _cleaned(data: RegistrationInput, errors: Errors) -> RegistrationInput:
    if data.sector not in Sector.values:
        errors["sector"] = [_("Välj den sektor du kommer från.")]
    return RegistrationInput(
        sector=data.sector,
        organisation_name=_text_errors(
            data.organisation_name, "organisation_name", ORGANISATION_MAX, errors
        ),
        dietary_needs=_text_errors(data.dietary_needs, "dietary_needs", NEEDS_MAX, errors),
        accessibility_needs=_text_errors(
            data.accessibility_needs, "accessibility_needs", NEEDS_MAX, errors
        ),
    )


def _cleaned_guest(guest: GuestInput, errors: Errors) -> GuestInput:
    name = _text_errors(guest.name, "name", NAME_MAX, errors)
    if not name and "name" not in errors:
        errors["name"] = [_("Skriv ditt namn.")]
    email = (guest.email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Skriv en giltig e-postadress.")]
    return GuestInput(name=name, email=email.lower())


def registration_deadline(event: Event, setup: RegistrationSettings) -> datetime:
    """When registrations close: the deadline set, else when the event starts."""
    return setup.deadline or event.starts_at


def _locked(event: Event) -> tuple[Event, RegistrationSettings]:
    """The event locked for this transaction, with its registration settings; refused when
    it takes no registrations (none set up, closed, or past the deadline)."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    setup = RegistrationSettings.objects.filter(event=locked).first()
    if setup is None or not setup.is_open:
        raise RegistrationError(Reason.NOT_OPEN)
    if timezone.now() >= registration_deadline(locked, setup):
        raise RegistrationError(Reason.DEADLINE_PASSED)
    return locked, setup


def confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _status_for_newcomer(event: Event, setup: RegistrationSettings) -> RegistrationStatus:
    """Confirmed while places are left; waitlisted when full (if the event keeps a list)."""
    if setup.capacity is None or confirmed_count(event) < setup.capacity:
        return RegistrationStatus.CONFIRMED
    if not setup.waiting_list:
        raise RegistrationError(Reason.FULL)
    return RegistrationStatus.WAITLISTED


def _create(event: Event, status: RegistrationStatus, **fields: object) -> Registration:
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: the constraint's refusal leaves no trace
            return Registration.objects.create(
                event=event,
                status=status,
                confirmed_at=now if status == RegistrationStatus.CONFIRMED else None,
                **fields,
            )
    except IntegrityError:
        raise RegistrationError(Reason.ALREADY_REGISTERED) from None


def _tell_organisers(event: Event, *, kind: str, actor: User | None) -> None:
    notify(
        recipients=event.organisers.all(),
        kind=kind,
        actor=actor,
        target_url=reverse("frontend:registration-list", args=[event.pk]),
        data={"title": event.title, "confirmed": confirmed_count(event)},
    )


def _tell_participant(registration: Registration, *, kind: str) -> None:
    """A person hears in the hub (and by email as they chose); a guest by email."""
    event = registration.event
    if registration.person is not None:
        notify(
            recipients=[registration.person],
            kind=kind,
            actor=None,
            target_url=event.get_absolute_url(),
            data={"title": event.title, "starts_at": event.starts_at.isoformat()},
        )
        return
    template = {
        notifications.CONFIRMED: "guest_registered",
        notifications.WAITLISTED: "guest_registered",
        notifications.PROMOTED: "guest_promoted",
        notifications.REMINDER: "guest_reminder",
    }[kind]
    guest_mail(registration=registration, template=template)


def _welcome(registration: Registration) -> None:
    waitlisted = registration.status == RegistrationStatus.WAITLISTED
    _tell_participant(
        registration, kind=notifications.WAITLISTED if waitlisted else notifications.CONFIRMED
    )


def registration_create(*, actor: User, event: Event, data: RegistrationInput) -> Registration:
    """Register `actor` for `event`: a place if one is left, else the waiting list."""
    if not permissions.can_register(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    errors: Errors = {}
    data = _cleaned(data, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked, setup = _locked(event)
        if Registration.objects.filter(event=locked, person=actor, status__in=ACTIVE).exists():
            raise RegistrationError(Reason.ALREADY_REGISTERED)
        registration = _create(
            locked,
            _status_for_newcomer(locked, setup),
            person=actor,
            language=actor.language,
            **vars(data),
        )
        _welcome(registration)
        _tell_organisers(locked, kind=notifications.NEW_REGISTRATION, actor=actor)
    return registration


def guest_registration_create(
    *, event: Event, guest: GuestInput, data: RegistrationInput, client_key: str = ""
) -> Registration:
    """Register a guest without an account, by name and email address. Their confirmation
    holds the link that cancels (there is no account to sign in to). Limited per client
    address, as each registration sends an email."""
    rate_limit_check(scope="guest_registration", key=client_key or "anonymous")
    errors: Errors = {}
    guest = _cleaned_guest(guest, errors)
    data = _cleaned(data, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked, setup = _locked(event)
        if Registration.objects.filter(
            event=locked,
            person__isnull=True,
            guest_email__iexact=guest.email,
            status__in=ACTIVE,
        ).exists():
            raise RegistrationError(Reason.ALREADY_REGISTERED)
        registration = _create(
            locked,
            _status_for_newcomer(locked, setup),
            guest_name=guest.name,
            guest_email=guest.email,
            language=translation.get_language() or "sv",
            **vars(data),
        )
        _welcome(registration)
        _tell_organisers(locked, kind=notifications.NEW_REGISTRATION, actor=None)
    return registration


def _cancel(registration: Registration, *, actor: User | None) -> Registration:
    with transaction.atomic():
        locked_event = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_related("event", "person").get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise RegistrationError(Reason.ALREADY_CANCELLED)
        if timezone.now() >= locked_event.ends_at:
            raise RegistrationError(Reason.EVENT_OVER)
        had_place = current.status == RegistrationStatus.CONFIRMED
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        if had_place:
            waiting_list_move_up(event=locked_event)
        _tell_organisers(locked_event, kind=notifications.CANCELLED, actor=actor)
    return current


def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """The person cancels their own place (or their spot on the waiting list)."""
    if not permissions.can_cancel_registration(actor, registration):
        raise ServiceError(ErrorCode.NOT_FOUND)  # someone else's registration is private
    return _cancel(registration, actor=actor)


def guest_registration_cancel(*, token: str) -> Registration:
    """A guest cancels through the link in their confirmation."""
    registration_id = read_guest_cancel_token(token)
    registration = (
        Registration.objects.filter(pk=registration_id, person__isnull=True).first()
        if registration_id is not None
        else None
    )
    if registration is None:
        raise RegistrationError(Reason.BAD_LINK)
    return _cancel(registration, actor=None)


def guest_registration_for_token(*, token: str) -> Registration:
    """The guest registration a cancel link names (to show before they confirm)."""
    registration_id = read_guest_cancel_token(token)
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=registration_id, person__isnull=True)
        .first()
        if registration_id is not None
        else None
    )
    if registration is None:
        raise RegistrationError(Reason.BAD_LINK)
    return registration


def waiting_list_move_up(*, event: Event) -> list[Registration]:
    """Give free places to the waiting list, first come first served. Called with the
    event's row locked (a cancellation, a larger capacity); tells each one who moved up."""
    setup = RegistrationSettings.objects.filter(event=event).first()
    if setup is None:
        return []
    free = None if setup.capacity is None else setup.capacity - confirmed_count(event)
    if free is not None and free <= 0:
        return []
    waiting = (
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
        .select_related("event", "person")
        .order_by("created_at", "pk")
    )
    moved = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for registration in moved:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _tell_participant(registration, kind=notifications.PROMOTED)
    return moved
