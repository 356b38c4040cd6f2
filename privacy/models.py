"""A person's download of their data: built in the background, kept for a while, then gone."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

EXPORT_KEEP_DAYS = 7


def private_storage() -> Storage:
    """Files only their owner may fetch, through a view: never under MEDIA_ROOT, which the
    web server may serve to anyone (settings STORAGES["private"])."""
    return storages["private"]


def export_path(instance: DataExport, filename: str) -> str:
    # A random name, not the person's: the path says nothing about whose it is.
    return f"exports/{instance.token}.zip"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    RUNNING = "running", _("Sammanställs")
    READY = "ready", _("Klar")
    FAILED = "failed", _("Misslyckades")
    EXPIRED = "expired", _("Borttagen")


RUNNING_STATUSES = (ExportStatus.PENDING, ExportStatus.RUNNING)


class DataExport(models.Model):
    """One "Ladda ner mina uppgifter": a ZIP with JSON and a readable HTML page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    # Percent done, for the progress bar.
    progress = models.PositiveSmallIntegerField(_("klart (%)"), default=0)
    file = models.FileField(storage=private_storage, upload_to=export_path, blank=True)
    size = models.PositiveIntegerField(_("storlek (byte)"), default=0)
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    expires_at = models.DateTimeField(_("tas bort"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("export av personuppgifter")
        verbose_name_plural = _("exporter av personuppgifter")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=RUNNING_STATUSES),
                name="one_running_export_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_progress_is_a_percentage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status} ({self.created_at:%Y-%m-%d})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES
