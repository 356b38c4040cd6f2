"""Factories shared by every app's tests (people, organisations, focus areas, ideas)."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from common.markdown import render_markdown as plain_html
from hub.models import (
    CoreTeamMembership,
    FocusArea,
    Organisation,
    OrganisationKind,
    ProfileType,
    Role,
    SocietalGoal,
    User,
)
from ideas.models import Comment, Idea, IdeaKind, IdeaStatus, StatusChange, Support, SupportKind

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.OTHER
    is_party = False


class PartyFactory(OrganisationFactory):
    kind = OrganisationKind.MUNICIPALITY
    is_party = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    profile_type = ProfileType.EMPLOYEE
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        if extracted:
            for role in extracted:
                self.groups.add(Group.objects.get_or_create(name=role.value)[0])
        if create:
            self.save()


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokus-{n}")
    north_star = "Alla lyckas."


class SocietalGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocietalGoal

    focus_area = factory.SubFactory(FocusAreaFactory)
    title = factory.Sequence(lambda n: f"Samhällsmål {n}")


class CoreTeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoreTeamMembership

    user = factory.SubFactory(UserFactory)
    focus_area = factory.SubFactory(FocusAreaFactory)
    party = factory.SubFactory(PartyFactory)


class IdeaFactory(factory.django.DjangoModelFactory):
    """A submission written straight to the database (tests of services build their own)."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    kind = IdeaKind.IDEA
    title = factory.Sequence(lambda n: f"Idé nummer {n}")
    summary = "En kort sammanfattning."
    description = "En längre beskrivning."
    description_html = factory.LazyAttribute(lambda o: plain_html(o.description))
    search_text = factory.LazyAttribute(
        lambda o: f"{o.title} {o.summary} {o.description}".casefold()
    )
    focus_area = factory.SubFactory(FocusAreaFactory)
    author = factory.SubFactory(UserFactory)
    status = IdeaStatus.SUBMITTED

    @factory.post_generation
    def tags(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def goals(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.goals.set(extracted)

    @factory.post_generation
    def organisations(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.organisations.set(extracted)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    idea = factory.SubFactory(IdeaFactory)
    to_status = IdeaStatus.SUBMITTED


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    body = "Bra idé!"
    body_html = "<p>Bra idé!</p>"


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)
    kind = SupportKind.PARTICIPATE
