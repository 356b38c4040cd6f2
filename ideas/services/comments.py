"""Comments on a submission, and replies one level deep."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from common.markdown import render_markdown
from common.ratelimit import rate_limit_check
from hub.display_names import shown_name
from hub.models import User
from hub.services import notify
from ideas import permissions
from ideas.models import Comment, Idea
from ideas.notifications import COMMENT_REPLY, NEW_COMMENT

MAX_COMMENT_LENGTH = 5000


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
    elif len(body) > MAX_COMMENT_LENGTH:
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
            data={"title": idea.title, "who": shown_name(person=author, viewer=idea.author)},
        )
        if parent is not None and parent.author_id != idea.author_id:
            notify(
                recipients=[parent.author],
                kind=COMMENT_REPLY,
                actor=author,
                target_url=url,
                data={"title": idea.title, "who": shown_name(person=author, viewer=parent.author)},
            )
    return comment
