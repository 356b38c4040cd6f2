"""Who registered for the events, who cancelled and who came: each through the
registration services, as of when it happened (a few weeks before an event, the cancellations
a few days before, attendance at the door)."""

from __future__ import annotations

from datetime import timedelta

from demo.builder.state import Build
from demo.clock import as_of
from demo.specs import EventSpec, RegistrationSpec
from registrations.links import guest_cancel_token
from registrations.models import Registration, sector_of_organisation
from registrations.services import (
    GuestInput,
    RegistrationInput,
    SettingsInput,
    attendance_set,
    guest_registration_cancel,
    guest_registration_create,
    registration_cancel,
    registration_create,
    registration_settings_set,
)

OPENED_BEFORE = timedelta(days=20)  # registrations open soon after the event is put up
CANCELLED_BEFORE = timedelta(days=2)


def build_registrations(build: Build) -> None:
    for spec in build.content.events:
        if spec.registration is not None:
            with build.step(f"{spec.where}: registration"):
                _event(build, spec, spec.registration)


def _event(build: Build, spec: EventSpec, r: RegistrationSpec) -> None:
    timeline = build.timeline
    event = build.events[spec.key]
    organiser = build.facilitator
    deadline = (
        event.starts_at - timedelta(days=r.deadline_days_before)
        if r.deadline_days_before is not None
        else None
    )
    # Open well before the deadline, so everyone listed had time to register.
    opened = min(event.starts_at - OPENED_BEFORE, (deadline or event.starts_at) - OPENED_BEFORE / 2)
    with as_of(timeline.past(opened)):
        registration_settings_set(
            actor=organiser,
            event=event,
            data=SettingsInput(
                is_open=True,
                capacity=r.capacity,
                deadline=deadline,
                waiting_list=r.waiting_list,
            ),
        )
    last = min(deadline or event.starts_at, event.starts_at) - timedelta(hours=1)
    everyone = len(r.people) + len(r.guests)
    step = (last - opened) / (everyone + 1)
    made: dict[str, Registration] = {}
    for n, key in enumerate(r.people, start=1):
        person = build.people[key]
        organisation = person.organisation
        data = RegistrationInput(
            sector=sector_of_organisation(organisation.kind if organisation else None) or "citizen",
            organisation_name=organisation.name if organisation else "",
        )
        with as_of(timeline.past(opened + step * n)):
            made[key] = registration_create(actor=person, event=event, data=data)
    for n, guest in enumerate(r.guests, start=len(r.people) + 1):
        with as_of(timeline.past(opened + step * n)):
            made[guest.email] = guest_registration_create(
                event=event,
                guest=GuestInput(name=guest.name, email=guest.email),
                data=RegistrationInput(
                    sector=guest.sector,
                    dietary_needs=guest.dietary,
                    accessibility_needs=guest.accessibility,
                ),
            )
    with as_of(timeline.past(event.starts_at - CANCELLED_BEFORE)):
        for key in r.cancelled:
            registration = made[key]
            if registration.person is None:  # a guest
                guest_registration_cancel(token=guest_cancel_token(registration.pk))
            else:
                registration_cancel(actor=registration.person, registration=registration)
    with as_of(timeline.past(event.starts_at + timedelta(minutes=15))):
        for key in r.attended:
            attendance_set(actor=organiser, registration=made[key], attended=True)
    if not r.is_open:
        with as_of(timeline.past(event.starts_at - CANCELLED_BEFORE)):
            registration_settings_set(
                actor=organiser,
                event=event,
                data=SettingsInput(
                    is_open=False,
                    capacity=r.capacity,
                    deadline=deadline,
                    waiting_list=r.waiting_list,
                ),
            )
    build.summary.registrations += everyone
