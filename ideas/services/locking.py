"""What every change to a submission starts with: the submission locked for the transaction."""

from __future__ import annotations

from common.errors import ErrorCode, ServiceError
from ideas.models import Idea


def lock_idea(idea: Idea) -> Idea:
    """The submission, locked and re-read; NOT_FOUND when it is gone."""
    try:
        return Idea.objects.select_for_update().select_related("author").get(pk=idea.pk)
    except Idea.DoesNotExist:
        raise ServiceError(ErrorCode.NOT_FOUND) from None
