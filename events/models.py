"""The partnership's events: forum series with their meetings, matchmaking sessions, labs and
the rest. Idea boards run in them (`boards.Board.event`); an event knows its boards only
through that relation (`event.boards`).

The tables keep the names they had when these models lived in `boards` (the move changed
no data: see migrations/0001_initial.py).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.models import FocusArea

EVENT_TITLE_MAX = 200
EVENT_DESCRIPTION_MAX = 20_000
EVENT_PLACE_MAX = 200
SERIES_DESCRIPTION_MAX = 2000


class EventKind(models.TextChoices):
    FORUM_MEETING = "forum_meeting", _("Forumträff")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    LAB = "lab", _("Labb")
    OPEN_WORKSHOP = "open_workshop", _("Öppen verkstad")
    DESIGN_SPRINT = "design_sprint", _("Designsprint")
    PITCH_EVENT = "pitch_event", _("Pitchevent")
    OTHER = "other", _("Annat evenemang")


class ForumSeries(models.Model):
    """A forum series (forumserie): themed meetings, typically three, that produce societal
    goals and a portfolio. Its meetings are `Event`s of kind forum meeting."""

    title = models.CharField(_("namn"), max_length=EVENT_TITLE_MAX)
    description = models.TextField(
        _("tema och beskrivning"),
        blank=True,
        max_length=SERIES_DESCRIPTION_MAX,
        validators=[MaxLengthValidator(SERIES_DESCRIPTION_MAX)],
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_series",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_series_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "boards_forumseries"
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("forumserie")
        verbose_name_plural = _("forumserier")

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """Something the partnership arranges: a forum meeting, a matchmaking session, a lab…

    Its idea boards point at it (`Board.event`). A forum meeting may belong to a forum
    series, with its number in the series.
    """

    kind = models.CharField(
        _("typ"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER
    )
    title = models.CharField(_("rubrik"), max_length=EVENT_TITLE_MAX)
    description = models.TextField(
        _("beskrivning"),
        blank=True,
        max_length=EVENT_DESCRIPTION_MAX,
        validators=[MaxLengthValidator(EVENT_DESCRIPTION_MAX)],
    )
    # Rendered and sanitised by the service on every write; templates print only this.
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=EVENT_PLACE_MAX, blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    series = models.ForeignKey(
        ForumSeries,
        verbose_name=_("forumserie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    series_number = models.PositiveSmallIntegerField(
        _("träff nummer"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("arrangörer"),
        blank=True,
        related_name="events_organised",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="events_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "boards_event"  # and its organisers: boards_event_organisers
        ordering: ClassVar = ["starts_at", "pk"]
        verbose_name = _("evenemang")
        verbose_name_plural = _("evenemang")
        indexes: ClassVar = [models.Index(fields=["ends_at", "starts_at"], name="event_when_idx")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(series__isnull=True) | models.Q(kind=EventKind.FORUM_MEETING),
                name="event_series_only_for_forum_meetings",
            ),
            models.CheckConstraint(
                condition=models.Q(series_number__isnull=True) | models.Q(series__isnull=False),
                name="event_number_only_in_a_series",
            ),
            models.UniqueConstraint(
                fields=["series", "series_number"],
                condition=models.Q(series__isnull=False, series_number__isnull=False),
                name="one_meeting_per_number_in_a_series",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:event-detail", args=[self.pk])

    def clean(self) -> None:
        """The invariants, as messages on the fields they are about (the constraints above
        hold them in the database too)."""
        errors: dict[str, list[str]] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = [str(_("Evenemanget måste sluta efter att det börjar."))]
        if self.series_id is not None and self.kind != EventKind.FORUM_MEETING:
            errors["series"] = [str(_("Bara forumträffar kan höra till en forumserie."))]
        if self.series_number is not None and self.series_id is None:
            errors["series_number"] = [str(_("Ett nummer i serien kräver en forumserie."))]
        if errors:
            raise ValidationError(errors)
