"""Attachment checks: by content, not by the name the uploader gave."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> MIME type we serve it as. Sniffed formats must match their magic bytes.
SNIFFED_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
# Plain text has no magic bytes: it must decode as UTF-8 and contain no NUL.
TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv", "md": "text/markdown"}
EXTENSION_ALIASES = {"jpeg": "jpg"}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    original_name: str
    size: int


def allowed_extensions() -> list[str]:
    return sorted({*SNIFFED_TYPES, *TEXT_TYPES, *EXTENSION_ALIASES})


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """Return what the file really is, or raise ValidationError on the `attachments` field."""
    name = PurePath(upload.name or "").name[:200] or "fil"
    claimed = PurePath(name).suffix.lower().lstrip(".")
    claimed = EXTENSION_ALIASES.get(claimed, claimed)
    size = upload.size or 0
    if size == 0:
        raise _invalid(_("Filen %(name)s är tom.") % {"name": name})
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise _invalid(
            _("Filen %(name)s är för stor (högst %(max)s).")
            % {"name": name, "max": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if claimed in SNIFFED_TYPES:
        kind = filetype.guess(head)
        detected = EXTENSION_ALIASES.get(kind.extension, kind.extension) if kind else None
        if detected != claimed:
            raise _invalid(
                _("Innehållet i %(name)s stämmer inte med filtypen .%(ext)s.")
                % {"name": name, "ext": claimed}
            )
        return CheckedFile(claimed, SNIFFED_TYPES[claimed], name, size)
    if claimed in TEXT_TYPES:
        content = upload.read()
        upload.seek(0)
        if isinstance(content, str):
            content = content.encode()
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise _invalid(_("%(name)s är inte en textfil i UTF-8.") % {"name": name}) from None
        if b"\x00" in content:
            raise _invalid(_("%(name)s är inte en textfil.") % {"name": name})
        return CheckedFile(claimed, TEXT_TYPES[claimed], name, size)
    raise _invalid(
        _("Filtypen för %(name)s är inte tillåten. Tillåtna: %(list)s.")
        % {"name": name, "list": ", ".join(allowed_extensions())}
    )


def _invalid(message: str) -> ValidationError:
    return ValidationError({"attachments": [message]}, code="invalid_attachment")
