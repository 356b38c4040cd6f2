"""Core Team assessment: criteria, rounds, scores, conflicts, votes and decisions.

Promoted submissions go on to the `portfolio` app; nothing here knows of it.

The rules (who may do what, when) live in `assessment.services` and `assessment.permissions`;
the models hold the data and the invariants a database can keep.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.models import FocusArea, Organisation
from ideas.models import Idea, IdeaStatus

SCALE_MIN = 1
SCALE_MAX = 5
RATIONALE_MAX = 500
REASON_MAX = 500
DECISION_RATIONALE_MAX = 2000

# Stable keys of the three default criteria: the portfolio matrix plots citizen value
# against innovation level, with partnership potential as the size of the bubble.
CITIZEN_VALUE = "citizen_value"
INNOVATION_LEVEL = "innovation_level"
PARTNERSHIP_POTENTIAL = "partnership_potential"


# --- Criteria and settings ----------------------------------------------------------------


class Criterion(models.Model):
    """An assessment criterion (bedömningskriterium) with its guiding question and scale."""

    key = models.SlugField(
        _("nyckel"),
        max_length=40,
        unique=True,
        help_text=_("Ett fast namn för systemet, t.ex. citizen_value. Ändra inte i efterhand."),
    )
    name = models.CharField(_("namn"), max_length=100, unique=True)
    name_en = models.CharField(
        _("namn på engelska"),
        max_length=100,
        blank=True,
        help_text=_("Visas på engelska sidor. Tomt: det svenska namnet visas."),
    )
    guiding_question = models.TextField(_("vägledande fråga"), max_length=1000)
    level_1 = models.TextField(_("så ser en 1:a ut"), max_length=1000)
    level_3 = models.TextField(_("så ser en 3:a ut"), max_length=1000)
    level_5 = models.TextField(_("så ser en 5:a ut"), max_length=1000)
    weight = models.DecimalField(
        _("vikt"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
        help_text=_("Hur mycket kriteriet väger i den viktade totalen (1 = normalt)."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(
        _("används i nya bedömningsrundor"),
        default=True,
        help_text=_("Pågående och avslutade rundor behåller sina kriterier."),
    )

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("bedömningskriterium")
        verbose_name_plural = _("bedömningskriterier")

    def __str__(self) -> str:
        return self.name


class DecisionRule(models.TextChoices):
    MAJORITY = "majority", _("Majoritet av parterna")
    UNANIMOUS = "unanimous", _("Alla parter")


class AssessmentSettings(models.Model):
    """How a focus area decides. One row per focus area, created when first configured."""

    focus_area = models.OneToOneField(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.CASCADE,
        related_name="assessment_settings",
    )
    decision_rule = models.CharField(
        _("beslutsregel"),
        max_length=20,
        choices=DecisionRule.choices,
        default=DecisionRule.MAJORITY,
        help_text=_("Gäller rundor som öppnas efter ändringen."),
    )

    class Meta:
        verbose_name = _("bedömningsinställning")
        verbose_name_plural = _("bedömningsinställningar")

    def __str__(self) -> str:
        return f"{self.focus_area}: {self.get_decision_rule_display()}"


# --- Rounds -------------------------------------------------------------------------------


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


class AssessmentRound(models.Model):
    """A round in which a focus area's Core Team scores a chosen set of submissions."""

    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
    )
    title = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RoundStatus.choices,
        default=RoundStatus.DRAFT,
        db_index=True,
    )
    deadline = models.DateTimeField(_("sista dag för bedömning"))
    # The focus area's rule when the round opened: changing the setting later does not
    # change how a round already under way decides.
    decision_rule = models.CharField(
        _("beslutsregel"),
        max_length=20,
        choices=DecisionRule.choices,
        default=DecisionRule.MAJORITY,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    opened_at = models.DateTimeField(_("öppnad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("bedömningsrunda")
        verbose_name_plural = _("bedömningsrundor")

    def __str__(self) -> str:
        return self.title


class RoundCriterion(models.Model):
    """A criterion as a round uses it, with its weight fixed when the round opened."""

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="round_criteria"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1.00"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("kriterium i runda")
        verbose_name_plural = _("kriterier i runda")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "criterion"], name="criterion_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.criterion_id} × {self.weight}"


class RoundItem(models.Model):
    """A submission being assessed in a round."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="items")
    idea = models.ForeignKey(
        Idea,
        verbose_name=_("bidrag"),
        on_delete=models.PROTECT,
        related_name="assessment_items",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("bidrag i runda")
        verbose_name_plural = _("bidrag i runda")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "idea"], name="idea_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.idea_id}"


class RoundAssessor(models.Model):
    """A Core Team member assessing a round, for the party they represented when it opened."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="assessors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bedömare"),
        on_delete=models.PROTECT,
        related_name="assessment_seats",
    )
    party = models.ForeignKey(
        Organisation, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("bedömning inlämnad"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["party__name", "user__display_name", "pk"]
        verbose_name = _("bedömare")
        verbose_name_plural = _("bedömare")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "user"], name="assessor_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.user_id} ({self.party_id})"


class Score(models.Model):
    """One assessor's score of one item on one criterion. A null value is work in progress."""

    item = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey(RoundAssessor, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("poäng"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    rationale = models.CharField(_("motivering"), max_length=RATIONALE_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["pk"]
        verbose_name = _("poäng")
        verbose_name_plural = _("poäng")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["item", "assessor", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
                name="score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.assessor_id}/{self.criterion_id}"


class ConflictKind(models.TextChoices):
    AUTHOR = "author", _("Bedömaren har skrivit bidraget")
    ORGANISATION = "organisation", _("Bedömarens organisation deltar i bidraget")
    DECLARED = "declared", _("Anmält jäv")


class Conflict(models.Model):
    """A conflict of interest: the assessor is recused from the item (jäv)."""

    item = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="conflicts")
    assessor = models.ForeignKey(RoundAssessor, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("typ"), max_length=20, choices=ConflictKind.choices)
    reason = models.CharField(_("skäl"), max_length=REASON_MAX, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["item", "assessor"], name="one_conflict_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.assessor_id}: {self.kind}"


# --- Decisions ----------------------------------------------------------------------------


class VoteChoice(models.TextChoices):
    PROMOTE = "promote", _("Lyft till portföljen")
    PARK = "park", _("Parkera")
    DECLINE = "decline", _("Avböj")


# What each outcome does to the submission's status.
OUTCOME_STATUS = {
    VoteChoice.PROMOTE: IdeaStatus.PROMOTED,
    VoteChoice.PARK: IdeaStatus.PARKED,
    VoteChoice.DECLINE: IdeaStatus.DECLINED,
}


class Vote(models.Model):
    """A party's one vote on an item, cast by its Core Team representative."""

    item = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="votes")
    party = models.ForeignKey(
        Organisation, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(_("röst"), max_length=10, choices=VoteChoice.choices)
    comment = models.CharField(_("kommentar"), max_length=REASON_MAX, blank=True)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["item", "party"], name="one_vote_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.party_id} → {self.choice}"


class Decision(models.Model):
    """The focus area's decision on an item, with the rationale its author reads."""

    item = models.OneToOneField(RoundItem, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("beslut"), max_length=10, choices=VoteChoice.choices)
    rule = models.CharField(_("beslutsregel"), max_length=20, choices=DecisionRule.choices)
    rationale = models.TextField(_("motivering"), max_length=DECISION_RATIONALE_MAX)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("protokollfört av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beslutat"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["decided_at", "pk"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.outcome}"
