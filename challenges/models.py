"""Challenges for students (utmaningar): theses, course cases, micro-jobs and field studies.

A challenge is published by a facilitator, an initiative owner, a researcher or a teacher,
optionally derived from a submission (a need, an idea) or a portfolio initiative, and shown
there. Students apply alone or as a group of two; the owner accepts or declines. When the
accepted applications fill the places the challenge is *tillsatt* and takes no more. A teacher
takes a challenge into a course as a case for many groups at once and reports back; the
students on it publish the result.

A challenge's levels and formats are few fixed choices held in one text column each,
delimited by commas on both sides (",bachelor,master,"), so that "suits a master's thesis"
is one `contains` lookup on SQLite and PostgreSQL alike (`services.challenges.pack`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.models import FocusArea, Organisation, SocietalGoal
from ideas.models import Idea
from portfolio.models import PortfolioInitiative

TITLE_MAX = 200
QUESTION_MAX = 2_000
CONTEXT_MAX = 10_000
MOTIVATION_MAX = 2_000
MESSAGE_MAX = 2_000
NAME_MAX = 150
ABSTRACT_MAX = 5_000
REPORT_MAX = 5_000
PLACES_MAX = 100
GROUPS_MAX = 200


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    OPEN = "open", _("Öppen för ansökan")
    IN_PROGRESS = "in_progress", _("Pågår")
    COMPLETED = "completed", _("Avslutad")
    CLOSED = "closed", _("Stängd")


# Anyone may read these; a draft is its owner's (and moderators').
PUBLIC_STATUSES = (
    ChallengeStatus.OPEN,
    ChallengeStatus.IN_PROGRESS,
    ChallengeStatus.COMPLETED,
    ChallengeStatus.CLOSED,
)


class Level(models.TextChoices):
    BACHELOR = "bachelor", _("Kandidat")
    MASTER = "master", _("Master")
    DOCTORAL = "doctoral", _("Forskarnivå")


class Format(models.TextChoices):
    THESIS = "thesis", _("Examensarbete")
    COURSE_CASE = "course_case", _("Fallstudie i kurs")
    MICRO_JOB = "micro_job", _("Mikrojobb (amanuens)")
    FIELD_STUDY = "field_study", _("Fältstudie")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Inskickad")
    ACCEPTED = "accepted", _("Antagen")
    DECLINED = "declined", _("Avböjd")
    WITHDRAWN = "withdrawn", _("Återtagen")


ACTIVE_APPLICATION = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)


def unpack(value: str) -> list[str]:
    return [part for part in value.split(",") if part]


class Discipline(models.Model):
    """A subject area (ämne) a challenge asks for and a student studies."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("ämnesområde")
        verbose_name_plural = _("ämnesområden")

    def __str__(self) -> str:
        return self.name


class Challenge(models.Model):
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    question = models.TextField(
        _("frågeställning"), max_length=QUESTION_MAX, validators=[MaxLengthValidator(QUESTION_MAX)]
    )
    context = models.TextField(
        _("bakgrund"),
        max_length=CONTEXT_MAX,
        blank=True,
        validators=[MaxLengthValidator(CONTEXT_MAX)],
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    goals = models.ManyToManyField(
        SocietalGoal, verbose_name=_("samhällsmål"), blank=True, related_name="challenges"
    )
    disciplines = models.ManyToManyField(
        Discipline, verbose_name=_("ämnesområden"), blank=True, related_name="challenges"
    )
    levels = models.CharField(_("nivåer"), max_length=60, default=",", editable=False)
    formats = models.CharField(_("format"), max_length=80, default=",", editable=False)
    credits = models.PositiveSmallIntegerField(_("högskolepoäng"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("timmar"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerad av"),
        on_delete=models.PROTECT,
        related_name="owned_challenges",
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_for_challenges",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    partnership_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handledare i partnerskapet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_challenges",
    )
    period_start = models.DateField(_("period från"), null=True, blank=True)
    period_end = models.DateField(_("period till"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(
        _("antal platser"), default=1, validators=[MinValueValidator(1)]
    )
    application_deadline = models.DateField(_("sista ansökningsdag"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.DRAFT,
        db_index=True,
    )
    origin_idea = models.ForeignKey(
        Idea,
        verbose_name=_("bygger på bidraget"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    origin_initiative = models.ForeignKey(
        PortfolioInitiative,
        verbose_name=_("bygger på initiativet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-published_at", "-pk"]
        verbose_name = _("utmaning")
        verbose_name_plural = _("utmaningar")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(places__gte=1), name="challenge_places"),
            models.CheckConstraint(
                condition=models.Q(origin_idea__isnull=True)
                | models.Q(origin_initiative__isnull=True),
                name="challenge_one_origin",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="challenge_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:challenge", args=[self.pk])

    @property
    def level_list(self) -> list[str]:
        return unpack(self.levels)

    @property
    def format_list(self) -> list[str]:
        return unpack(self.formats)

    def get_levels_display(self) -> list[str]:
        return [str(Level(value).label) for value in self.level_list if value in Level.values]

    def get_formats_display(self) -> list[str]:
        return [str(Format(value).label) for value in self.format_list if value in Format.values]

    @property
    def deadline_passed(self) -> bool:
        deadline = self.application_deadline
        return deadline is not None and timezone.localdate() > deadline


class Application(models.Model):
    """A student's application (alone, or with a partner as a group of two)."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="applications", verbose_name=_("utmaning")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="challenge_applications",
        verbose_name=_("sökande"),
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenge_partner_applications",
        verbose_name=_("medsökande"),
    )
    motivation = models.TextField(
        _("motivering"), max_length=MOTIVATION_MAX, validators=[MaxLengthValidator(MOTIVATION_MAX)]
    )
    university_supervisor = models.CharField(
        _("handledare på lärosätet"), max_length=NAME_MAX, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    decision_message = models.TextField(
        _("besked"),
        max_length=MESSAGE_MAX,
        blank=True,
        validators=[MaxLengthValidator(MESSAGE_MAX)],
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    created_at = models.DateTimeField(_("inskickad"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["challenge", "applicant"],
                condition=models.Q(status__in=ACTIVE_APPLICATION),
                name="one_active_application_per_student",
            ),
            models.UniqueConstraint(
                fields=["challenge", "partner"],
                condition=models.Q(status__in=ACTIVE_APPLICATION, partner__isnull=False),
                name="one_active_application_per_partner",
            ),
            models.CheckConstraint(
                condition=~models.Q(partner=models.F("applicant")),
                name="application_partner_is_someone_else",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge} – {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_APPLICATION

    def student_ids(self) -> set[int]:
        return {pk for pk in (self.applicant_id, self.partner_id) if pk is not None}


class Bookmark(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_bookmarks"
    )
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bokmärke")
        verbose_name_plural = _("bokmärken")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["person", "challenge"], name="one_bookmark"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.challenge_id}"


class CourseCase(models.Model):
    """A challenge taken into a course as a case (fallstudie), for many groups at once."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="course_cases", verbose_name=_("utmaning")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="challenge_course_cases",
        verbose_name=_("lärare"),
    )
    course_name = models.CharField(_("kurs"), max_length=200)
    term = models.CharField(_("termin"), max_length=40, help_text=_("Till exempel VT 2027."))
    groups = models.PositiveSmallIntegerField(
        _("antal studentgrupper"), default=1, validators=[MinValueValidator(1)]
    )
    report = models.TextField(
        _("återrapport"),
        max_length=REPORT_MAX,
        blank=True,
        validators=[MaxLengthValidator(REPORT_MAX)],
    )
    reported_at = models.DateTimeField(_("återrapporterad"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("fallstudie i kurs")
        verbose_name_plural = _("fallstudier i kurser")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(groups__gte=1), name="course_case_groups"),
        ]

    def __str__(self) -> str:
        return f"{self.course_name} ({self.term})"


def result_path(instance: Result, filename: str) -> str:
    # The stored name is ours, never the uploader's; the original is kept for display only.
    return f"challenge-results/{instance.challenge_id}/{instance.token}.{instance.extension}"


class Result(models.Model):
    """What came out of the work: a title, an abstract and a link (DiVA) or a checked file."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="results", verbose_name=_("utmaning")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="challenge_results",
        verbose_name=_("publicerad av"),
    )
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    abstract = models.TextField(
        _("sammanfattning"), max_length=ABSTRACT_MAX, validators=[MaxLengthValidator(ABSTRACT_MAX)]
    )
    link = models.URLField(_("länk"), max_length=500, blank=True)
    token = models.CharField(max_length=32, blank=True, editable=False)
    file = models.FileField(upload_to=result_path, max_length=200, blank=True)
    original_name = models.CharField(_("filnamn"), max_length=200, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("publicerad"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("resultat")
        verbose_name_plural = _("resultat")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(link="") | ~models.Q(file=""), name="result_link_or_file"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class StudentProfile(models.Model):
    """What a student tells the hub about their studies (the people core has no such
    fields): where and what they study, and what interests them, for "challenges for you"."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile"
    )
    university = models.CharField(_("lärosäte"), max_length=200, blank=True)
    programme = models.CharField(_("program"), max_length=200, blank=True)
    disciplines = models.ManyToManyField(
        Discipline, verbose_name=_("ämnesområden"), blank=True, related_name="students"
    )
    interests = models.CharField(
        _("intressen"),
        max_length=300,
        blank=True,
        help_text=_("Några ord, åtskilda med kommatecken, till exempel: skola, idrott, äldre."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("studentprofil")
        verbose_name_plural = _("studentprofiler")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def interest_words(self) -> list[str]:
        return [word.strip() for word in self.interests.split(",") if len(word.strip()) >= 3]
