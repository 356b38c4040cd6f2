from __future__ import annotations

import factory
from django.utils import timezone

from challenges.models import (
    Application,
    ApplicationStatus,
    Challenge,
    ChallengeStatus,
    CourseCase,
    Discipline,
    StudentProfile,
)
from hub.models import ProfileType
from tests.factories import UserFactory


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discipline
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ämne {n}")
    slug = factory.Sequence(lambda n: f"amne-{n}")


class StudentFactory(UserFactory):
    profile_type = ProfileType.STUDENT


class TeacherFactory(UserFactory):
    profile_type = ProfileType.TEACHER


class ChallengeFactory(factory.django.DjangoModelFactory):
    """An open challenge with one place, for a master's thesis."""

    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Utmaning {n}")
    question = "Hur kan fler barn röra sig varje dag?"
    owner = factory.SubFactory(TeacherFactory)
    contact_person = factory.SelfAttribute("owner")
    levels = ",master,"
    formats = ",thesis,course_case,"
    places = 1
    status = ChallengeStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def disciplines(
        self, create: bool, extracted: list[Discipline] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.disciplines.set(extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    challenge = factory.SubFactory(ChallengeFactory)
    applicant = factory.SubFactory(StudentFactory)
    motivation = "Jag skriver mitt examensarbete om barns rörelse."
    status = ApplicationStatus.SUBMITTED


class CourseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCase

    challenge = factory.SubFactory(ChallengeFactory)
    teacher = factory.SubFactory(TeacherFactory)
    course_name = "Hälsa och samhälle"
    term = "VT 2027"
    groups = 6


class StudentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentProfile
        skip_postgeneration_save = True

    person = factory.SubFactory(StudentFactory)
    university = "Mälardalens universitet"
    programme = "Folkhälsovetenskap"
    interests = ""

    @factory.post_generation
    def disciplines(
        self, create: bool, extracted: list[Discipline] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.disciplines.set(extracted)
