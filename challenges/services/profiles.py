"""A student's profile: where and what they study, and what interests them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from challenges.models import Discipline, StudentProfile
from challenges.services.common import Errors, clean_text
from common.errors import ErrorCode, ServiceError
from hub.models import User
from hub.permissions import is_authenticated


@dataclass(frozen=True)
class StudentProfileInput:
    university: str = ""
    programme: str = ""
    interests: str = ""
    disciplines: Sequence[Discipline] = field(default_factory=tuple)


def student_profile_set(*, actor: User, data: StudentProfileInput) -> StudentProfile:
    """Set the signed-in person's own student profile."""
    if not is_authenticated(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    errors: Errors = {}
    values = {
        "university": clean_text(data.university, "university", 200, errors, required=False),
        "programme": clean_text(data.programme, "programme", 200, errors, required=False),
        "interests": clean_text(data.interests, "interests", 300, errors, required=False),
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        profile, _created = StudentProfile.objects.update_or_create(person=actor, defaults=values)
        profile.disciplines.set(data.disciplines)
    return profile
