"""What the demo holds for challenges: a dozen from the seeds' initiatives and needs, in
every status, applications in every state (one a pair), a course case with its report and a
published result, and the pages that show them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    ChallengeStatus,
    CourseCase,
    Result,
)
from hub.models import User
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.usefixtures("demo")


def test_a_dozen_challenges_in_every_status():
    assert Challenge.objects.count() == 12
    assert set(Challenge.objects.values_list("status", flat=True)) == set(ChallengeStatus.values)
    assert Challenge.objects.filter(origin_initiative__title="Physical Literacy").count() == 2
    assert Challenge.objects.filter(origin_idea__kind="need").count() == 4


def test_applications_in_every_state_a_course_case_and_a_result():
    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    assert Application.objects.filter(partner__isnull=False).exists()
    case = CourseCase.objects.get()
    assert case.groups == 8 and case.report
    result = Result.objects.get()
    assert result.challenge.status == ChallengeStatus.COMPLETED


def test_the_pages_show_them(client: Client):
    client.force_login(User.objects.get(email__startswith="student@"))
    html = assert_good_page(client.get(reverse("frontend:challenge-list")))
    assert "Utmaningar för dig" in html
    assert_good_page(client.get(reverse("frontend:my-challenge-applications")))
    done = Challenge.objects.get(status=ChallengeStatus.COMPLETED)
    assert "Vilokartan" in assert_good_page(client.get(done.get_absolute_url()))
    initiative = done.origin_initiative
    page = client.get(reverse("frontend:initiative-detail", args=[initiative.pk]))
    assert "Vilokartan" in page.content.decode()
    owner = Challenge.objects.get(title__startswith="Vad gör en måltid").owner
    client.force_login(owner)
    mine = Challenge.objects.get(title__startswith="Vad gör en måltid")
    assert_good_page(client.get(reverse("frontend:challenge-applications", args=[mine.pk])))
