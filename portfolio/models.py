"""Portfolios: each focus area's initiatives, with their owners, lifecycle stages, funding and
traffic-light status reports to the governing board.

An initiative usually starts as a submission the Core Team promoted (`ideas.Idea` with status
promoted); the rules live in `portfolio.services` and `portfolio.permissions`.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import FocusArea, SocietalGoal
from ideas.models import Idea

STATUS_NOTE_MAX = 1000


class Portfolio(models.Model):
    """A focus area's portfolio of initiatives (one per focus area)."""

    focus_area = models.OneToOneField(
        FocusArea, verbose_name=_("fokusområde"), on_delete=models.PROTECT, related_name="portfolio"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["focus_area__order", "focus_area__name"]
        verbose_name = _("portfölj")
        verbose_name_plural = _("portföljer")

    def __str__(self) -> str:
        return str(self.focus_area)


class InitiativeType(models.TextChoices):
    INNOVATION = "innovation", _("Innovationsinitiativ")
    EDUCATION = "education", _("Utbildningsinsats")
    RESEARCH = "research", _("Forskningsprojekt")


class LifecycleStage(models.TextChoices):
    """The partnership's cycle, in order."""

    PLAN = "plan", _("Planera")
    IMPLEMENT = "implement", _("Genomföra")
    EVALUATE = "evaluate", _("Utvärdera")
    SCALE = "scale", _("Skala och sprida")
    CLOSED = "closed", _("Avslutad")


class TrafficLight(models.TextChoices):
    GREEN = "green", _("Grön")
    YELLOW = "yellow", _("Gul")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Röd")


class PortfolioInitiative(models.Model):
    """An initiative in a portfolio, usually a promoted submission."""

    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfölj"), on_delete=models.PROTECT, related_name="initiatives"
    )
    idea = models.OneToOneField(
        Idea,
        verbose_name=_("bidrag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portfolio_initiative",
    )
    title = models.CharField(_("namn"), max_length=200)
    summary = models.CharField(_("sammanfattning"), max_length=500, blank=True)
    initiative_type = models.CharField(
        _("typ"), max_length=20, choices=InitiativeType.choices, default=InitiativeType.INNOVATION
    )
    stage = models.CharField(
        _("fas"), max_length=20, choices=LifecycleStage.choices, default=LifecycleStage.PLAN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiativägare"),
        on_delete=models.PROTECT,
        related_name="owned_initiatives",
    )
    process_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("processledare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_initiatives",
    )
    goals = models.ManyToManyField(
        SocietalGoal, verbose_name=_("samhällsmål"), blank=True, related_name="initiatives"
    )
    # Whole kronor.
    seed_funding_requested = models.PositiveIntegerField(
        _("sökt såddfinansiering (kr)"), null=True, blank=True
    )
    seed_funding_granted = models.PositiveIntegerField(
        _("beviljad såddfinansiering (kr)"), null=True, blank=True
    )
    leveraged_funding = models.PositiveBigIntegerField(
        _("uppväxling (kr)"),
        null=True,
        blank=True,
        help_text=_("Extern finansiering som initiativet har dragit till sig."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["title", "pk"]
        verbose_name = _("initiativ i portföljen")
        verbose_name_plural = _("initiativ i portföljen")

    def __str__(self) -> str:
        return self.title


class StatusReport(models.Model):
    """A dated status report (lägesrapport) with a traffic light, for the governing board."""

    initiative = models.ForeignKey(
        PortfolioInitiative, on_delete=models.CASCADE, related_name="status_reports"
    )
    reported_on = models.DateField(_("datum"))
    light = models.CharField(_("läge"), max_length=10, choices=TrafficLight.choices)
    note = models.TextField(_("kommentar"), max_length=STATUS_NOTE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rapporterad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-reported_on", "-pk"]
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")
        indexes: ClassVar = [models.Index(fields=["initiative", "-reported_on", "-id"])]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.reported_on}: {self.light}"
