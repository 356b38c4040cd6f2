"""No personal data in logs: a whole flow through the edges (sign-up, verification mail,
submitting, commenting, mail of notifications and digests, a password reset, a guest on a
board, failed sign-ins, an erasure) with every log record captured, then searched for the
names, addresses and free text that were used."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from boards import services as board_services
from emailing.models import Frequency
from emailing.services import digests_send
from hub.models import ProfileType, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME = "Lovisa Loggsökdotter"
EMAIL = "lovisa.loggsok@example.org"
PASSWORD = "ett-langt-losenord-42"
GUEST = "Gästen Gunnar Spårlös"
FREE_TEXT = {
    "title": "Lekplats vid Kvarnbäcken",
    "summary": "Sammanfattning om hemliga Kvarnbäcksstigen",
    "description": "Beskrivning av bäckens gungor intill Ekängsgatan",
    "comment": "Kommentar om ängsblommorna vid Tallåsen",
    "card": "Lapp om Björkhagens fotbollsplan",
    "bio": "Jag bor på Solrosvägen tolv",
}


class EverythingCaptured(logging.Handler):
    """Every record of every logger, formatted with its arguments and any traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("factory"):  # the test's own factories, not the hub
            return
        self.texts.append(self.format(record))


@pytest.fixture
def captured():
    handler = EverythingCaptured()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def test_a_whole_flow_logs_no_personal_data(
    captured, focus_area, facilitator, django_capture_on_commit_callbacks
):
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        # Sign-up, with the verification mail sent by the background task.
        signed_up = browser.post(
            reverse("frontend:signup"),
            {
                "display_name": NAME,
                "email": EMAIL,
                "password": PASSWORD,
                "password_again": PASSWORD,
                "profile_type": ProfileType.EXTERNAL,
                "organisation": "",
            },
        )
        assert signed_up.status_code == 302
        person = User.objects.get(email=EMAIL)
        # Bad sign-ins with the address, and a sign-up that is refused.
        Client().post(reverse("frontend:login"), {"email": EMAIL, "password": "fel"})
        Client().post(
            reverse("frontend:signup"),
            {"display_name": NAME, "email": EMAIL, "password": "1", "password_again": "2"},
        )
        api = APIClient()
        api.force_login(person)
        api.patch("/api/v1/me/", {"bio": FREE_TEXT["bio"]}, format="json")
        # Submitting.
        created = api.post(
            "/api/v1/submissions/",
            {
                "title": FREE_TEXT["title"],
                "kind": "idea",
                "summary": FREE_TEXT["summary"],
                "description": FREE_TEXT["description"],
                "focus_area": focus_area.pk,
                "submit": True,
            },
            format="json",
        )
        assert created.status_code == 201, created.json()
        idea_id = created.json()["id"]
        # Someone comments on it: a notification and a mail to the (unverified: no mail)
        # person; then the person comments on a verified reader's submission.
        reader = UserFactory(display_name="Rut Läsare")
        reader_api = APIClient()
        reader_api.force_login(reader)
        commented = reader_api.post(
            f"/api/v1/submissions/{idea_id}/comments/", {"body": "Bra!"}, format="json"
        )
        assert commented.status_code == 201
        theirs = reader_api.post(
            "/api/v1/submissions/",
            {
                "title": "Rut bidrag om bussar",
                "kind": "idea",
                "summary": "Fler bussar.",
                "description": "Fler bussar på kvällen.",
                "focus_area": focus_area.pk,
                "submit": True,
            },
            format="json",
        ).json()["id"]
        api.post(
            f"/api/v1/submissions/{theirs}/comments/",
            {"body": FREE_TEXT["comment"]},
            format="json",
        )
        digests_send(frequency=Frequency.DAILY)
        # A password reset mail.
        Client().post(reverse("frontend:password-reset"), {"email": EMAIL})
        # A live board, with the person and a guest.
        board = board_services.board_create(actor=facilitator, title="Forumträff")
        section = board.sections.order_by("position").first()
        seat = board_services.participant_for_user(board=board, user=person)
        board_services.board_apply(
            participant=seat,
            op="card.add",
            data={"section": section.pk, "text": FREE_TEXT["card"]},
        )
        guest = APIClient()
        joined = guest.post(
            "/api/v1/boards/join/", {"join_code": board.join_code, "name": GUEST}, format="json"
        )
        assert joined.status_code == 201
        guest.post(f"/api/v1/boards/{board.pk}/cards/", {"section": section.pk, "text": "x"})
    # Mail goes after commit: what was queued is sent before the erasure (which cancels it).
    assert len(mail.outbox) >= 3  # verification, reset, notices: the sending ran
    with django_capture_on_commit_callbacks(execute=True):
        erased = browser.post(
            reverse("frontend:privacy-erase"),
            {"password": PASSWORD, "confirm": "on", "remove_texts": "on"},
        )
        assert erased.status_code == 302
    log = "\n".join(captured.texts)
    assert "erased" in log  # the flow did log, by ids
    for trace in (NAME, EMAIL, EMAIL.split("@")[0], GUEST, "Rut Läsare", *FREE_TEXT.values()):
        assert trace not in log, trace
    assert "Lovisa" not in log
