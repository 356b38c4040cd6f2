"""The challenges API translates only: the same services and selectors as the pages, the
refusals with their documented status and reason."""

from __future__ import annotations

import pytest
from django.test import Client

from challenges.models import Application, ApplicationStatus, Challenge, ChallengeStatus, Result
from tests.challenges.factories import (
    ApplicationFactory,
    ChallengeFactory,
    DisciplineFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/challenges/"


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_catalogue_filters_and_rejects_bad_values(challenge):
    ChallengeFactory(title="Mikrojobb", formats=",micro_job,")
    ChallengeFactory(status=ChallengeStatus.DRAFT)
    listed = client_for().get(API).json()
    assert listed["count"] == 2
    only = client_for().get(API, {"work_format": "micro_job"}).json()
    assert [c["title"] for c in only["results"]] == ["Mikrojobb"]
    assert client_for().get(API, {"level": "nonsense"}).status_code == 400


def test_a_teacher_publishes_and_a_student_cannot():
    DisciplineFactory(slug="idrott")
    body = {
        "title": "Physical Literacy",
        "question": "Hur mäter vi rörelseglädje?",
        "levels": ["master"],
        "formats": ["thesis"],
        "disciplines": ["idrott"],
        "places": 2,
        "publish": True,
    }
    created = client_for(TeacherFactory()).post(API, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "open"
    assert created.json()["disciplines"] == ["idrott"]
    refused = client_for(StudentFactory()).post(API, body, content_type="application/json")
    assert refused.status_code == 403
    bad = client_for(TeacherFactory()).post(
        API, {**body, "levels": []}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert Challenge.objects.count() == 1


def test_apply_decide_and_publish_a_result(challenge, student):
    applied = client_for(student).post(
        f"{API}{challenge.pk}/applications/", {"motivation": "Jag vill."}, "application/json"
    )
    assert applied.status_code == 201
    again = client_for(student).post(
        f"{API}{challenge.pk}/applications/", {"motivation": "Igen."}, "application/json"
    )
    assert again.status_code == 409
    assert again.json()["reason"] == "already_applied"
    application_id = applied.json()["id"]

    owner = client_for(challenge.owner)
    listed = owner.get(f"{API}{challenge.pk}/applications/").json()
    assert listed["results"][0]["motivation"] == "Jag vill."
    accepted = owner.post(
        f"{API}applications/{application_id}/accept/", {"message": "Välkommen"}, "application/json"
    )
    assert accepted.json()["status"] == "accepted"

    detail = client_for().get(f"{API}{challenge.pk}/").json()
    assert detail["filled"] is True
    full = client_for(StudentFactory()).post(
        f"{API}{challenge.pk}/applications/", {"motivation": "Sent."}, "application/json"
    )
    assert full.status_code == 409
    assert full.json()["reason"] == "filled"

    result = client_for(student).post(
        f"{API}{challenge.pk}/results/",
        {"title": "Rapport", "abstract": "Kort.", "link": "https://www.diva-portal.org/x"},
        "application/json",
    )
    assert result.status_code == 201
    assert client_for().get(f"{API}{challenge.pk}/").json()["results"][0]["title"] == "Rapport"


def test_applicants_are_private(challenge, student, other_student):
    application = ApplicationFactory(challenge=challenge, applicant=other_student)
    for outsider in (student, TeacherFactory()):
        assert client_for(outsider).get(f"{API}{challenge.pk}/applications/").status_code == 404
        decided = client_for(outsider).post(
            f"{API}applications/{application.pk}/accept/", {}, "application/json"
        )
        assert decided.status_code == 404
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_a_result_by_someone_not_on_it_is_refused(challenge, student):
    refused = client_for(student).post(
        f"{API}{challenge.pk}/results/",
        {"title": "R", "abstract": "A", "link": "https://x.se"},
        "application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["reason"] == "not_on_challenge"
    assert not Result.objects.exists()


def test_my_applications_profile_and_suggestions(challenge, student):
    DisciplineFactory(slug="idrott")
    challenge.disciplines.set([DisciplineFactory(slug="idrott")])
    me = client_for(student)
    assert me.get(f"{API}student-profile/").status_code == 404
    put = me.put(
        f"{API}student-profile/",
        {"university": "MDU", "programme": "Idrott", "disciplines": ["idrott"]},
        "application/json",
    )
    assert put.status_code == 200
    assert [c["id"] for c in me.get(f"{API}for-you/").json()] == [challenge.pk]
    ApplicationFactory(challenge=challenge, applicant=student)
    assert me.get(f"{API}applications/mine/").json()["count"] == 1
    assert (
        me.post(f"{API}{challenge.pk}/bookmark/", {"on": True}, "application/json").status_code
        == 204
    )


def test_a_teacher_adds_a_course_case_and_reports(challenge):
    teacher = client_for(TeacherFactory())
    created = teacher.post(
        f"{API}{challenge.pk}/course-cases/",
        {"course_name": "Hälsa", "term": "VT 2027", "groups": 4},
        "application/json",
    )
    assert created.status_code == 201
    case_id = created.json()["id"]
    reported = teacher.post(
        f"{API}{challenge.pk}/course-cases/{case_id}/report/",
        {"report": "Bra."},
        "application/json",
    )
    assert reported.json()["report"] == "Bra."
