"""The audit log of administrators' access to personal data (a person's admin page, the
list of people, exports, erasure on request). Nothing of the person goes into the log
line: only ids."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from hub.models import AccessKind, PersonalDataAccess, User

logger = logging.getLogger(__name__)


def personal_data_access_record(
    *, actor: Any, kind: str, person: User | None = None, path: str = ""
) -> PersonalDataAccess:
    """Record that `actor` reached `person`'s data (or a list of people: person None)."""
    kind = AccessKind(kind)
    with transaction.atomic():
        entry = PersonalDataAccess.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            person=person,
            kind=kind,
            path=(path or "")[:300],
        )
    logger.info(
        "personal data access %s by account %s to %s",
        kind.value,
        getattr(actor, "pk", None),
        person.pk if person else "-",
    )
    return entry
