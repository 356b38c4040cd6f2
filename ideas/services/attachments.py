"""Files attached to a submission: stored after a content check, removed with their row."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from common.errors import ErrorCode, ServiceError
from common.ratelimit import rate_limit_check
from hub.models import User
from ideas import permissions
from ideas.models import Attachment, Idea
from ideas.services.locking import lock_idea
from ideas.uploads import CheckedFile

MAX_ATTACHMENTS = 10
CheckedUpload = tuple[UploadedFile, CheckedFile]


def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """Remove an attachment from a draft; its file goes once the removal is committed."""
    with transaction.atomic():
        idea = lock_idea(attachment.idea)
        if not permissions.can_edit_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        attachments_delete(idea=idea, attachments=[attachment])


def attachments_delete(*, idea: Idea, attachments: Iterable[Attachment]) -> None:
    """Delete attachments of `idea` (locked and permitted by the caller) and, after commit,
    their files: a rollback keeps both. One of another submission is NOT_FOUND."""
    ids = {attachment.pk for attachment in attachments}
    rows = list(Attachment.objects.filter(idea=idea, pk__in=ids))
    if len(rows) != len(ids):
        raise ServiceError(ErrorCode.NOT_FOUND)
    for row in rows:
        row.delete()
        transaction.on_commit(partial(row.file.delete, save=False))


def attachments_save(
    *, idea: Idea, actor: User, checked: list[CheckedUpload], stored: list[FieldFile]
) -> None:
    """Store checked uploads as attachments of `idea`; each stored file is added to `stored`
    so `files_removed_on_error` can take it away again if the transaction fails."""
    if checked:
        rate_limit_check(scope="upload", key=actor.pk)
    for upload, info in checked:
        attachment = Attachment(
            idea=idea,
            token=secrets.token_hex(16),
            original_name=info.original_name,
            extension=info.extension,
            content_type=info.content_type,
            size=info.size,
            uploaded_by=actor,
        )
        attachment.file.save(f"{attachment.token}.{attachment.extension}", upload, save=False)
        stored.append(attachment.file)
        attachment.save()


@contextmanager
def files_removed_on_error() -> Iterator[list[FieldFile]]:
    """Collect files stored inside the block; remove them again if the block fails."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except BaseException:
        for file in stored:
            if file.name:
                file.storage.delete(file.name)
        raise


def attachments_erase(*, attachments: Iterable[Attachment]) -> None:
    """Erasure of their uploader who asked for their texts to go (privacy/): the rows now,
    the files after commit. Called inside the erasure's transaction, which checked it."""
    for row in list(attachments):
        row.delete()
        transaction.on_commit(partial(row.file.delete, save=False))
