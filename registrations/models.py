"""Who comes to an event: registrations (anmälningar), the waiting list and attendance.

An event takes registrations once its organiser has set them up (`RegistrationSettings`):
a capacity (or none), a deadline (by default the event's start) and whether a full event
keeps a waiting list. A person registers with their organisation and sector, and may tell
the organiser about dietary or accessibility needs; a guest without an account registers
with a name and an email address and cancels through the link in their confirmation.

The waiting list is the waitlisted registrations in the order they came; a cancelled place
goes to the first of them in the same transaction (`services.registrations`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from events.models import Event
from hub.models import OrganisationKind

NAME_MAX = 150
ORGANISATION_MAX = 200
NEEDS_MAX = 500
CAPACITY_MAX = 100_000


class Sector(models.TextChoices):
    """The sectors the partnership counts its participants by (its annual report)."""

    MUNICIPALITY = "municipality", _("Kommun")
    REGION = "region", _("Region")
    ACADEMIA = "academia", _("Akademi")
    BUSINESS = "business", _("Näringsliv")
    CIVIL_SOCIETY = "civil_society", _("Civilsamhälle")
    CITIZEN = "citizen", _("Invånare")


def sector_of_organisation(kind: str | None) -> str:
    """The sector an organisation's kind suggests ("" when it says nothing): a person may
    choose another."""
    sectors: dict[str, str] = {
        OrganisationKind.MUNICIPALITY: Sector.MUNICIPALITY,
        OrganisationKind.UNIVERSITY: Sector.ACADEMIA,
        OrganisationKind.REGION: Sector.REGION,
        OrganisationKind.BUSINESS: Sector.BUSINESS,
        OrganisationKind.CIVIL_SOCIETY: Sector.CIVIL_SOCIETY,
    }
    return sectors.get(kind or "", "")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Anmäld")
    WAITLISTED = "waitlisted", _("På väntelistan")
    CANCELLED = "cancelled", _("Avanmäld")


ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class RegistrationSettings(models.Model):
    """How an event takes registrations. Without a row, it takes none."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="registration_settings",
        verbose_name=_("evenemang"),
    )
    is_open = models.BooleanField(
        _("öppen för anmälan"),
        default=True,
        help_text=_("Stäng för att sluta ta emot anmälningar innan tiden gått ut."),
    )
    capacity = models.PositiveIntegerField(
        _("antal platser"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Lämna tomt om antalet inte är begränsat."),
    )
    deadline = models.DateTimeField(
        _("sista anmälningsdag"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt för att ta emot anmälningar tills evenemanget börjar."),
    )
    waiting_list = models.BooleanField(
        _("väntelista när det är fullt"),
        default=True,
        help_text=_("Den som står först får platsen när någon avanmäler sig."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("anmälningsinställning")
        verbose_name_plural = _("anmälningsinställningar")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="registration_capacity_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)


class Registration(models.Model):
    """One person's (or guest's) registration for an event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("evenemang")
    )
    # Empty for a guest. Accounts are pseudonymised, not deleted (privacy/), so a
    # registration outlives its person's name; a deleted account takes its rows along.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    # A guest's own name and address; empty for a signed-in person (their account has them).
    guest_name = models.CharField(_("namn"), max_length=NAME_MAX, blank=True)
    guest_email = models.EmailField(_("e-postadress"), blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=ORGANISATION_MAX, blank=True)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    dietary_needs = models.TextField(
        _("kost"), blank=True, max_length=NEEDS_MAX, validators=[MaxLengthValidator(NEEDS_MAX)]
    )
    accessibility_needs = models.TextField(
        _("tillgänglighet"),
        blank=True,
        max_length=NEEDS_MAX,
        validators=[MaxLengthValidator(NEEDS_MAX)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    attended = models.BooleanField(_("närvarade"), default=False)
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("fick plats"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("avanmäld"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The language a guest registered in: their emails speak it (an account has its own).
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="sv")

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        indexes: ClassVar = [
            models.Index(fields=["event", "status", "created_at"], name="registration_queue_idx"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=models.Q(person__isnull=False, status__in=ACTIVE),
                name="one_active_registration_per_person",
            ),
            models.UniqueConstraint(
                Lower("guest_email"),
                "event",
                condition=models.Q(person__isnull=True, status__in=ACTIVE),
                name="one_active_registration_per_guest_email",
            ),
            models.CheckConstraint(
                condition=models.Q(attended=False) | models.Q(status=RegistrationStatus.CONFIRMED),
                name="only_confirmed_registrations_attend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.get_status_display()}"

    @property
    def is_guest(self) -> bool:
        return self.person_id is None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class CalendarFeed(models.Model):
    """A person's calendar feed: the events they registered for, at a secret address their
    calendar program subscribes to. Only the secret's hash is stored; a new address replaces
    the old one, and revoking ends it."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderflöde")
        verbose_name_plural = _("kalenderflöden")

    def __str__(self) -> str:
        return str(self.person)
