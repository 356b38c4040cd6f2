"""The challenge pages: each passes the page checks in both languages, for the people who
use it; the flows through forms work, refusals show beside the form and change nothing,
and what is private answers 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from challenges.models import (
    Application,
    ApplicationStatus,
    Bookmark,
    Challenge,
    ChallengeStatus,
    CourseCase,
    Result,
)
from hub.models import Role
from tests.challenges.factories import (
    ApplicationFactory,
    ChallengeFactory,
    CourseCaseFactory,
    DisciplineFactory,
    StudentFactory,
    StudentProfileFactory,
    TeacherFactory,
)
from tests.factories import IdeaFactory, UserFactory
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["sv", "en"])
def language(request, client: Client) -> str:
    client.post(reverse("set_language"), {"language": request.param})
    return request.param


def as_user(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def setting(challenge, student, other_student):
    sport = DisciplineFactory(name="Idrott", slug="idrott")
    challenge.disciplines.set([sport])
    StudentProfileFactory(person=student, disciplines=[sport], interests="rörelse")
    ApplicationFactory(challenge=challenge, applicant=other_student, motivation="Hemlig text")
    CourseCaseFactory(challenge=challenge, teacher=challenge.owner)
    ChallengeFactory(owner=challenge.owner, status=ChallengeStatus.DRAFT, title="Utkastet")
    return challenge


def test_every_page_is_good_for_each_person(client, setting, student, language):
    challenge = setting
    anonymous = [reverse("frontend:challenge-list"), challenge.get_absolute_url()]
    for url in anonymous:
        assert_good_page(client.get(url))
    as_user(client, student)
    for url in [
        *anonymous,
        reverse("frontend:my-challenge-applications"),
        reverse("frontend:student-profile"),
    ]:
        assert_good_page(client.get(url))
    as_user(client, challenge.owner)
    for url in [
        challenge.get_absolute_url(),
        reverse("frontend:challenge-create"),
        reverse("frontend:challenge-edit", args=[challenge.pk]),
        reverse("frontend:challenge-applications", args=[challenge.pk]),
    ]:
        assert_good_page(client.get(url))


def test_the_catalogue_filters_searches_and_suggests(client, setting, student):
    ChallengeFactory(title="Digital stad", levels=",bachelor,", formats=",micro_job,")
    as_user(client, student)
    html = client.get(reverse("frontend:challenge-list")).content.decode()
    assert "Utmaningar för dig" in html
    assert "Utkastet" not in html  # a draft is its owner's
    filtered = client.get(reverse("frontend:challenge-list"), {"work_format": "micro_job"})
    assert "Digital stad" in filtered.content.decode()
    assert "Rörelse i skolan" not in filtered.content.decode()
    searched = client.get(
        reverse("frontend:challenge-list"), {"q": "rörelse"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in searched.content.decode()
    assert "Rörelse i skolan" in searched.content.decode()
    by_discipline = client.get(reverse("frontend:challenge-list"), {"discipline": "idrott"})
    assert "Digital stad" not in by_discipline.content.decode()


def test_a_student_applies_through_the_page(client, challenge, student):
    as_user(client, student)
    response = client.post(
        reverse("frontend:challenge-apply", args=[challenge.pk]), {"motivation": "Jag vill."}
    )
    assert response.status_code == 302
    assert Application.objects.get().applicant == student
    again = client.post(
        reverse("frontend:challenge-apply", args=[challenge.pk]), {"motivation": "Igen."}
    )
    assert again.status_code == 200 or again.status_code == 409


def test_applying_to_a_filled_challenge_shows_tillsatt(client, challenge, student):
    ApplicationFactory(challenge=challenge, status=ApplicationStatus.ACCEPTED)
    as_user(client, student)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "tillsatt" in page.lower()
    refused = client.post(
        reverse("frontend:challenge-apply", args=[challenge.pk]), {"motivation": "Jag vill."}
    )
    assert refused.status_code == 409
    assert "tillsatt" in refused.content.decode()
    assert Application.objects.count() == 1


def test_a_partner_address_nobody_has_is_a_field_error(client, challenge, student):
    as_user(client, student)
    response = client.post(
        reverse("frontend:challenge-apply", args=[challenge.pk]),
        {"motivation": "Ihop.", "partner_email": "ingen@example.org"},
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_the_owner_accepts_and_declines_on_the_applications_page(client, challenge):
    first, second = ApplicationFactory.create_batch(2, challenge=challenge)
    as_user(client, challenge.owner)
    client.post(
        reverse("frontend:application-decide", args=[first.pk]),
        {f"a{first.pk}-decision": "accept", f"a{first.pk}-message": "Välkommen!"},
    )
    client.post(
        reverse("frontend:application-decide", args=[second.pk]),
        {f"a{second.pk}-decision": "accept"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ApplicationStatus.ACCEPTED
    assert second.status == ApplicationStatus.SUBMITTED  # the place was taken: refused


def test_students_and_other_owners_do_not_see_applicants(client, setting, student):
    challenge = setting
    url = reverse("frontend:challenge-applications", args=[challenge.pk])
    for outsider in (student, TeacherFactory(), UserFactory(roles=[Role.FACILITATOR])):
        response = as_user(client, outsider).get(url)
        assert response.status_code == 404
        assert "Hemlig text" not in response.content.decode()
    other = Application.objects.get(challenge=challenge)
    response = as_user(client, student).post(
        reverse("frontend:application-decide", args=[other.pk]), {f"a{other.pk}-decision": "accept"}
    )
    assert response.status_code == 404


def test_a_draft_is_not_found_for_others(client, owner):
    draft = ChallengeFactory(owner=owner, status=ChallengeStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert as_user(client, StudentFactory()).get(draft.get_absolute_url()).status_code == 404
    assert as_user(client, owner).get(draft.get_absolute_url()).status_code == 200


def test_publishing_from_a_need_shows_on_the_need(client, focus_area):
    teacher = TeacherFactory()
    need = IdeaFactory(focus_area=focus_area)
    as_user(client, teacher)
    form = client.get(reverse("frontend:challenge-create"), {"bidrag": need.pk})
    assert form.status_code == 200
    response = client.post(
        reverse("frontend:challenge-create"),
        {
            "title": "Rörelse på rasten",
            "question": "Hur rör sig barn mer på rasten?",
            "levels": ["bachelor"],
            "formats": ["thesis", "course_case"],
            "places": "2",
            "origin_idea": str(need.pk),
            "publish": "1",
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert challenge.status == ChallengeStatus.OPEN
    assert challenge.origin_idea == need
    assert "Rörelse på rasten" in client.get(need.get_absolute_url()).content.decode()


def test_bad_input_on_the_form_changes_nothing(client):
    as_user(client, TeacherFactory())
    response = client.post(reverse("frontend:challenge-create"), {"title": "", "places": "0"})
    assert response.status_code == 400
    assert not Challenge.objects.exists()


def test_a_student_cannot_publish(client, student):
    response = as_user(client, student).get(reverse("frontend:challenge-create"))
    assert response.status_code == 302


def test_bookmark_with_htmx(client, challenge, student):
    as_user(client, student)
    response = client.post(
        reverse("frontend:challenge-bookmark", args=[challenge.pk]),
        {"on": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert Bookmark.objects.filter(person=student).exists()


def test_a_teacher_takes_it_into_a_course(client, challenge):
    teacher = TeacherFactory()
    as_user(client, teacher)
    response = client.post(
        reverse("frontend:challenge-course-case", args=[challenge.pk]),
        {"course_name": "Hälsa", "term": "VT 2027", "groups": "5"},
    )
    assert response.status_code == 302
    case = CourseCase.objects.get()
    client.post(
        reverse("frontend:course-case-report", args=[challenge.pk, case.pk]),
        {f"r{case.pk}-report": "Fem grupper, tre förslag."},
    )
    case.refresh_from_db()
    assert case.report == "Fem grupper, tre förslag."


def test_a_student_on_it_publishes_a_result_and_it_can_be_downloaded(client, challenge, student):
    ApplicationFactory(challenge=challenge, applicant=student, status=ApplicationStatus.ACCEPTED)
    as_user(client, student)
    url = reverse("frontend:challenge-result", args=[challenge.pk])
    assert_good_page(client.get(url))
    upload = SimpleUploadedFile("resultat.txt", b"Vad vi kom fram till.", content_type="text/plain")
    response = client.post(url, {"title": "Rörelsepauser", "abstract": "Kort.", "file": upload})
    assert response.status_code == 302
    result = Result.objects.get()
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Rörelsepauser" in page
    download = client.get(reverse("frontend:challenge-result-file", args=[challenge.pk, result.pk]))
    assert b"".join(download.streaming_content) == b"Vad vi kom fram till."
    result.file.delete(save=False)


def test_someone_not_on_it_cannot_open_the_result_form(client, challenge):
    response = as_user(client, StudentFactory()).get(
        reverse("frontend:challenge-result", args=[challenge.pk])
    )
    assert response.status_code == 403
