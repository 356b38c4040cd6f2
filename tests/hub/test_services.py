"""People and notifications through the hub services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from common.errors import ErrorCode, ServiceError
from common.markdown import render_markdown
from hub import services
from hub.models import Notification, ProfileType, User
from hub.services import notify
from ideas.notifications import STATUS_CHANGED
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Lingonsylt-och-kaffe-42"


class TestSignup:
    def test_creates_a_person_who_can_sign_in(self):
        organisation = OrganisationFactory(name="Eskilstuna kommun")
        user = services.user_signup(
            email="  Nora.Nilsson@Example.ORG ",
            password=GOOD_PASSWORD,
            display_name="Nora Nilsson",
            profile_type=ProfileType.TEACHER,
            organisation=organisation,
        )
        assert user.email == "nora.nilsson@example.org"
        assert user.check_password(GOOD_PASSWORD)
        assert User.objects.get_by_natural_key("NORA.nilsson@example.org") == user

    def test_bad_input_gives_field_errors_and_creates_nothing(self):
        with pytest.raises(ValidationError) as error:
            services.user_signup(email="inte-en-adress", password="123", display_name="")
        assert {"email", "password", "display_name"} <= set(error.value.message_dict)
        assert not User.objects.exists()

    def test_an_address_is_taken_whatever_its_case(self):
        UserFactory(email="ella@example.org")
        with pytest.raises(ValidationError) as error:
            services.user_signup(email="ELLA@example.org", password=GOOD_PASSWORD, display_name="E")
        assert "email" in error.value.message_dict

    def test_unknown_profile_type_is_refused(self):
        with pytest.raises(ValidationError) as error:
            services.user_signup(
                email="a@example.org", password=GOOD_PASSWORD, display_name="A", profile_type="ceo"
            )
        assert "profile_type" in error.value.message_dict

    @override_settings(RATE_LIMITS={"signup": (2, 3600)})
    def test_signup_is_rate_limited_per_client(self):
        for n in range(2):
            services.user_signup(
                email=f"p{n}@example.org",
                password=GOOD_PASSWORD,
                display_name="P",
                client_key="1.2.3.4",
            )
        with pytest.raises(ServiceError) as error:
            services.user_signup(
                email="p3@example.org",
                password=GOOD_PASSWORD,
                display_name="P",
                client_key="1.2.3.4",
            )
        assert error.value.code == ErrorCode.RATE_LIMITED
        assert error.value.detail["retry_after"] > 0
        services.user_signup(
            email="other@example.org",
            password=GOOD_PASSWORD,
            display_name="O",
            client_key="5.6.7.8",
        )


class TestAuthenticate:
    def test_right_credentials_give_the_person(self, participant):
        credentials = services.Credentials(f"  {participant.email.upper()} ", PASSWORD)
        user = services.user_authenticate(client_key="1.2.3.4", credentials=credentials)
        assert user == participant

    @pytest.mark.parametrize("active", [True, False])
    def test_wrong_or_inactive_is_one_error_of_the_whole_form(self, active):
        user = UserFactory(is_active=active)
        password = "fel" if active else PASSWORD
        with pytest.raises(ValidationError) as error:
            services.user_authenticate(
                client_key="1.2.3.4", credentials=services.Credentials(user.email, password)
            )
        assert not hasattr(error.value, "error_dict")
        assert error.value.messages == ["Fel e-postadress eller lösenord."]

    @override_settings(RATE_LIMITS={"login": (2, 600)})
    def test_every_attempt_counts_per_client_even_refused_input(self, participant):
        right = services.Credentials(participant.email, PASSWORD)
        assert services.user_authenticate(client_key="1.2.3.4", credentials=None) is None
        with pytest.raises(ValidationError):
            services.user_authenticate(
                client_key="1.2.3.4", credentials=services.Credentials(participant.email, "x")
            )
        with pytest.raises(ServiceError) as error:
            services.user_authenticate(client_key="1.2.3.4", credentials=right)
        assert error.value.code == ErrorCode.RATE_LIMITED
        assert services.user_authenticate(client_key="5.6.7.8", credentials=right) == participant


class TestProfile:
    def test_a_person_edits_only_their_own_profile(self, participant, author):
        services.profile_update(
            actor=participant,
            user=participant,
            display_name="Per Persson",
            profile_type=ProfileType.RESEARCHER,
            organisation=None,
            bio="Forskar om skolnärvaro.",
        )
        participant.refresh_from_db()
        assert participant.display_name == "Per Persson"
        with pytest.raises(ServiceError):
            services.profile_update(
                actor=participant, user=author, display_name="X", profile_type="student",
                organisation=None,
            )  # fmt: skip

    def test_invalid_profile_changes_nothing(self, participant):
        with pytest.raises(ValidationError):
            services.profile_update(
                actor=participant, user=participant, display_name="", profile_type="nope",
                organisation=None, bio="x" * 3000,
            )  # fmt: skip
        participant.refresh_from_db()
        assert participant.display_name == "Per Deltagare"


class TestNotifications:
    def test_the_actor_is_never_notified_and_duplicates_collapse(self, author, participant):
        created = notify(
            recipients=[author, author, participant],
            kind=STATUS_CHANGED,
            actor=participant,
            target_url="/",
            data={"title": "Drömfabriken", "status": "promoted", "reason": ""},
        )
        assert [n.recipient for n in created] == [author]

    def test_messages_render_in_the_readers_language(self, author):
        notify(
            recipients=[author],
            kind=STATUS_CHANGED,
            actor=None,
            target_url="/",
            data={"title": "Drömfabriken", "status": "promoted", "reason": ""},
        )
        note = Notification.objects.get()
        assert note.message == "”Drömfabriken” har fått status Lyft till portföljen."
        with translation.override("en"):
            assert "Drömfabriken" in note.message
            assert "Lyft" not in note.message

    def test_an_unknown_kind_renders_as_its_name(self, author):
        note = Notification.objects.create(recipient=author, kind="gone.kind", data={})
        assert note.message == "gone.kind"

    def test_mark_read(self, author):
        for _n in range(3):
            Notification.objects.create(recipient=author, kind="x")
        first = Notification.objects.first()
        assert services.notifications_mark_read(actor=author, ids=[first.pk]) == 1
        assert services.notifications_mark_read(actor=author) == 2
        with pytest.raises(ServiceError):
            services.notifications_mark_read(actor=AnonymousUser())


class TestMarkdown:
    @pytest.mark.parametrize(
        "hostile",
        [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "<img src=x onerror=alert(1)>",
            '<a href="data:text/html,<script>alert(1)</script>">x</a>',
            "<svg><script>alert(1)</script></svg>",
            "<style>body{display:none}</style>",
            '<p style="position:fixed">x</p>',
            "<iframe src='https://evil.example'></iframe>",
        ],
    )
    def test_nothing_executable_survives(self, hostile):
        html = render_markdown(hostile)
        for needle in (
            "<script",
            "javascript:",
            "onerror",
            "data:text",
            "<style",
            "style=",
            "<iframe",
            "<svg",
        ):
            assert needle not in html

    def test_ordinary_markdown_is_kept(self):
        html = render_markdown("## Mål\n\n- **en**\n- [länk](https://example.org)")
        assert "<h3>Mål</h3>" in html and "<strong>en</strong>" in html
        assert 'rel="nofollow noopener noreferrer ugc"' in html


def test_navigation_facts_in_one_query(author, core_team_member, django_assert_num_queries):
    from hub.selectors import navigation_facts

    Notification.objects.create(recipient=author, kind="x")
    Notification.objects.create(recipient=author, kind="x", read_at="2026-01-01T00:00Z")
    with django_assert_num_queries(1):
        assert navigation_facts(user=author) == {"unread": 1, "on_core_team": False}
    assert navigation_facts(user=core_team_member)["on_core_team"] is True
