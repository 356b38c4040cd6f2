"""Remove the demo people and everything they made (`manage.py demo_data --reset`): the demo's
own service (see `demo.services`).

Submissions go through `ideas.services.idea_delete`, the service the admin uses, so their
attachments' files go with them. There are no services for deleting people or the rest of
their history (a real hub keeps it); the demo removes those rows directly. Organisations,
focus areas and goals stay: others' content may refer to them, and the builder updates them
in place.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Model, ProtectedError, Q, QuerySet, RestrictedError

from assessment.models import AssessmentRound
from boards.models import Board
from demo.specs import DEMO_DOMAIN
from hub.models import User
from ideas.models import Comment, Idea, Tag
from ideas.services import idea_delete
from portfolio.models import PortfolioInitiative
from realtime.models import Stream

MAX_DEPTH = 5


def demo_users() -> QuerySet[User]:
    return User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")


def wipe() -> dict[str, int]:
    """Returns how many rows went, per model."""
    removed: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        users = demo_users()
        # The boards' event logs are keyed by name, not by a foreign key: they go first.
        keys = [board.stream_key for board in Board.objects.filter(created_by__in=users)]
        _delete(Stream.objects.filter(key__in=keys), removed)
        _delete(AssessmentRound.objects.filter(created_by__in=users), removed)
        _delete(
            PortfolioInitiative.objects.filter(Q(owner__in=users) | Q(idea__author__in=users)),
            removed,
        )
        _delete(Comment.objects.filter(author__in=users), removed)
        for idea in Idea.objects.filter(author__in=users):
            _delete_idea(idea, removed)
        _delete(users, removed)
        _delete(Tag.objects.filter(ideas__isnull=True), removed)
    return dict(removed)


def _delete_idea(idea: Idea, removed: dict[str, int], depth: int = 0) -> None:
    """Through the service, first removing whatever else of the demo's protects it."""
    try:
        with transaction.atomic():
            idea_delete(actor=None, idea=idea)
    except (ProtectedError, RestrictedError) as exc:
        if depth >= MAX_DEPTH:
            raise
        _delete_blockers(exc, removed, depth)
        _delete_idea(idea, removed, depth + 1)
        return
    removed[Idea._meta.label] += 1


def _delete(queryset: QuerySet, removed: dict[str, int], depth: int = 0) -> None:
    """Delete, first removing whatever else of the demo's protects these rows."""
    try:
        with transaction.atomic():
            _total, per_model = queryset.delete()
    except (ProtectedError, RestrictedError) as exc:
        if depth >= MAX_DEPTH:
            raise
        _delete_blockers(exc, removed, depth)
        _delete(queryset, removed, depth + 1)
        return
    for label, count in per_model.items():
        removed[label] += count


def _delete_blockers(
    exc: ProtectedError | RestrictedError, removed: dict[str, int], depth: int
) -> None:
    blockers = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    by_model: dict[type[Model], list[object]] = defaultdict(list)
    for obj in blockers:
        by_model[type(obj)].append(obj.pk)
    for model, pks in by_model.items():
        _delete(model._default_manager.filter(pk__in=pks), removed, depth + 1)
