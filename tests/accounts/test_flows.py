"""Account flows through their pages and services: verification, reset, change of email and
password, signing out elsewhere. Emails are checked for language, parts and headers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail, signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import links
from accounts.errors import AccountError, AccountErrorCode
from accounts.services import (
    email_change_confirm,
    email_change_request,
    email_verify,
    password_reset_confirm,
)
from common.models import OutgoingEmail
from hub.models import Role, User
from hub.services import core_team_seat_add, role_grant
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ett-helt-nytt-lösen-42"


def link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+", message.body.split("\n\n", 2)[2])
    assert match, message.body
    return match.group(0).replace("http://127.0.0.1:8000", "")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestSignupVerification:
    def test_signup_sends_a_verification_link_that_verifies(self, client):
        response = client.post(
            reverse("frontend:signup"),
            {
                "email": "ny@example.se",
                "display_name": "Nora Ny",
                "profile_type": "external",
                "password": "ett-bra-lösenord-9",
                "password_again": "ett-bra-lösenord-9",
            },
        )
        assert response.status_code == 302
        user = User.objects.get(email="ny@example.se")
        assert user.email_verified_at is None
        # The account works at once, with a banner on every page.
        home = client.get(reverse("frontend:home"))
        assert "Skicka länken igen" in home.content.decode()

        [message] = mail.outbox
        assert message.to == ["ny@example.se"]
        assert message.subject == "Bekräfta din e-postadress i Samhällshubben"
        assert message.alternatives and "<a href=" in message.alternatives[0].content
        response = client.get(link_in(message))
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.email_verified_at is not None
        assert "Skicka länken igen" not in client.get(reverse("frontend:home")).content.decode()

    def test_send_again_is_rate_limited(self):
        user = UserFactory(email_verified_at=None)
        client = signed_in(user)
        with override_settings(RATE_LIMITS={"email_verify": (2, 3600)}):
            for _n in range(2):
                assert client.post(reverse("frontend:email-verify-send")).status_code == 302
            assert client.post(reverse("frontend:email-verify-send")).status_code == 429
        assert len(mail.outbox) == 2

    def test_send_again_goes_back_only_within_the_site(self):
        client = signed_in(UserFactory(email_verified_at=None))
        url = reverse("frontend:email-verify-send")
        assert client.post(url, HTTP_REFERER="https://evil.example/")["Location"] == "/"
        back = client.post(url, HTTP_REFERER="http://testserver/bidrag/")
        assert back["Location"] == "http://testserver/bidrag/"

    def test_tampered_expired_and_stale_links_are_refused(self):
        user = UserFactory(email_verified_at=None)
        token = links.verify_token_make(user_id=user.pk, email=user.email)
        client = Client()
        assert client.get(reverse("frontend:email-verify", args=[token + "x"])).status_code == 400
        with pytest.raises(AccountError) as caught:
            email_verify(actor=None, token=links.verify_token_make(user_id=user.pk, email="a@b.se"))
        assert caught.value.code == AccountErrorCode.LINK_INVALID
        old = signing.TimestampSigner(salt=links.VERIFY_SALT)
        stale = old.sign_object({"u": user.pk, "e": user.email})
        later = timezone.now() + links.VERIFY_MAX_AGE + timedelta(minutes=1)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("time.time", lambda: later.timestamp())
            with pytest.raises(AccountError):
                email_verify(actor=None, token=stale)
        user.refresh_from_db()
        assert user.email_verified_at is None

    def test_a_link_for_another_person_is_refused(self):
        owner = UserFactory(email_verified_at=None)
        other = UserFactory()
        token = links.verify_token_make(user_id=owner.pk, email=owner.email)
        response = signed_in(other).get(reverse("frontend:email-verify", args=[token]))
        assert response.status_code == 403
        owner.refresh_from_db()
        assert owner.email_verified_at is None

    def test_roles_need_a_verified_address(self, focus_area, party):
        from django.core.exceptions import ValidationError

        user = UserFactory(email_verified_at=None)
        with pytest.raises(ValidationError, match="bekräftat"):
            role_grant(actor=None, user=user, role=Role.FACILITATOR)
        with pytest.raises(ValidationError, match="bekräftat"):
            core_team_seat_add(actor=None, user=user, focus_area=focus_area, party=party)
        assert not user.groups.exists() and not user.core_teams.exists()


class TestPasswordReset:
    def test_the_answer_is_the_same_for_unknown_addresses(self, client, participant):
        known = client.post(reverse("frontend:password-reset"), {"email": participant.email})
        unknown = client.post(reverse("frontend:password-reset"), {"email": "ingen@example.se"})
        assert known.status_code == unknown.status_code == 200
        strip = lambda r: r.content.decode().replace(r.wsgi_request.META["CSRF_COOKIE"], "")  # noqa: E731
        assert "Om det finns ett konto" in strip(known)
        assert [m.to for m in mail.outbox] == [[participant.email]]

    def test_reset_works_once_and_signs_out_everywhere(self, participant):
        elsewhere = signed_in(participant)
        Client().post(reverse("frontend:password-reset"), {"email": participant.email})
        path = link_in(mail.outbox[0])
        client = Client()
        assert client.get(path).status_code == 200
        response = client.post(path, {"password": NEW_PASSWORD})
        assert response.status_code == 302
        participant.refresh_from_db()
        assert participant.check_password(NEW_PASSWORD)
        assert SESSION_KEY not in elsewhere.get(reverse("frontend:home")).wsgi_request.session
        # Used: the link no longer works.
        assert client.get(path).status_code == 400
        again = client.post(path, {"password": "ännu-ett-lösen-77"})
        assert again.status_code == 400
        participant.refresh_from_db()
        assert participant.check_password(NEW_PASSWORD)
        assert mail.outbox[-1].subject == "Ditt lösenord i Samhällshubben är bytt"

    def test_expired_and_foreign_links_are_refused(self, participant):
        Client().post(reverse("frontend:password-reset"), {"email": participant.email})
        path = link_in(mail.outbox[0])
        _konto, _aterstall, uidb64, token = path.strip("/").split("/")
        with override_settings(PASSWORD_RESET_TIMEOUT=-1), pytest.raises(AccountError):
            password_reset_confirm(uidb64=uidb64, token=token, password=NEW_PASSWORD)
        other = UserFactory()
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        other_uid = urlsafe_base64_encode(force_bytes(other.pk))
        with pytest.raises(AccountError):
            password_reset_confirm(uidb64=other_uid, token=token, password=NEW_PASSWORD)
        with pytest.raises(AccountError):
            password_reset_confirm(uidb64="!!", token="x", password=NEW_PASSWORD)
        participant.refresh_from_db()
        other.refresh_from_db()
        assert participant.check_password(PASSWORD) and other.check_password(PASSWORD)

    def test_weak_password_is_a_field_error(self, participant):
        Client().post(reverse("frontend:password-reset"), {"email": participant.email})
        path = link_in(mail.outbox[0])
        response = Client().post(path, {"password": "123"})
        assert response.status_code == 400
        assert 'aria-describedby="id_password_error' in response.content.decode() or (
            "id_password" in response.content.decode()
        )
        participant.refresh_from_db()
        assert participant.check_password(PASSWORD)

    @override_settings(RATE_LIMITS={"password_reset": (2, 3600), "password_reset_address": (9, 9)})
    def test_requests_are_rate_limited(self, client, participant):
        for _n in range(2):
            client.post(reverse("frontend:password-reset"), {"email": participant.email})
        response = client.post(reverse("frontend:password-reset"), {"email": participant.email})
        assert response.status_code == 429
        assert len(mail.outbox) == 2


class TestEmailChange:
    def test_confirmed_on_the_new_address_with_a_notice_to_the_old(self, participant):
        old = participant.email
        client = signed_in(participant)
        response = client.post(
            reverse("frontend:account-security"),
            {"action": "email", "new_email": "Ny.Adress@Example.se", "password": PASSWORD},
        )
        assert response.status_code == 302
        participant.refresh_from_db()
        assert participant.email == old  # nothing changes until confirmed
        [message] = mail.outbox
        assert message.to == ["ny.adress@example.se"]
        path = link_in(message)
        assert client.get(path).status_code == 302
        participant.refresh_from_db()
        assert participant.email == "ny.adress@example.se"
        assert participant.email_verified_at is not None
        assert mail.outbox[-1].to == [old]
        # Used once: the old address no longer matches.
        assert client.get(path).status_code == 400

    def test_wrong_password_and_taken_address_are_field_errors(self, participant):
        taken = UserFactory().email
        client = signed_in(participant)
        wrong = client.post(
            reverse("frontend:account-security"),
            {"action": "email", "new_email": "x@example.se", "password": "fel"},
        )
        assert wrong.status_code == 400
        with pytest.raises(Exception, match="redan"):
            email_change_request(user=participant, new_email=taken, password=PASSWORD)
        assert mail.outbox == []

    def test_a_link_for_another_person_or_tampered_is_refused(self, participant):
        token = links.change_token_make(
            user_id=participant.pk, old_email=participant.email, new_email="ny@example.se"
        )
        other = UserFactory()
        with pytest.raises(AccountError) as caught:
            email_change_confirm(actor=other, token=token)
        assert caught.value.code == AccountErrorCode.LINK_WRONG_ACCOUNT
        with pytest.raises(AccountError) as caught:
            email_change_confirm(actor=participant, token=token[:-2] + "zz")
        assert caught.value.code == AccountErrorCode.LINK_INVALID
        participant.refresh_from_db()
        other.refresh_from_db()
        assert "ny@example.se" not in {participant.email, other.email}


class TestPasswordAndSessions:
    def test_change_keeps_this_session_and_ends_the_others(self, participant):
        here, elsewhere = signed_in(participant), signed_in(participant)
        response = here.post(
            reverse("frontend:account-security"),
            {"action": "password", "current_password": PASSWORD, "new_password": NEW_PASSWORD},
        )
        assert response.status_code == 302
        assert SESSION_KEY in here.get(reverse("frontend:profile")).wsgi_request.session
        assert elsewhere.get(reverse("frontend:profile")).status_code == 302

    def test_change_needs_the_current_password(self, participant):
        response = signed_in(participant).post(
            reverse("frontend:account-security"),
            {"action": "password", "current_password": "fel", "new_password": NEW_PASSWORD},
        )
        assert response.status_code == 400
        assert "Lösenordet stämmer inte." in response.content.decode()
        participant.refresh_from_db()
        assert participant.check_password(PASSWORD)

    def test_sign_out_of_all_other_sessions(self, participant):
        here, elsewhere = signed_in(participant), signed_in(participant)
        response = here.post(reverse("frontend:account-security"), {"action": "sign_out_others"})
        assert response.status_code == 302
        assert here.get(reverse("frontend:profile")).status_code == 200
        assert elsewhere.get(reverse("frontend:profile")).status_code == 302


class TestEmails:
    def test_in_the_readers_language_with_text_and_html(self):
        user = UserFactory(language="en", email_verified_at=None)
        signed_in(user).post(reverse("frontend:email-verify-send"))
        [message] = mail.outbox
        assert message.subject == "Confirm your email address in Samhällshubben"
        assert "Welcome to Samhällshubben" in message.body
        assert message.alternatives[0].mimetype == "text/html"
        assert '<html lang="en">' in message.alternatives[0].content

    def test_header_injection_in_the_name_goes_nowhere(self):
        evil = "Eve\r\nBcc: victim@example.se\r\nSubject: pwned"
        user = UserFactory(display_name=evil.replace("\r\n", " "), email_verified_at=None)
        User.objects.filter(pk=user.pk).update(display_name=evil)  # as if it got in anyway
        user.refresh_from_db()
        signed_in(user).post(reverse("frontend:email-verify-send"))
        [message] = mail.outbox
        raw = message.message()
        assert raw["Bcc"] is None and message.bcc == []
        assert raw["Subject"] == "Bekräfta din e-postadress i Samhällshubben"
        assert message.to == [user.email]
        assert "&lt;" not in message.body
        outgoing = OutgoingEmail.objects.get()
        assert "victim" not in str(outgoing.headers)
        html = message.alternatives[0].content
        assert "<script" not in html


def test_no_personal_data_in_the_log_of_the_flows(caplog):
    """Sign-up, verification, a reset and an email change: their log names nobody."""
    caplog.set_level("DEBUG")
    client = Client()
    client.post(
        reverse("frontend:signup"),
        {
            "email": "loggad@example.se",
            "display_name": "Lova Loggsson",
            "profile_type": "external",
            "password": "ett-bra-lösenord-9",
            "password_again": "ett-bra-lösenord-9",
        },
    )
    client.get(link_in(mail.outbox[0]))
    client.post(
        reverse("frontend:account-security"),
        {"action": "email", "new_email": "ny.loggad@example.se", "password": "fel"},
    )
    Client().post(reverse("frontend:password-reset"), {"email": "loggad@example.se"})
    Client().post(link_in(mail.outbox[-1]), {"password": "1"})
    log = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("loggad@example.se", "ny.loggad", "Lova", "Loggsson"):
        assert secret not in log
