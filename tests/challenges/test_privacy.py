"""Challenges' personal data: export holds a student's applications and profile; erasure
clears motivations and supervisors' names, removes the profile and bookmarks; the owner of a
running challenge hands it over first."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from challenges.models import Application, Bookmark, ChallengeStatus, StudentProfile
from challenges.personal_data import challenges_to_hand_over
from challenges.services import bookmark_set
from common.errors import ServiceError
from privacy.services import account_erase
from privacy.services.exports import collect
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db

MOTIVATION = "Min farmor bor ensam och jag vill förstå varför måltider spelar roll."


def test_export_and_erasure_of_a_student(challenge, student, administrator):
    ApplicationFactory(
        challenge=challenge,
        applicant=student,
        motivation=MOTIVATION,
        university_supervisor="Ulla U",
    )
    StudentProfileFactory(person=student, interests="äldre, mat")
    bookmark_set(actor=student, challenge=challenge, on=True)

    exported = json.dumps(collect(student), cls=DjangoJSONEncoder, ensure_ascii=False)
    assert MOTIVATION in exported
    assert "äldre, mat" in exported

    account_erase(actor=administrator, user=student)

    application = Application.objects.get()
    assert application.motivation == ""
    assert application.university_supervisor == ""
    assert not StudentProfile.objects.exists()
    assert not Bookmark.objects.exists()


def test_the_owner_of_a_running_challenge_hands_it_over_first(owner, administrator):
    ChallengeFactory(owner=owner, title="Drömfabriken", status=ChallengeStatus.OPEN)
    ChallengeFactory(owner=owner, title="Klar", status=ChallengeStatus.COMPLETED)
    reasons = [str(reason) for reason in challenges_to_hand_over(owner)]
    assert len(reasons) == 1
    assert "Drömfabriken" in reasons[0]
    with pytest.raises(ServiceError):
        account_erase(actor=administrator, user=owner)
