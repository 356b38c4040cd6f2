"""Writing a submission: a new draft, its edits (with attachments and, at once, submitting
it), and deleting a draft."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from common.markdown import render_markdown
from common.ratelimit import rate_limit_check
from hub.models import FocusArea, Organisation, SocietalGoal, User
from ideas import permissions
from ideas.models import Attachment, Idea, IdeaKind, IdeaStatus, StatusChange
from ideas.services.attachments import (
    MAX_ATTACHMENTS,
    CheckedUpload,
    attachments_delete,
    attachments_save,
    files_removed_on_error,
)
from ideas.services.lifecycle import completeness_errors, status_change, transition_check
from ideas.services.locking import lock_idea
from ideas.services.tags import MAX_TAGS, normalise_tags, tags_get_or_create
from ideas.uploads import check_attachment

Errors = dict[str, list[str]]


@dataclass
class IdeaInput:
    """What a person writes. Relations are objects, already resolved by the edge."""

    title: str
    kind: str = IdeaKind.IDEA
    summary: str = ""
    description: str = ""
    focus_area: FocusArea | None = None
    goals: Sequence[SocietalGoal] = ()
    organisations: Sequence[Organisation] = ()
    tags: Sequence[str] = ()
    show_author_name: bool = False
    attachments: Sequence[UploadedFile] = field(default_factory=list)


def idea_create(*, author: User, data: IdeaInput, submit: bool = False) -> Idea:
    """Save a new draft (and submit it at once when `submit`)."""
    if not permissions.can_create_idea(author):
        raise ServiceError(ErrorCode.FORBIDDEN)
    rate_limit_check(scope="idea_create", key=author.pk)
    idea = Idea(author=author, status=IdeaStatus.DRAFT)
    checked = _validate_and_apply(idea, data, submitting=submit)
    with files_removed_on_error() as stored, transaction.atomic():
        idea.save()
        _save_relations(idea, data)
        attachments_save(idea=idea, actor=author, checked=checked, stored=stored)
        StatusChange.objects.create(idea=idea, actor=author, to_status=IdeaStatus.DRAFT)
        if submit:
            status_change(idea, actor=author, to_status=IdeaStatus.SUBMITTED, reason="")
    return idea


def idea_edit(
    *,
    actor: User,
    idea: Idea,
    data: IdeaInput,
    remove_attachments: Sequence[Attachment] = (),
    submit: bool = False,
) -> Idea:
    """Edit a draft: new values and attachments, attachments removed and, with `submit`,
    submitted at once. Only its author may, only while it is a draft.

    All of it or nothing: one transaction, so a refusal in any step (a missing field for
    submitting, say) leaves the draft, its attachments and their files as they were.
    """
    with files_removed_on_error() as stored, transaction.atomic():
        idea = lock_idea(idea)
        if not permissions.can_edit_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if submit:
            transition_check(actor=actor, idea=idea, to_status=IdeaStatus.SUBMITTED)
        removed = {attachment.pk for attachment in remove_attachments}
        kept = idea.attachments.exclude(pk__in=removed).count()
        if len(data.attachments) + kept > MAX_ATTACHMENTS:
            raise ValidationError(
                {"attachments": [_("Högst %(n)d bilagor per bidrag.") % {"n": MAX_ATTACHMENTS}]}
            )
        checked = _validate_and_apply(idea, data, submitting=submit)
        idea.save()
        _save_relations(idea, data)
        attachments_save(idea=idea, actor=actor, checked=checked, stored=stored)
        attachments_delete(idea=idea, attachments=remove_attachments)
        if submit:
            status_change(idea, actor=actor, to_status=IdeaStatus.SUBMITTED, reason="")
    return idea


def idea_update(*, actor: User, idea: Idea, data: IdeaInput) -> Idea:
    """Edit a draft's values and add attachments (see `idea_edit`)."""
    return idea_edit(actor=actor, idea=idea, data=data)


def idea_delete_draft(*, actor: User, idea: Idea) -> None:
    """The author deletes their draft, with its attachments' files."""
    with transaction.atomic():
        idea = lock_idea(idea)
        if not permissions.can_delete_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        _remove(idea)


def idea_delete(*, actor: User | None, idea: Idea) -> None:
    """An administrator removes a submission in any status, with its comments, support and
    attachments' files (`actor` None: the hub itself, as the demo's reset)."""
    with transaction.atomic():
        idea = lock_idea(idea)
        if actor is not None and not permissions.can_remove_idea(actor):
            raise ServiceError(ErrorCode.FORBIDDEN)
        _remove(idea)


def _remove(idea: Idea) -> None:
    """Delete a locked submission; its files go once that is committed (a rollback keeps
    them, with the rows that name them)."""
    files = [attachment.file for attachment in idea.attachments.all()]
    idea.delete()
    for file in files:
        transaction.on_commit(partial(file.delete, save=False))


def _validate_and_apply(idea: Idea, data: IdeaInput, *, submitting: bool) -> list[CheckedUpload]:
    """Copy `data` onto `idea` and check everything, raising one ValidationError with all."""
    idea.kind = data.kind
    idea.title = (data.title or "").strip()
    idea.summary = (data.summary or "").strip()
    idea.description = (data.description or "").strip()
    idea.focus_area = data.focus_area
    idea.show_author_name = bool(data.show_author_name)
    errors: Errors = {}
    try:
        idea.full_clean(exclude=["author", "status"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    goals = list(data.goals)
    if goals and data.focus_area is None:
        errors.setdefault("goals", []).append(_("Välj först ett fokusområde."))
    elif any(goal.focus_area_id != getattr(data.focus_area, "pk", None) for goal in goals):
        errors.setdefault("goals", []).append(
            _("Samhällsmålen måste höra till det valda fokusområdet.")
        )
    if len(normalise_tags(data.tags)) > MAX_TAGS:
        errors.setdefault("tags", []).append(_("Högst %(n)d etiketter.") % {"n": MAX_TAGS})
    if len(data.attachments) > MAX_ATTACHMENTS:
        errors.setdefault("attachments", []).append(
            _("Högst %(n)d bilagor per bidrag.") % {"n": MAX_ATTACHMENTS}
        )
    checked = []
    for upload in data.attachments:
        try:
            checked.append((upload, check_attachment(upload)))
        except ValidationError as exc:
            for message in exc.message_dict.get("attachments", []):
                errors.setdefault("attachments", []).append(message)
    if submitting:
        errors.update({k: v for k, v in completeness_errors(idea).items() if k not in errors})
    if errors:
        raise ValidationError(errors)
    idea.description_html = render_markdown(idea.description)
    return checked


def _save_relations(idea: Idea, data: IdeaInput) -> None:
    idea.goals.set(data.goals)
    idea.organisations.set(data.organisations)
    tags = tags_get_or_create(data.tags)
    idea.tags.set(tags)
    idea.search_text = " ".join(
        [idea.title, idea.summary, idea.description, *(tag.name for tag in tags)]
    ).casefold()
    idea.save(update_fields=["search_text"])
