"""Consent to one's name and to sharing contact details, and the one rule of who sees whose
name: services, the rule itself, the consent page, and that pages, the API, notifications and
board socket payloads all show the same name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from boards import services as board_services
from common.errors import ServiceError
from hub.display_names import pseudonym, shown_name
from hub.models import Consent, ConsentKind, Notification, ProfileType, User
from hub.services import consent_give, consent_withdraw, has_consent
from ideas.models import IdeaStatus
from ideas.services import comment_create
from realtime.models import StreamEvent
from tests.factories import IdeaFactory, StatusChangeFactory, UserFactory
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.django_db

NAME = "Inez Invånare"


@pytest.fixture
def citizen(db) -> User:
    return UserFactory(display_name=NAME, profile_type=ProfileType.EXTERNAL)


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


class TestConsentServices:
    def test_give_records_and_shows_the_name(self, citizen):
        consent = consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        assert consent.given_at is not None and consent.withdrawn_at is None
        assert fresh(citizen).name_consent is True
        assert has_consent(user=citizen, kind=ConsentKind.SHOW_NAME)

    def test_giving_twice_keeps_one_record(self, citizen):
        first = consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        again = consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        assert first.pk == again.pk
        assert Consent.objects.filter(user=citizen).count() == 1

    def test_withdraw_keeps_the_record_with_its_time(self, citizen):
        consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        withdrawn = consent_withdraw(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        assert withdrawn is not None and withdrawn.withdrawn_at is not None
        assert fresh(citizen).name_consent is False
        consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        history = list(Consent.objects.filter(user=citizen).order_by("given_at", "pk"))
        assert [c.withdrawn_at is None for c in history] == [False, True]

    def test_kinds_are_independent(self, citizen):
        consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHARE_CONTACT)
        assert has_consent(user=citizen, kind=ConsentKind.SHARE_CONTACT)
        assert not has_consent(user=citizen, kind=ConsentKind.SHOW_NAME)
        assert fresh(citizen).name_consent is False

    def test_nobody_gives_consent_for_someone_else(self, citizen, administrator, facilitator):
        for actor in (administrator, facilitator, UserFactory()):
            with pytest.raises(ServiceError) as error:
                consent_give(actor=actor, user=citizen, kind=ConsentKind.SHOW_NAME)
            assert error.value.code == "forbidden"
            with pytest.raises(ServiceError):
                consent_withdraw(actor=actor, user=citizen, kind=ConsentKind.SHOW_NAME)
        assert not Consent.objects.exists()

    def test_unknown_kind_is_a_field_error(self, citizen):
        with pytest.raises(ValidationError) as error:
            consent_give(actor=citizen, user=citizen, kind="sell_my_soul")
        assert "kind" in error.value.message_dict
        assert not Consent.objects.exists()

    def test_withdrawing_nothing_changes_nothing(self, citizen):
        assert consent_withdraw(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME) is None
        assert not Consent.objects.exists()


class TestWhoSeesWhoseName:
    def test_citizen_without_consent(self, citizen, facilitator, administrator):
        from django.contrib.auth.models import AnonymousUser

        code = pseudonym(citizen)
        assert code.startswith("Deltagare ") and NAME not in code
        assert pseudonym(citizen) == code  # stable
        for viewer in (None, AnonymousUser(), UserFactory()):
            assert shown_name(person=citizen, viewer=viewer) == code
        for viewer in (citizen, facilitator, administrator):
            assert shown_name(person=citizen, viewer=viewer) == NAME

    def test_citizen_with_consent(self, citizen):
        consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        assert shown_name(person=fresh(citizen), viewer=None) == NAME

    def test_party_staff_are_named(self):
        employee = UserFactory(display_name="Erik Anställd", profile_type=ProfileType.EMPLOYEE)
        assert shown_name(person=employee, viewer=None) == "Erik Anställd"

    def test_pseudonyms_differ_between_people(self, citizen):
        other = UserFactory(profile_type=ProfileType.EXTERNAL)
        assert pseudonym(other) != pseudonym(citizen)


class TestPagesApiAndSocketsAgree:
    """One citizen, seen by an anonymous reader, another person and a facilitator."""

    @pytest.fixture
    def idea(self, citizen, facilitator):
        idea = IdeaFactory(author=citizen, show_author_name=True, status=IdeaStatus.IN_REVIEW)
        StatusChangeFactory(idea=idea, actor=citizen, to_status=IdeaStatus.SUBMITTED)
        StatusChangeFactory(
            idea=idea,
            actor=facilitator,
            from_status=IdeaStatus.SUBMITTED,
            to_status=IdeaStatus.IN_REVIEW,
        )
        return idea

    def _page(self, idea, viewer) -> str:
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        return assert_good_page(client.get(idea.get_absolute_url()))

    def _api(self, idea, viewer) -> tuple[dict, list]:
        client = APIClient()
        if viewer is not None:
            client.force_login(viewer)
        base = f"/api/v1/submissions/{idea.pk}/"
        return client.get(base).json(), client.get(f"{base}history/").json()

    def test_without_consent_everyone_but_self_and_facilitators_sees_the_pseudonym(
        self, idea, citizen, facilitator
    ):
        code = pseudonym(citizen)
        for viewer in (None, UserFactory()):
            html = self._page(idea, viewer)
            assert NAME not in html and code in html
            body, steps = self._api(idea, viewer)
            assert body["author_name"] == code
            assert [s["actor_name"] for s in steps] == [code, "Fia Processtöd"]
            # The page names the facilitator's step too (it used to hide it from readers).
            assert "Fia Processtöd" in html
        for viewer in (citizen, facilitator):
            html = self._page(idea, viewer)
            body, steps = self._api(idea, viewer)
            assert NAME in html and body["author_name"] == NAME
            assert [s["actor_name"] for s in steps] == [NAME, "Fia Processtöd"]

    def test_with_consent_everyone_sees_the_name(self, idea, citizen):
        consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        html = self._page(idea, None)
        body, steps = self._api(idea, None)
        assert NAME in html and body["author_name"] == NAME
        assert steps[0]["actor_name"] == NAME

    def test_a_submission_without_its_authors_name_hides_their_steps_in_both(self, idea, citizen):
        consent_give(actor=citizen, user=citizen, kind=ConsentKind.SHOW_NAME)
        idea.show_author_name = False
        idea.save(update_fields=["show_author_name"])
        reader = UserFactory()
        html = self._page(idea, reader)
        body, steps = self._api(idea, reader)
        assert NAME not in html and pseudonym(citizen) not in html
        assert body["author_name"] is None
        assert [s["actor_name"] for s in steps] == [None, "Fia Processtöd"]
        assert "Fia Processtöd" in html

    def test_comments_and_notifications(self, idea, citizen):
        author = UserFactory(display_name="Alva Författare")
        other = IdeaFactory(author=author, status=IdeaStatus.SUBMITTED, show_author_name=True)
        comment_create(author=citizen, idea=other, body="Bra tanke!")
        code = pseudonym(citizen)
        comments = APIClient().get(f"/api/v1/submissions/{other.pk}/comments/").json()["results"]
        assert [c["author_name"] for c in comments] == [code]
        html = self._page(other, None)
        assert code in html and NAME not in html
        notification = Notification.objects.get(recipient=author)
        assert NAME not in str(notification.message) and code in str(notification.message)

    def test_board_cards_and_presence_carry_the_public_name(self, citizen, facilitator):
        board = board_services.board_create(actor=facilitator, title="Forumträff", template="forum")
        section = board.sections.order_by("position").first()
        seat = board_services.participant_for_user(board=board, user=citizen)
        board_services.board_apply(
            participant=seat, op="card.add", data={"section": section.pk, "text": "Fler bänkar"}
        )
        code = pseudonym(citizen)
        payloads = " ".join(str(e.payload) for e in StreamEvent.objects.all())
        assert code in payloads and NAME not in payloads
        assert seat.display_name == code
        api = APIClient()
        api.force_login(facilitator)
        body = api.get(f"/api/v1/boards/{board.pk}/").json()
        assert NAME not in str(body)


class TestConsentPage:
    URL = reverse("frontend:account-consent")

    def test_needs_sign_in(self, client):
        assert client.get(self.URL).status_code == 302

    def test_shows_the_pseudonym_and_gives_and_withdraws(self, client, citizen):
        client.force_login(citizen)
        html = assert_good_page(client.get(self.URL))
        assert pseudonym(citizen) in html
        response = client.post(self.URL, {"kind": "show_name", "op": "give"})
        assert response.status_code == 302
        assert fresh(citizen).name_consent is True
        html = assert_good_page(client.get(self.URL))
        assert "Återkalla" in html
        client.post(self.URL, {"kind": "show_name", "op": "withdraw"})
        assert fresh(citizen).name_consent is False
        history = Consent.objects.get(user=citizen)
        assert history.withdrawn_at is not None

    def test_bad_input_changes_nothing(self, client, citizen):
        client.force_login(citizen)
        for data in ({"kind": "nope", "op": "give"}, {"kind": "show_name", "op": "maybe"}, {}):
            assert client.post(self.URL, data).status_code == 400
        assert not Consent.objects.exists()
