"""Registering, the waiting list, cancelling, attendance and the organisers' settings, through
the services: every flow, and every refusal changing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.errors import ErrorCode, ServiceError
from hub.models import Notification
from registrations import notifications, services
from registrations.errors import Reason, RegistrationError
from registrations.links import guest_cancel_token
from registrations.models import Registration, RegistrationStatus, Sector
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.registrations.factories import (
    GuestRegistrationFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
)

pytestmark = pytest.mark.django_db

DATA = services.RegistrationInput(
    sector=Sector.ACADEMIA, organisation_name="Mälardalens universitet"
)


def open_event(**settings):
    organiser = UserFactory(display_name="Olle Organisatör")
    event = EventFactory(organisers=[organiser])
    RegistrationSettingsFactory(event=event, **settings)
    return event, organiser


def snapshot():
    return list(
        Registration.objects.order_by("pk").values_list("pk", "person", "guest_email", "status")
    )


def register(event, person=None, **fields):
    data = services.RegistrationInput(**{"sector": Sector.MUNICIPALITY, **fields})
    return services.registration_create(actor=person or UserFactory(), event=event, data=data)


def guest(event, email="kim@example.org", name="Kim Gäst"):
    return services.guest_registration_create(
        event=event, guest=services.GuestInput(name=name, email=email), data=DATA
    )


# --- Registering ------------------------------------------------------------------------------


def test_a_person_registers_and_gets_a_place(participant):
    event, organiser = open_event(capacity=10)
    registration = services.registration_create(actor=participant, event=event, data=DATA)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.confirmed_at is not None
    assert (registration.sector, registration.organisation_name) == (
        Sector.ACADEMIA,
        "Mälardalens universitet",
    )
    kinds = dict(Notification.objects.values_list("recipient", "kind"))
    assert kinds == {
        participant.pk: notifications.CONFIRMED,
        organiser.pk: notifications.NEW_REGISTRATION,
    }


def test_a_full_event_puts_people_on_the_waiting_list_in_order():
    event, _organiser = open_event(capacity=2)
    first, second = register(event), register(event)
    third, fourth = register(event), register(event)
    assert [r.status for r in (first, second)] == [RegistrationStatus.CONFIRMED] * 2
    assert [r.status for r in (third, fourth)] == [RegistrationStatus.WAITLISTED] * 2
    assert Notification.objects.get(recipient=third.person).kind == notifications.WAITLISTED


def test_a_cancelled_place_goes_to_the_first_on_the_waiting_list():
    event, _organiser = open_event(capacity=1)
    holder = register(event)
    first_waiting, second_waiting = register(event), register(event)

    services.registration_cancel(actor=holder.person, registration=holder)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert second_waiting.status == RegistrationStatus.WAITLISTED
    assert Notification.objects.filter(
        recipient=first_waiting.person, kind=notifications.PROMOTED
    ).exists()


def test_leaving_the_waiting_list_moves_nobody_up():
    event, _organiser = open_event(capacity=1)
    register(event)
    waiting = register(event)
    behind = register(event)
    services.registration_cancel(actor=waiting.person, registration=waiting)
    behind.refresh_from_db()
    assert behind.status == RegistrationStatus.WAITLISTED


def test_without_a_waiting_list_a_full_event_refuses():
    event, _organiser = open_event(capacity=1, waiting_list=False)
    register(event)
    before = snapshot()
    with pytest.raises(RegistrationError) as refused:
        register(event)
    assert refused.value.reason == Reason.FULL
    assert snapshot() == before


def test_a_larger_capacity_gives_the_new_places_to_the_waiting_list(facilitator):
    event, _organiser = open_event(capacity=1)
    register(event)
    waiting = [register(event) for _ in range(3)]
    services.registration_settings_set(
        actor=facilitator, event=event, data=services.SettingsInput(capacity=3)
    )
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]


def test_a_smaller_capacity_takes_no_place_away(facilitator):
    event, _organiser = open_event(capacity=3)
    holders = [register(event) for _ in range(3)]
    services.registration_settings_set(
        actor=facilitator, event=event, data=services.SettingsInput(capacity=1)
    )
    assert {Registration.objects.get(pk=r.pk).status for r in holders} == {
        RegistrationStatus.CONFIRMED
    }
    assert register(event).status == RegistrationStatus.WAITLISTED


def test_registering_again_after_cancelling_is_allowed(participant):
    event, _organiser = open_event()
    first = services.registration_create(actor=participant, event=event, data=DATA)
    services.registration_cancel(actor=participant, registration=first)
    again = services.registration_create(actor=participant, event=event, data=DATA)
    assert again.pk != first.pk
    assert again.status == RegistrationStatus.CONFIRMED


# --- Refusals ---------------------------------------------------------------------------------


def test_registering_twice_is_refused(participant):
    event, _organiser = open_event()
    services.registration_create(actor=participant, event=event, data=DATA)
    before = snapshot()
    with pytest.raises(RegistrationError) as refused:
        services.registration_create(actor=participant, event=event, data=DATA)
    assert refused.value.reason == Reason.ALREADY_REGISTERED
    assert snapshot() == before


def test_the_database_holds_one_active_registration_per_person(participant):
    """Even a write that skips the service's check meets the unique constraint."""
    from django.db import IntegrityError, transaction

    event, _organiser = open_event()
    RegistrationFactory(event=event, person=participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, person=participant, status=RegistrationStatus.WAITLISTED)


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ({"is_open": False}, Reason.NOT_OPEN),
        ({"deadline": timezone.now() - timedelta(minutes=1)}, Reason.DEADLINE_PASSED),
    ],
)
def test_closed_or_past_the_deadline_is_refused(participant, settings, reason):
    event, _organiser = open_event(**settings)
    with pytest.raises(RegistrationError) as refused:
        services.registration_create(actor=participant, event=event, data=DATA)
    assert refused.value.reason == reason
    assert snapshot() == []


def test_an_event_that_takes_no_registrations_refuses(participant):
    event = EventFactory()
    with pytest.raises(RegistrationError) as refused:
        services.registration_create(actor=participant, event=event, data=DATA)
    assert refused.value.reason == Reason.NOT_OPEN


def test_an_event_that_has_started_takes_no_registrations(participant):
    event = EventFactory(starts_at=timezone.now() - timedelta(minutes=5))
    RegistrationSettingsFactory(event=event)
    with pytest.raises(RegistrationError) as refused:
        services.registration_create(actor=participant, event=event, data=DATA)
    assert refused.value.reason == Reason.DEADLINE_PASSED


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"sector": ""}, "sector"),
        ({"sector": "martian"}, "sector"),
        ({"dietary_needs": "x" * 501}, "dietary_needs"),
        ({"accessibility_needs": "a\x00b"}, "accessibility_needs"),
        ({"organisation_name": "o" * 201}, "organisation_name"),
    ],
)
def test_bad_input_is_refused_with_field_errors(participant, fields, field):
    event, _organiser = open_event()
    with pytest.raises(ValidationError) as refused:
        register(event, participant, **fields)
    assert field in refused.value.message_dict
    assert snapshot() == []


def test_anonymous_cannot_register_as_a_person():
    from django.contrib.auth.models import AnonymousUser

    event, _organiser = open_event()
    with pytest.raises(ServiceError) as refused:
        services.registration_create(actor=AnonymousUser(), event=event, data=DATA)  # type: ignore[arg-type]
    assert refused.value.code == ErrorCode.FORBIDDEN


def test_nobody_cancels_someone_elses_place(participant):
    event, _organiser = open_event()
    theirs = register(event)
    with pytest.raises(ServiceError) as refused:
        services.registration_cancel(actor=participant, registration=theirs)
    assert refused.value.code == ErrorCode.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.CONFIRMED


def test_cancelling_twice_is_refused(participant):
    event, _organiser = open_event()
    mine = services.registration_create(actor=participant, event=event, data=DATA)
    services.registration_cancel(actor=participant, registration=mine)
    with pytest.raises(RegistrationError) as refused:
        services.registration_cancel(actor=participant, registration=mine)
    assert refused.value.reason == Reason.ALREADY_CANCELLED


def test_no_cancelling_after_the_event(participant):
    event, _organiser = open_event()
    mine = services.registration_create(actor=participant, event=event, data=DATA)
    event.starts_at = timezone.now() - timedelta(hours=5)
    event.ends_at = timezone.now() - timedelta(hours=2)
    event.save()
    with pytest.raises(RegistrationError) as refused:
        services.registration_cancel(actor=participant, registration=mine)
    assert refused.value.reason == Reason.EVENT_OVER


# --- Guests -----------------------------------------------------------------------------------


def test_a_guest_registers_and_gets_an_email_with_a_cancel_link(
    mailoutbox, django_capture_on_commit_callbacks
):
    event, organiser = open_event()
    with django_capture_on_commit_callbacks(execute=True):
        registration = guest(event, email="Kim@Example.org")
    assert registration.person is None
    assert registration.guest_email == "kim@example.org"
    [message] = [m for m in mailoutbox if m.to == ["kim@example.org"]]
    assert event.title in message.subject
    token = guest_cancel_token(registration.pk)
    assert f"/anmalan/avanmal/{token}/" in message.body
    assert "Kim Gäst" in message.body
    assert "Kim Gäst" not in message.subject
    assert Notification.objects.get(recipient=organiser).kind == notifications.NEW_REGISTRATION


def test_a_guest_cannot_register_twice_with_one_address():
    event, _organiser = open_event()
    guest(event, email="kim@example.org")
    with pytest.raises(RegistrationError) as refused:
        guest(event, email="KIM@example.org")
    assert refused.value.reason == Reason.ALREADY_REGISTERED
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "email", "field"),
    [("", "kim@example.org", "name"), ("Kim", "not-an-address", "email"), ("Kim", "", "email")],
)
def test_a_guest_without_name_or_address_is_refused(name, email, field):
    event, _organiser = open_event()
    with pytest.raises(ValidationError) as refused:
        guest(event, email=email, name=name)
    assert field in refused.value.message_dict
    assert snapshot() == []


def test_a_name_that_tries_to_inject_a_header_stays_in_the_body(
    mailoutbox, django_capture_on_commit_callbacks
):
    event, _organiser = open_event()
    with django_capture_on_commit_callbacks(execute=True):
        guest(event, name="Kim\r\nBcc: victim@example.org")
    [message] = mailoutbox
    assert "victim@example.org" not in message.recipients()
    assert "\n" not in message.subject


def test_a_guest_cancels_by_the_link_and_the_place_moves_up():
    event, _organiser = open_event(capacity=1)
    holder = guest(event, email="first@example.org")
    waiting = register(event)
    services.guest_registration_cancel(token=guest_cancel_token(holder.pk))
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("token", ["", "nonsense", "eyJyIjoxfQ:forged"])
def test_a_tampered_cancel_link_is_refused(token):
    event, _organiser = open_event()
    holder = guest(event)
    with pytest.raises(RegistrationError) as refused:
        services.guest_registration_cancel(token=token)
    assert refused.value.reason == Reason.BAD_LINK
    holder.refresh_from_db()
    assert holder.status == RegistrationStatus.CONFIRMED


def test_a_cancel_link_never_cancels_a_persons_registration(participant):
    event, _organiser = open_event()
    theirs = services.registration_create(actor=participant, event=event, data=DATA)
    with pytest.raises(RegistrationError):
        services.guest_registration_cancel(token=guest_cancel_token(theirs.pk))
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.CONFIRMED


def test_a_used_cancel_link_does_nothing_more():
    event, _organiser = open_event()
    holder = guest(event)
    token = guest_cancel_token(holder.pk)
    services.guest_registration_cancel(token=token)
    with pytest.raises(RegistrationError) as refused:
        services.guest_registration_cancel(token=token)
    assert refused.value.reason == Reason.ALREADY_CANCELLED


def test_guests_are_rate_limited_per_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "guest_registration": (2, 3600)}
    event, _organiser = open_event()
    for n in range(2):
        services.guest_registration_create(
            event=event,
            guest=services.GuestInput(name="Kim", email=f"kim{n}@example.org"),
            data=DATA,
            client_key="203.0.113.7",
        )
    with pytest.raises(ServiceError) as refused:
        services.guest_registration_create(
            event=event,
            guest=services.GuestInput(name="Kim", email="kim9@example.org"),
            data=DATA,
            client_key="203.0.113.7",
        )
    assert refused.value.code == ErrorCode.RATE_LIMITED
    assert Registration.objects.count() == 2


# --- Attendance and settings ------------------------------------------------------------------


def test_organisers_mark_attendance_from_the_day_before():
    event, organiser = open_event()
    registration = register(event)
    with pytest.raises(RegistrationError) as refused:
        services.attendance_set(actor=organiser, registration=registration, attended=True)
    assert refused.value.reason == Reason.TOO_EARLY

    event.starts_at = timezone.now() + timedelta(hours=2)
    event.ends_at = event.starts_at + timedelta(hours=3)
    event.save()
    marked = services.attendance_set(actor=organiser, registration=registration, attended=True)
    assert marked.attended is True
    unmarked = services.attendance_set(actor=organiser, registration=registration, attended=False)
    assert unmarked.attended is False


def test_only_those_with_a_place_attend():
    event, organiser = open_event(capacity=1)
    event.starts_at = timezone.now() + timedelta(hours=1)
    event.ends_at = event.starts_at + timedelta(hours=1)
    event.save()
    register(event)
    waiting = register(event)
    with pytest.raises(RegistrationError) as refused:
        services.attendance_set(actor=organiser, registration=waiting, attended=True)
    assert refused.value.reason == Reason.NOT_CONFIRMED


def test_participants_do_not_mark_attendance(participant):
    event, _organiser = open_event()
    registration = services.registration_create(actor=participant, event=event, data=DATA)
    with pytest.raises(ServiceError) as refused:
        services.attendance_set(actor=participant, registration=registration, attended=True)
    assert refused.value.code == ErrorCode.NOT_FOUND


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (services.SettingsInput(capacity=0), "capacity"),
        (services.SettingsInput(capacity=10**9), "capacity"),
        (services.SettingsInput(deadline=timezone.now() + timedelta(days=30)), "deadline"),
    ],
)
def test_bad_settings_are_refused(facilitator, data, field):
    event = EventFactory()
    with pytest.raises(ValidationError) as refused:
        services.registration_settings_set(actor=facilitator, event=event, data=data)
    assert field in refused.value.message_dict
    assert not hasattr(event, "registration_settings")


def test_only_organisers_and_facilitators_set_registrations_up(participant, facilitator):
    event, organiser = open_event()
    for allowed in (organiser, facilitator):
        services.registration_settings_set(
            actor=allowed, event=event, data=services.SettingsInput(capacity=5)
        )
    with pytest.raises(ServiceError) as refused:
        services.registration_settings_set(
            actor=participant, event=event, data=services.SettingsInput(capacity=1)
        )
    assert refused.value.code == ErrorCode.FORBIDDEN
    event.registration_settings.refresh_from_db()
    assert event.registration_settings.capacity == 5


# --- Reminders and retention ------------------------------------------------------------------


def test_reminders_go_once_to_everyone_with_a_place_the_day_before(
    mailoutbox, django_capture_on_commit_callbacks
):
    soon = timezone.now() + timedelta(hours=20)
    event = EventFactory(starts_at=soon, ends_at=soon + timedelta(hours=2))
    person = RegistrationFactory(event=event)
    guest_place = GuestRegistrationFactory(event=event, guest_email="g@example.org")
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory()  # next week's event: not yet

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 2
        assert services.reminders_send() == 0  # a second run (or worker) sends nothing more

    reminded = Notification.objects.filter(kind=notifications.REMINDER)
    assert list(reminded.values_list("recipient", flat=True)) == [person.person_id]
    # The guest by email; the person in the hub and, as reminders are theirs, by email too.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [guest_place.guest_email, person.person.email]
    )


def test_retention_clears_needs_and_guests_after_the_event(settings):
    settings.REGISTRATION_NEEDS_DAYS = 30
    settings.REGISTRATION_GUEST_DAYS = 180
    long_ago = timezone.now() - timedelta(days=200)
    old = EventFactory(starts_at=long_ago, ends_at=long_ago + timedelta(hours=2))
    recent_start = timezone.now() - timedelta(days=40)
    recent = EventFactory(starts_at=recent_start, ends_at=recent_start + timedelta(hours=2))
    old_guest = GuestRegistrationFactory(event=old, dietary_needs="Vegan", attended=True)
    recent_guest = GuestRegistrationFactory(event=recent, accessibility_needs="Hörslinga")
    upcoming = RegistrationFactory(dietary_needs="Glutenfri")

    from registrations.services.retention import registrations_retention_apply

    assert registrations_retention_apply() == 3  # old guest: needs, then name; recent: needs

    old_guest.refresh_from_db()
    recent_guest.refresh_from_db()
    upcoming.refresh_from_db()
    assert (old_guest.guest_name, old_guest.guest_email, old_guest.dietary_needs) == ("", "", "")
    assert old_guest.attended and old_guest.sector == Sector.CITIZEN  # the figures stay
    assert recent_guest.guest_email and recent_guest.accessibility_needs == ""
    assert upcoming.dietary_needs == "Glutenfri"
