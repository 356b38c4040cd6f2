"""The challenges app's personal data (see common/personal_data.py), and what stops an erasure.

A challenge is a public record of the partnership's work: it stays, its owner and
supervisors read as "Borttagen deltagare" once erased. An application's motivation and the
name of a university supervisor mean something only with the student attached: erasure
clears them (the row and its status stay, for the challenge's figures). A student profile
and bookmarks are nothing without the person and go. Results and course cases are public
records; their authors are pseudonymised.

An owner of a challenge that is still running (a draft, open, in progress) hands it over to
a facilitator first, so no student is left without someone to answer them.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from challenges.models import (
    Application,
    Bookmark,
    Challenge,
    ChallengeStatus,
    CourseCase,
    Discipline,
    Result,
    StudentProfile,
)
from common import personal_data as pd

KEEP = pd.Erasure.KEEP
CLEAR = pd.Erasure.CLEAR

pd.register(
    Challenge,
    people=("owner", "contact_person", "partnership_supervisor"),
    fields={"title": KEEP, "question": KEEP, "context": KEEP},
    not_personal_fields=("levels", "formats"),
    label=_("Utmaningar du publicerat, är kontaktperson eller handledare för"),
)
pd.register(
    Application,
    people=("applicant", "partner"),
    fields={"motivation": CLEAR, "university_supervisor": CLEAR, "decision_message": CLEAR},
    # Who decided: the owner's record of the decision, not the students'.
    not_personal_fields=("decided_by",),
    label=_("Dina ansökningar till utmaningar"),
)
pd.register(
    Bookmark,
    people=("person",),
    delete_rows=True,
    label=_("Utmaningar du sparat"),
)
pd.register(
    StudentProfile,
    people=("person",),
    fields={"university": CLEAR, "programme": CLEAR, "interests": CLEAR},
    delete_rows=True,
    label=_("Din studentprofil"),
)
pd.register(
    CourseCase,
    people=("teacher",),
    fields={"course_name": KEEP, "term": KEEP, "report": KEEP},
    label=_("Utmaningar du tagit in i kurser"),
)
pd.register(
    Result,
    people=("author",),
    fields={"title": KEEP, "abstract": KEEP, "link": KEEP, "file": KEEP, "original_name": KEEP},
    not_personal_fields=("token", "extension", "content_type"),
    label=_("Resultat du publicerat"),
)
pd.not_personal(Discipline, reason="a subject area")

RUNNING = (ChallengeStatus.DRAFT, ChallengeStatus.OPEN, ChallengeStatus.IN_PROGRESS)


def challenges_to_hand_over(user: Any) -> list[Promise | str]:
    """An owner of a running challenge hands it over first (finished ones need no owner)."""
    titles = (
        Challenge.objects.filter(owner=user, status__in=RUNNING)
        .order_by("title", "pk")
        .values_list("title", flat=True)
    )
    return [
        _(
            "Du har publicerat utmaningen ”%(title)s”. Stäng den, eller be processtödet att "
            "lämna över den till någon annan först."
        )
        % {"title": title}
        for title in titles
    ]


pd.register_erasure_blocker(challenges_to_hand_over)
