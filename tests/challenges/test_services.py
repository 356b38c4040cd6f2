"""Each flow of the challenge services and each refusal of the issue's "Bad input and
safety": refused, nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from challenges import notifications, services
from challenges.errors import ChallengeError, Reason
from challenges.models import (
    Application,
    ApplicationStatus,
    Bookmark,
    Challenge,
    ChallengeStatus,
    Result,
)
from common.errors import ErrorCode, ServiceError
from hub.models import Notification, ProfileType, Role
from tests.challenges.factories import (
    ApplicationFactory,
    ChallengeFactory,
    DisciplineFactory,
    StudentFactory,
    TeacherFactory,
)
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "title": "Måltider och möten",
        "question": "Hur blir lunchen en mötesplats för äldre?",
        "levels": ["bachelor", "master"],
        "formats": ["thesis"],
        "places": 2,
    }
    return services.ChallengeInput(**{**values, **overrides})


def kinds(person):
    return list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


# --- Publishing --------------------------------------------------------------------------------


def test_a_teacher_publishes_a_challenge_from_a_need(focus_area, goal):
    teacher = TeacherFactory()
    need = IdeaFactory(focus_area=focus_area)
    geography = DisciplineFactory(name="Kulturgeografi", slug="kulturgeografi")
    challenge = services.challenge_create(
        actor=teacher,
        data=data(focus_area=focus_area, goals=[goal], disciplines=[geography], origin_idea=need),
        publish=True,
    )
    assert challenge.status == ChallengeStatus.OPEN
    assert challenge.published_at is not None
    assert challenge.level_list == ["bachelor", "master"]
    assert challenge.contact_person == teacher
    assert list(challenge.disciplines.all()) == [geography]
    assert list(need.challenges.all()) == [challenge]


@pytest.mark.parametrize(
    "profile", [ProfileType.STUDENT, ProfileType.EMPLOYEE, ProfileType.EXTERNAL]
)
def test_students_employees_and_externals_do_not_publish(profile):
    with pytest.raises(ServiceError) as refused:
        services.challenge_create(actor=UserFactory(profile_type=profile), data=data())
    assert refused.value.code == ErrorCode.FORBIDDEN
    assert not Challenge.objects.exists()


def test_bad_input_names_each_field(focus_area, other_focus_area):
    from tests.factories import SocietalGoalFactory

    goal = SocietalGoalFactory(focus_area=other_focus_area)
    with pytest.raises(ValidationError) as refused:
        services.challenge_create(
            actor=TeacherFactory(),
            data=data(
                title=" ",
                levels=["nonsense"],
                formats=[],
                places=0,
                period_start=date(2027, 5, 1),
                period_end=date(2027, 1, 1),
                focus_area=focus_area,
                goals=[goal],
            ),
        )
    assert set(refused.value.message_dict) >= {
        "title", "levels", "formats", "places", "period_end", "goals",
    }  # fmt: skip
    assert not Challenge.objects.exists()


def test_a_draft_someone_else_cannot_see_is_not_found(owner):
    draft = ChallengeFactory(owner=owner, status=ChallengeStatus.DRAFT)
    with pytest.raises(ServiceError) as refused:
        services.challenge_update(actor=TeacherFactory(), challenge=draft, data=data())
    assert refused.value.code == ErrorCode.NOT_FOUND


def test_statuses_move_only_along_the_lifecycle(owner):
    draft = ChallengeFactory(owner=owner, status=ChallengeStatus.DRAFT, published_at=None)
    opened = services.challenge_set_status(actor=owner, challenge=draft, status="open")
    assert opened.published_at is not None
    started = services.challenge_set_status(actor=owner, challenge=opened, status="in_progress")
    done = services.challenge_set_status(actor=owner, challenge=started, status="completed")
    with pytest.raises(ChallengeError) as refused:
        services.challenge_set_status(actor=owner, challenge=done, status="open")
    assert refused.value.reason == Reason.BAD_STATUS_CHANGE
    assert Challenge.objects.get(pk=draft.pk).status == ChallengeStatus.COMPLETED


def test_places_never_drop_below_those_taken(challenge, student):
    ApplicationFactory(challenge=challenge, applicant=student, status=ApplicationStatus.ACCEPTED)
    challenge.places = 2
    with pytest.raises(ValidationError) as refused:
        services.challenge_update(actor=challenge.owner, challenge=challenge, data=data(places=0))
    assert "places" in refused.value.message_dict


# --- Applying -------------------------------------------------------------------------------


def test_a_student_applies_with_a_partner_and_the_owner_hears(challenge, student, other_student):
    application = services.application_create(
        actor=student,
        challenge=challenge,
        motivation="Vi läser idrottsvetenskap.",
        partner=other_student,
        university_supervisor="Ulla Handledare",
    )
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.student_ids() == {student.pk, other_student.pk}
    assert kinds(challenge.owner) == [notifications.NEW_APPLICATION]


def test_applying_twice_is_refused(challenge, student):
    services.application_create(actor=student, challenge=challenge, motivation="Jag vill.")
    with pytest.raises(ChallengeError) as refused:
        services.application_create(actor=student, challenge=challenge, motivation="Igen.")
    assert refused.value.reason == Reason.ALREADY_APPLIED
    assert Application.objects.count() == 1


def test_a_partner_who_already_applied_cannot_be_in_a_second_group(
    challenge, student, other_student
):
    services.application_create(actor=other_student, challenge=challenge, motivation="Själv.")
    with pytest.raises(ChallengeError) as refused:
        services.application_create(
            actor=student, challenge=challenge, motivation="Ihop.", partner=other_student
        )
    assert refused.value.reason == Reason.ALREADY_APPLIED


@pytest.mark.parametrize(
    "status", [ChallengeStatus.CLOSED, ChallengeStatus.IN_PROGRESS, ChallengeStatus.COMPLETED]
)
def test_applying_to_a_challenge_not_open_is_refused(owner, student, status):
    challenge = ChallengeFactory(owner=owner, status=status)
    with pytest.raises(ChallengeError) as refused:
        services.application_create(actor=student, challenge=challenge, motivation="Jag vill.")
    assert refused.value.reason == Reason.NOT_OPEN
    assert not Application.objects.exists()


def test_applying_past_the_deadline_is_refused(owner, student):
    yesterday = timezone.localdate() - timedelta(days=1)
    challenge = ChallengeFactory(owner=owner, application_deadline=yesterday)
    with pytest.raises(ChallengeError) as refused:
        services.application_create(actor=student, challenge=challenge, motivation="Sent.")
    assert refused.value.reason == Reason.DEADLINE_PASSED


def test_on_the_deadline_day_one_may_still_apply(owner, student):
    challenge = ChallengeFactory(owner=owner, application_deadline=timezone.localdate())
    services.application_create(actor=student, challenge=challenge, motivation="I tid.")


def test_a_filled_challenge_is_tillsatt_and_takes_no_applications(challenge, student):
    ApplicationFactory(challenge=challenge, status=ApplicationStatus.ACCEPTED)
    with pytest.raises(ChallengeError) as refused:
        services.application_create(actor=student, challenge=challenge, motivation="Jag vill.")
    assert refused.value.reason == Reason.FILLED
    assert refused.value.code == ErrorCode.CONFLICT


def test_only_students_apply(challenge):
    with pytest.raises(ChallengeError) as refused:
        services.application_create(actor=UserFactory(), challenge=challenge, motivation="Jag.")
    assert refused.value.reason == Reason.NOT_A_STUDENT
    assert refused.value.code == ErrorCode.FORBIDDEN


def test_the_partner_must_be_a_student_and_not_oneself(challenge, student):
    with pytest.raises(ChallengeError) as refused:
        services.application_create(
            actor=student, challenge=challenge, motivation="Ihop.", partner=UserFactory()
        )
    assert refused.value.reason == Reason.PARTNER_NOT_STUDENT
    with pytest.raises(ValidationError) as invalid:
        services.application_create(
            actor=student, challenge=challenge, motivation="Ihop.", partner=student
        )
    assert "partner" in invalid.value.message_dict


def test_a_motivation_is_required_and_limited(challenge, student):
    for motivation in ("  ", "x" * 2001, "a\x00b"):
        with pytest.raises(ValidationError) as refused:
            services.application_create(actor=student, challenge=challenge, motivation=motivation)
        assert "motivation" in refused.value.message_dict
    assert not Application.objects.exists()


def test_a_draft_is_not_found_for_applicants(owner, student):
    draft = ChallengeFactory(owner=owner, status=ChallengeStatus.DRAFT)
    with pytest.raises(ServiceError) as refused:
        services.application_create(actor=student, challenge=draft, motivation="Jag vill.")
    assert refused.value.code == ErrorCode.NOT_FOUND


def test_withdrawing_frees_the_place(challenge, student):
    application = ApplicationFactory(
        challenge=challenge, applicant=student, status=ApplicationStatus.ACCEPTED
    )
    withdrawn = services.application_withdraw(actor=student, application=application)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    services.application_create(actor=StudentFactory(), challenge=challenge, motivation="Nu.")
    with pytest.raises(ChallengeError):
        services.application_withdraw(actor=student, application=withdrawn)


def test_someone_elses_application_cannot_be_withdrawn(challenge, student, other_student):
    application = ApplicationFactory(challenge=challenge, applicant=student)
    with pytest.raises(ServiceError) as refused:
        services.application_withdraw(actor=other_student, application=application)
    assert refused.value.code == ErrorCode.NOT_FOUND
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


# --- Deciding --------------------------------------------------------------------------------


def test_accepting_links_the_students_and_tells_them(challenge, student, other_student):
    application = ApplicationFactory(challenge=challenge, applicant=student, partner=other_student)
    accepted = services.application_accept(
        actor=challenge.owner,
        application=application,
        message="Välkomna!",
        university_supervisor="Ulla Handledare",
    )
    assert accepted.status == ApplicationStatus.ACCEPTED
    assert accepted.decided_by == challenge.owner
    assert accepted.university_supervisor == "Ulla Handledare"
    assert kinds(student) == [notifications.ACCEPTED]
    assert kinds(other_student) == [notifications.ACCEPTED]


def test_declining_tells_the_student_with_the_message(challenge, student):
    application = ApplicationFactory(challenge=challenge, applicant=student)
    declined = services.application_decline(
        actor=challenge.owner, application=application, message="Tyvärr är platsen tagen."
    )
    assert declined.status == ApplicationStatus.DECLINED
    assert declined.decision_message == "Tyvärr är platsen tagen."
    assert kinds(student) == [notifications.DECLINED]
    with pytest.raises(ChallengeError) as refused:
        services.application_accept(actor=challenge.owner, application=declined)
    assert refused.value.reason == Reason.ALREADY_DECIDED


def test_accepting_beyond_the_places_is_refused(challenge):
    first, second = ApplicationFactory.create_batch(2, challenge=challenge)
    services.application_accept(actor=challenge.owner, application=first)
    with pytest.raises(ChallengeError) as refused:
        services.application_accept(actor=challenge.owner, application=second)
    assert refused.value.reason == Reason.FILLED
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.SUBMITTED


def test_owners_of_other_challenges_and_students_cannot_decide(challenge, student):
    application = ApplicationFactory(challenge=challenge)
    for outsider in (ChallengeFactory().owner, student, UserFactory(roles=[Role.FACILITATOR])):
        with pytest.raises(ServiceError) as refused:
            services.application_accept(actor=outsider, application=application)
        assert refused.value.code == ErrorCode.NOT_FOUND
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_an_administrator_may_decide(challenge, administrator):
    application = ApplicationFactory(challenge=challenge)
    services.application_accept(actor=administrator, application=application)


# --- Bookmarks, course cases, results -------------------------------------------------------


def test_bookmarking_twice_keeps_one(challenge, student):
    services.bookmark_set(actor=student, challenge=challenge, on=True)
    services.bookmark_set(actor=student, challenge=challenge, on=True)
    assert Bookmark.objects.count() == 1
    services.bookmark_set(actor=student, challenge=challenge, on=False)
    assert not Bookmark.objects.exists()


def test_a_teacher_takes_a_challenge_into_a_course_and_reports_back(challenge):
    teacher = TeacherFactory()
    case = services.course_case_create(
        actor=teacher,
        challenge=challenge,
        data=services.CourseCaseInput(course_name="Hälsa och samhälle", term="VT 2027", groups=8),
    )
    assert case.groups == 8
    assert kinds(challenge.owner) == [notifications.COURSE_CASE]
    reported = services.course_case_report(
        actor=teacher, course_case=case, report="Åtta grupper föreslog rörelsepauser."
    )
    assert reported.reported_at is not None
    with pytest.raises(ServiceError):
        services.course_case_report(actor=TeacherFactory(), course_case=case, report="Inte min.")


def test_course_cases_need_a_teacher_and_the_format(owner, student):
    thesis_only = ChallengeFactory(owner=owner, formats=",thesis,")
    form = services.CourseCaseInput(course_name="Kurs", term="HT 2027", groups=0)
    with pytest.raises(ServiceError):
        services.course_case_create(actor=student, challenge=thesis_only, data=form)
    with pytest.raises(ValidationError) as refused:
        services.course_case_create(actor=TeacherFactory(), challenge=thesis_only, data=form)
    assert {"groups", "__all__"} <= set(refused.value.message_dict)


def test_a_student_on_the_challenge_publishes_a_result(challenge, student):
    ApplicationFactory(challenge=challenge, applicant=student, status=ApplicationStatus.ACCEPTED)
    result = services.result_publish(
        actor=student,
        challenge=challenge,
        title="Rörelse under skoldagen",
        abstract="En studie av rörelsepauser.",
        link="https://www.diva-portal.org/smash/record.jsf?pid=diva2:1",
    )
    assert result.author == student
    assert kinds(challenge.owner) == [notifications.RESULT_PUBLISHED]


def test_a_result_file_is_checked_by_its_content(challenge, student):
    ApplicationFactory(challenge=challenge, applicant=student, status=ApplicationStatus.ACCEPTED)
    fake = SimpleUploadedFile("rapport.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.result_publish(
            actor=student, challenge=challenge, title="R", abstract="A", upload=fake
        )
    assert "file" in refused.value.message_dict
    text = SimpleUploadedFile("rapport.txt", b"Resultatet i text.", content_type="text/plain")
    result = services.result_publish(
        actor=student, challenge=challenge, title="R", abstract="A", upload=text
    )
    assert result.extension == "txt"
    assert result.file.name.endswith(f"{result.token}.txt")
    result.file.delete(save=False)


def test_a_result_needs_a_link_or_a_file_and_a_safe_link(challenge, student):
    ApplicationFactory(challenge=challenge, applicant=student, status=ApplicationStatus.ACCEPTED)
    for link in ("", "javascript:alert(1)"):
        with pytest.raises(ValidationError) as refused:
            services.result_publish(
                actor=student, challenge=challenge, title="R", abstract="A", link=link
            )
        assert "link" in refused.value.message_dict


def test_publishing_a_result_for_a_challenge_one_is_not_on_is_refused(challenge, student):
    ApplicationFactory(challenge=challenge, applicant=student)  # applied, not accepted
    for outsider in (student, challenge.owner, StudentFactory()):
        with pytest.raises(ChallengeError) as refused:
            services.result_publish(
                actor=outsider, challenge=challenge, title="R", abstract="A", link="https://x.se"
            )
        assert refused.value.reason == Reason.NOT_ON_CHALLENGE
    assert not Result.objects.exists()


def test_a_student_sets_their_profile():
    student = StudentFactory()
    care = DisciplineFactory(name="Omvårdnad", slug="vard")
    profile = services.student_profile_set(
        actor=student,
        data=services.StudentProfileInput(
            university="MDU",
            programme="Sjuksköterskeprogrammet",
            interests="äldre, mat",
            disciplines=[care],
        ),
    )
    assert profile.interest_words == ["äldre", "mat"]
    assert list(profile.disciplines.all()) == [care]
