"""Every change to submissions, comments and support happens here.

Each function checks permission, validates, writes in one transaction and publishes its
event after commit. Pages, the API, the admin and commands call these and nothing else.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from common.markdown import render_markdown
from common.ratelimit import rate_limit_check
from hub.models import FocusArea, Organisation, SocietalGoal, User
from hub.services import notify
from ideas import permissions
from ideas.models import (
    Attachment,
    Comment,
    Idea,
    IdeaKind,
    IdeaStatus,
    StatusChange,
    Support,
    SupportKind,
    Tag,
)
from ideas.notifications import COMMENT_REPLY, IDEA_HIDDEN, NEW_COMMENT, NEW_SUPPORT, STATUS_CHANGED
from ideas.uploads import check_attachment
from realtime.broadcast import publish_on_commit

MAX_TAGS = 10
MAX_ATTACHMENTS = 10


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


# --- Submissions ------------------------------------------------------------------------


def idea_create(*, author: User, data: IdeaInput, submit: bool = False) -> Idea:
    """Save a new draft (and submit it at once when `submit`)."""
    if not permissions.can_create_idea(author):
        raise ServiceError(ErrorCode.FORBIDDEN)
    rate_limit_check(scope="idea_create", key=author.pk)
    idea = Idea(author=author, status=IdeaStatus.DRAFT)
    checked = _validate_and_apply(idea, data, submitting=submit)
    with _files_removed_on_error() as stored, transaction.atomic():
        idea.save()
        _save_relations(idea, data)
        _save_attachments(idea, author, checked, stored)
        StatusChange.objects.create(idea=idea, actor=author, to_status=IdeaStatus.DRAFT)
        if submit:
            _change_status(idea, actor=author, to_status=IdeaStatus.SUBMITTED, reason="")
    return idea


def idea_update(*, actor: User, idea: Idea, data: IdeaInput) -> Idea:
    """Edit a draft. Only its author may, and only while it is a draft."""
    with _files_removed_on_error() as stored, transaction.atomic():
        idea = _lock(idea)
        if not permissions.can_edit_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if len(data.attachments) + idea.attachments.count() > MAX_ATTACHMENTS:
            raise ValidationError(
                {"attachments": [_("Högst %(n)d bilagor per bidrag.") % {"n": MAX_ATTACHMENTS}]}
            )
        checked = _validate_and_apply(idea, data, submitting=False)
        idea.save()
        _save_relations(idea, data)
        _save_attachments(idea, actor, checked, stored)
        publish_on_commit(f"idea.{idea.pk}", {"type": "idea.updated", "idea": idea.pk})
    return idea


def idea_delete_draft(*, actor: User, idea: Idea) -> None:
    with transaction.atomic():
        idea = _lock(idea)
        if not permissions.can_delete_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        for attachment in idea.attachments.all():
            attachment.file.delete(save=False)
        idea.delete()


def idea_transition(*, actor: User, idea: Idea, to_status: str, reason: str = "") -> Idea:
    """Move a submission along its lifecycle. The only place its status changes."""
    reason = (reason or "").strip()
    if to_status not in IdeaStatus.values:
        raise ValidationError({"status": [_("Okänd status.")]})
    with transaction.atomic():
        idea = _lock(idea)
        if not permissions.can_view_idea(actor, idea):
            raise ServiceError(ErrorCode.NOT_FOUND)
        if not permissions.transition_exists(idea.status, to_status):
            raise ServiceError(ErrorCode.INVALID_TRANSITION, current=idea.status, to=to_status)
        if not permissions.can_transition(actor, idea, to_status):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if to_status in permissions.REASON_REQUIRED and not reason:
            raise ValidationError({"reason": [_("Skriv en motivering till författaren.")]})
        if len(reason) > 2000:
            raise ValidationError({"reason": [_("Motiveringen får vara högst 2000 tecken.")]})
        if to_status == IdeaStatus.SUBMITTED:
            _validate_complete(idea)
        _change_status(idea, actor=actor, to_status=IdeaStatus(to_status), reason=reason)
    return idea


def idea_submit(*, actor: User, idea: Idea) -> Idea:
    return idea_transition(actor=actor, idea=idea, to_status=IdeaStatus.SUBMITTED)


def idea_withdraw(*, actor: User, idea: Idea, reason: str = "") -> Idea:
    return idea_transition(actor=actor, idea=idea, to_status=IdeaStatus.WITHDRAWN, reason=reason)


def idea_hide(*, actor: User, idea: Idea, reason: str) -> Idea:
    """A moderator hides a submission from everyone but its author, with a reason they see."""
    reason = (reason or "").strip()
    with transaction.atomic():
        idea = _lock(idea)
        if not permissions.can_moderate_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if not reason:
            raise ValidationError({"reason": [_("Ange varför bidraget döljs.")]})
        if len(reason) > 500:
            raise ValidationError({"reason": [_("Skälet får vara högst 500 tecken.")]})
        idea.is_hidden = True
        idea.hidden_reason = reason
        idea.hidden_by = actor
        idea.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "updated_at"])
        notify(
            recipients=[idea.author],
            kind=IDEA_HIDDEN,
            actor=actor,
            target_url=idea.get_absolute_url(),
            data={"title": idea.title, "reason": reason},
        )
        publish_on_commit(f"idea.{idea.pk}", {"type": "idea.hidden", "idea": idea.pk})
    return idea


def idea_unhide(*, actor: User, idea: Idea) -> Idea:
    with transaction.atomic():
        idea = _lock(idea)
        if not permissions.can_moderate_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        idea.is_hidden = False
        idea.hidden_reason = ""
        idea.hidden_by = None
        idea.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "updated_at"])
    return idea


def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    with transaction.atomic():
        idea = _lock(attachment.idea)
        if not permissions.can_edit_idea(actor, idea):
            raise ServiceError(ErrorCode.FORBIDDEN)
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))


# --- Comments -----------------------------------------------------------------------------


def comment_create(
    *, author: User, idea: Idea, body: str, parent: Comment | None = None
) -> Comment:
    """Comment on a submission, or reply to a top-level comment (one level of replies)."""
    if not permissions.can_view_idea(author, idea):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_comment(author, idea):
        raise ServiceError(ErrorCode.FORBIDDEN)
    body = (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not body:
        errors["body"] = [_("Skriv något först.")]
    elif len(body) > 5000:
        errors["body"] = [_("En kommentar får vara högst 5000 tecken.")]
    if parent is not None:
        if parent.idea_id != idea.pk or parent.is_hidden:
            errors["parent"] = [_("Kommentaren du svarar på finns inte.")]
        elif parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep: answer in the same thread
    if errors:
        raise ValidationError(errors)
    rate_limit_check(scope="comment_create", key=author.pk)
    with transaction.atomic():
        comment = Comment.objects.create(
            idea=idea, author=author, parent=parent, body=body, body_html=render_markdown(body)
        )
        url = f"{idea.get_absolute_url()}#comment-{comment.pk}"
        notify(
            recipients=[idea.author],
            kind=NEW_COMMENT,
            actor=author,
            target_url=url,
            data={"title": idea.title, "who": author.display_name},
        )
        if parent is not None and parent.author_id != idea.author_id:
            notify(
                recipients=[parent.author],
                kind=COMMENT_REPLY,
                actor=author,
                target_url=url,
                data={"title": idea.title, "who": author.display_name},
            )
        publish_on_commit(
            f"idea.{idea.pk}", {"type": "comment.created", "idea": idea.pk, "comment": comment.pk}
        )
    return comment


def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    if not permissions.can_hide_comment(actor, comment):
        raise ServiceError(ErrorCode.FORBIDDEN)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Ange varför kommentaren döljs.")]})
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.is_hidden = True
        comment.hidden_reason = reason[:500]
        comment.save(update_fields=["is_hidden", "hidden_reason"])
    return comment


# --- Support ------------------------------------------------------------------------------


def support_add(*, user: User, idea: Idea, kind: str, note: str = "") -> tuple[Support, bool]:
    """Say how you want to contribute. Idempotent: returns (support, created).

    The unique constraint decides between concurrent identical requests; the losers read
    the winner's row, so every request gets a clean answer and there is exactly one row.
    """
    if not permissions.can_view_idea(user, idea):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_support(user, idea):
        raise ServiceError(ErrorCode.FORBIDDEN)
    if kind not in SupportKind.values:
        raise ValidationError({"kind": [_("Välj hur du vill bidra.")]})
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": [_("Meddelandet får vara högst 500 tecken.")]})
    existing = Support.objects.filter(idea=idea, user=user, kind=kind).first()
    if existing is not None:
        return existing, False
    rate_limit_check(scope="support", key=user.pk)
    try:
        with transaction.atomic():
            support = Support.objects.create(idea=idea, user=user, kind=kind, note=note)
            notify(
                recipients=[idea.author],
                kind=NEW_SUPPORT,
                actor=user,
                target_url=idea.get_absolute_url(),
                data={"title": idea.title, "who": user.display_name},
            )
            publish_on_commit(f"idea.{idea.pk}", {"type": "support.added", "idea": idea.pk})
    except IntegrityError:
        return Support.objects.get(idea=idea, user=user, kind=kind), False
    return support, True


def support_remove(*, user: User, idea: Idea, kind: str) -> bool:
    """Take back a support. Returns whether there was one."""
    if not permissions.can_view_idea(user, idea):
        raise ServiceError(ErrorCode.NOT_FOUND)
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=user, kind=kind).delete()
        if deleted:
            publish_on_commit(f"idea.{idea.pk}", {"type": "support.removed", "idea": idea.pk})
    return bool(deleted)


# --- Helpers ------------------------------------------------------------------------------


def _lock(idea: Idea) -> Idea:
    try:
        return Idea.objects.select_for_update().select_related("author").get(pk=idea.pk)
    except Idea.DoesNotExist:
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def _normalise_tags(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())[:50]
        slug = slugify(name, allow_unicode=True)
        if slug and slug not in seen:
            seen[slug] = name
    return list(seen.values())


def _validate_and_apply(idea: Idea, data: IdeaInput, *, submitting: bool) -> list:
    """Copy `data` onto `idea` and check everything, raising one ValidationError with all."""
    idea.kind = data.kind
    idea.title = (data.title or "").strip()
    idea.summary = (data.summary or "").strip()
    idea.description = (data.description or "").strip()
    idea.focus_area = data.focus_area
    idea.show_author_name = bool(data.show_author_name)
    errors: dict[str, list[str]] = {}
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
    if len(_normalise_tags(data.tags)) > MAX_TAGS:
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
        errors.update({k: v for k, v in _completeness_errors(idea).items() if k not in errors})
    if errors:
        raise ValidationError(errors)
    idea.description_html = render_markdown(idea.description)
    return checked


def _completeness_errors(idea: Idea) -> dict[str, list[str]]:
    """What a draft needs before it can be submitted."""
    errors: dict[str, list[str]] = {}
    if not idea.summary:
        errors["summary"] = [_("Skriv en kort sammanfattning innan du skickar in.")]
    if idea.focus_area_id is None:
        errors["focus_area"] = [_("Välj ett fokusområde innan du skickar in.")]
    return errors


def _validate_complete(idea: Idea) -> None:
    errors = _completeness_errors(idea)
    if errors:
        raise ValidationError(errors)


def _save_relations(idea: Idea, data: IdeaInput) -> None:
    idea.goals.set(data.goals)
    idea.organisations.set(data.organisations)
    tags = []
    for name in _normalise_tags(data.tags):
        tag, _created = Tag.objects.get_or_create(
            slug=slugify(name, allow_unicode=True), defaults={"name": name}
        )
        tags.append(tag)
    idea.tags.set(tags)
    idea.search_text = " ".join(
        [idea.title, idea.summary, idea.description, *(tag.name for tag in tags)]
    ).casefold()
    idea.save(update_fields=["search_text"])


def _save_attachments(idea: Idea, actor: User, checked: list, stored: list[FieldFile]) -> None:
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
def _files_removed_on_error() -> Iterator[list[FieldFile]]:
    """Collect files stored inside the block; remove them again if the block fails."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except BaseException:
        for file in stored:
            if file.name:
                file.storage.delete(file.name)
        raise


def _change_status(idea: Idea, *, actor: User, to_status: IdeaStatus, reason: str) -> None:
    from_status = idea.status
    idea.status = to_status
    fields = ["status", "updated_at"]
    if to_status == IdeaStatus.SUBMITTED and idea.submitted_at is None:
        idea.submitted_at = timezone.now()
        fields.append("submitted_at")
    idea.save(update_fields=fields)
    StatusChange.objects.create(
        idea=idea, actor=actor, from_status=from_status, to_status=to_status, reason=reason
    )
    notify(
        recipients=[idea.author],
        kind=STATUS_CHANGED,
        actor=actor,
        target_url=idea.get_absolute_url(),
        data={"title": idea.title, "status": str(to_status), "reason": reason},
    )
    publish_on_commit(
        f"idea.{idea.pk}", {"type": "idea.status", "idea": idea.pk, "status": str(to_status)}
    )
