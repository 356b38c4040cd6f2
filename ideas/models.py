"""Submissions: ideas, initiatives, research ideas and needs, with comments and support."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.models import FocusArea, Organisation, SocietalGoal

TITLE_MAX = 200
SUMMARY_MAX = 500
DESCRIPTION_MAX = 20_000
COMMENT_MAX = 5_000


class IdeaKind(models.TextChoices):
    IDEA = "idea", _("Idé")
    INITIATIVE = "initiative", _("Initiativ")
    RESEARCH_IDEA = "research_idea", _("Forskningsidé")
    NEED = "need", _("Behov")


class IdeaStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    IN_REVIEW = "in_review", _("Under granskning")
    IN_ASSESSMENT = "in_assessment", _("Under bedömning")
    PROMOTED = "promoted", _("Lyft till portföljen")
    PARKED = "parked", _("Parkerad")
    DECLINED = "declined", _("Avböjd")
    WITHDRAWN = "withdrawn", _("Återtagen")


# Statuses anyone may see; drafts and withdrawn items are their author's (and moderators').
PUBLIC_STATUSES = frozenset(
    {
        IdeaStatus.SUBMITTED,
        IdeaStatus.IN_REVIEW,
        IdeaStatus.IN_ASSESSMENT,
        IdeaStatus.PROMOTED,
        IdeaStatus.PARKED,
        IdeaStatus.DECLINED,
    }
)


class Tag(models.Model):
    name = models.CharField(_("namn"), max_length=50, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True, allow_unicode=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("etikett")
        verbose_name_plural = _("etiketter")

    def __str__(self) -> str:
        return self.name


class Idea(models.Model):
    kind = models.CharField(
        _("typ"), max_length=20, choices=IdeaKind.choices, default=IdeaKind.IDEA
    )
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    summary = models.CharField(
        _("sammanfattning"),
        max_length=SUMMARY_MAX,
        blank=True,
        help_text=_("En eller två meningar som visas i listor."),
    )
    description = models.TextField(
        _("beskrivning"),
        max_length=DESCRIPTION_MAX,
        validators=[MaxLengthValidator(DESCRIPTION_MAX)],
        blank=True,
        help_text=_("Du kan använda Markdown: **fetstil**, listor och länkar."),
    )
    # Rendered and sanitised by the service on every write; templates print only this.
    description_html = models.TextField(editable=False, blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    goals = models.ManyToManyField(
        SocietalGoal, verbose_name=_("samhällsmål"), blank=True, related_name="ideas"
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisationer som deltar"),
        blank=True,
        related_name="ideas",
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("etiketter"), blank=True, related_name="ideas"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("författare"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    show_author_name = models.BooleanField(
        _("visa mitt namn offentligt"),
        default=False,
        help_text=_("Annars visas bidraget utan ditt namn för andra än processtödet."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IdeaStatus.choices,
        default=IdeaStatus.DRAFT,
        db_index=True,
    )
    is_hidden = models.BooleanField(_("dold av moderator"), default=False)
    hidden_reason = models.CharField(_("skäl till att dölja"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    # Case-folded title, summary, description and tags: the search fallback where the
    # database has no full-text search (SQLite's LIKE only folds ASCII).
    search_text = models.TextField(editable=False, blank=True)
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("bidrag")
        verbose_name_plural = _("bidrag")
        indexes: ClassVar = [
            models.Index(fields=["status", "is_hidden", "-created_at"]),
            models.Index(fields=["author", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:idea-detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and not self.is_hidden


class StatusChange(models.Model):
    """Who moved a submission from one status to another, when and why."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=IdeaStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    reason = models.TextField(_("motivering"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("statusändring")
        verbose_name_plural = _("statusändringar")

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is ours, never the uploader's; the original is kept for display only.
    return f"attachments/{instance.idea_id}/{instance.token}.{instance.extension}"


class Attachment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("filnamn"), max_length=200)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.original_name


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(
        _("kommentar"), max_length=COMMENT_MAX, validators=[MaxLengthValidator(COMMENT_MAX)]
    )
    body_html = models.TextField(editable=False, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class SupportKind(models.TextChoices):
    PARTICIPATE = "participate", _("Jag vill delta")
    RESOURCES = "resources", _("Jag kan bidra med resurser eller kompetens")
    RESEARCHER = "researcher", _("Intresserad som forskare")


class Support(models.Model):
    """How a person wants to contribute to a submission. One per person and kind."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    kind = models.CharField(_("hur vill du bidra?"), max_length=20, choices=SupportKind.choices)
    note = models.CharField(_("meddelande"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("stöd")
        verbose_name_plural = _("stöd")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["idea", "user", "kind"], name="one_support_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.idea_id} ({self.kind})"
