"""Delete my account: no trace of the person's name, address or (on request) texts in any
app — in the database, on pages, in the API and in socket replay — while decisions,
portfolio records and board histories stay readable; refused, with nothing changed, while
an app has a reason, for bad input and for anyone but the person (or an administrator)."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create
from assessment.models import Decision
from assessment.models import Vote as PartyVote
from boards.models import Board
from boards.stream import for_viewer
from common.errors import ServiceError
from common.models import OutgoingEmail
from hub.display_names import shown_name
from hub.models import Notification, User
from ideas.models import Comment, Idea
from portfolio.models import StatusReport
from privacy.errors import PrivacyErrorCode
from privacy.services import account_erase
from realtime.log import replay_after
from realtime.models import StreamEvent
from tests.factories import PASSWORD, UserFactory
from tests.portfolio.factories import InitiativeFactory
from tests.privacy.conftest import EMAIL, NAME, RECORDS, TEXTS

pytestmark = pytest.mark.django_db


def everything_stored() -> str:
    """Every row of every model of the project's own apps, as one text."""
    root = str(settings.BASE_DIR)
    rows = []
    for config in apps.get_app_configs():
        if not config.path.startswith(root) or ".venv" in config.path:
            continue
        for model in config.get_models():
            rows.extend(model._default_manager.values())
    return json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False)


def erase(world, client, *, remove_texts: bool):
    client.force_login(world.person)
    data = {"password": PASSWORD, "confirm": "on"}
    if remove_texts:
        data["remove_texts"] = "on"
    return client.post(reverse("frontend:privacy-erase"), data)


def test_erasure_on_request_leaves_no_trace_anywhere(world, client):
    response = erase(world, client, remove_texts=True)
    assert response.status_code == 302 and response["Location"] == reverse("frontend:home")

    stored = everything_stored()
    for trace in (NAME, EMAIL, *TEXTS.values()):
        assert trace not in stored, trace
    for record in RECORDS.values():  # public records stay readable
        assert record in stored, record
    assert world.others_card_text in stored  # other people's cards are theirs

    person = User.objects.get(pk=world.person.pk)
    assert person.display_name == "Borttagen deltagare"
    assert "@" not in person.email and person.email.startswith("borttagen-")
    assert not person.has_usable_password() and not person.is_active
    assert person.erased_at is not None and person.bio == ""
    assert not person.groups.exists()
    assert not ApiToken.objects.filter(user=person).exists()
    assert not OutgoingEmail.objects.filter(to__iexact=EMAIL).exists()  # queued mail cancelled
    assert not Notification.objects.filter(recipient=person).exists()
    assert shown_name(person=person, viewer=world.other) == "Borttagen deltagare"


def test_sessions_and_tokens_stop_working(world, client):
    other_browser = signed_in_elsewhere(world.person)
    _token, secret = api_token_create(user=world.person, name="Skript")
    by_token = {"HTTP_AUTHORIZATION": f"Token {secret}"}
    assert Client().get(reverse("api:me"), **by_token).status_code == 200
    erase(world, client, remove_texts=False)
    assert Client().get(reverse("api:me"), **by_token).status_code in (401, 403)
    assert not any(
        session.get_decoded().get("_auth_user_id") == str(world.person.pk)
        for session in Session.objects.all()
    )
    assert other_browser.get(reverse("frontend:profile")).status_code == 302
    assert client.get(reverse("frontend:profile")).status_code == 302  # signed out here too


def signed_in_elsewhere(user):
    browser = Client()
    browser.force_login(user)
    assert browser.get(reverse("frontend:profile")).status_code == 200
    return browser


def test_pages_and_the_api_show_the_erased_person_as_borttagen_deltagare(world, client):
    erase(world, client, remove_texts=True)
    client.force_login(world.other)
    page = client.get(reverse("frontend:idea-detail", args=[world.others_idea.pk])).content
    text = page.decode()
    assert NAME not in text and TEXTS["comment"] not in text
    own = client.get(reverse("frontend:idea-detail", args=[world.idea.pk])).content.decode()
    assert RECORDS["idea_title"] in own and TEXTS["description"] not in own
    api = client.get(reverse("api:submission-comments", args=[world.others_idea.pk]))
    assert api.status_code == 200
    assert NAME not in api.content.decode() and TEXTS["comment"] not in api.content.decode()
    detail = client.get(reverse("api:submission-detail", args=[world.idea.pk])).content.decode()
    assert NAME not in detail and TEXTS["summary"] not in detail
    board = client.get(reverse("api:board-detail", args=[world.board_id])).content.decode()
    assert NAME not in board and TEXTS["card"] not in board
    assert world.others_card_text in board
    notices = client.get(reverse("api:notification-list")).content.decode()
    assert NAME not in notices and "Borttagen deltagare" in notices


def test_socket_replay_shows_no_trace(world, client):
    before = replay_after(stream_key=f"board.{world.board_id}", seq=0).events
    assert any(TEXTS["card"] in json.dumps(e.payload, ensure_ascii=False) for e in before)
    assert any(NAME in json.dumps(e.payload, ensure_ascii=False) for e in before)
    erase(world, client, remove_texts=True)

    replay = replay_after(stream_key=f"board.{world.board_id}", seq=0)
    assert len(replay.events) == len(before)  # the history stays, every step of it
    for event in replay.events:
        seen = json.dumps(for_viewer(event.type, event.payload, None), ensure_ascii=False)
        assert NAME not in seen and TEXTS["card"] not in seen
    assert any(
        world.others_card_text in json.dumps(e.payload, ensure_ascii=False) for e in replay.events
    )
    client.force_login(world.other)
    api = client.get(reverse("api:board-events", args=[world.board_id]), {"after": 0})
    assert api.status_code == 200
    assert NAME not in api.content.decode() and TEXTS["card"] not in api.content.decode()


def test_without_the_request_texts_stay_as_a_public_record_without_the_name(world, client):
    erase(world, client, remove_texts=False)
    stored = everything_stored()
    assert NAME not in stored and EMAIL not in stored
    for kept in ("comment", "card", "description", "rationale"):
        assert TEXTS[kept] in stored, kept
    assert TEXTS["support"] not in stored and TEXTS["bio"] not in stored  # CLEAR: always
    assert TEXTS["dietary"] not in stored
    assert TEXTS["registration_organisation"] not in stored
    comment = Comment.objects.get(body=TEXTS["comment"])
    assert shown_name(person=comment.author, viewer=world.other) == "Borttagen deltagare"
    for event in StreamEvent.objects.all():
        assert NAME not in json.dumps(event.payload, ensure_ascii=False)


def test_decisions_portfolio_records_and_board_histories_stay_readable(world, client):
    erase(world, client, remove_texts=True)
    decision = Decision.objects.get()
    assert decision.rationale == RECORDS["decision"]
    assert decision.decided_by.display_name == "Borttagen deltagare"
    assert StatusReport.objects.get().note == RECORDS["status_report"]
    assert PartyVote.objects.get().comment == RECORDS["vote_comment"]
    assert Board.objects.get(pk=world.board_id).title == RECORDS["board"]
    assert Idea.objects.get(pk=world.idea.pk).title == RECORDS["idea_title"]


def test_an_owner_of_an_initiative_is_refused_and_nothing_changes(world, client):
    InitiativeFactory(owner=world.person, title="Digital stad")
    client.force_login(world.person)
    before = everything_stored()
    page = client.get(reverse("frontend:privacy-erase"))
    assert (
        "Digital stad" in page.content.decode() and 'id="erase-form"' not in page.content.decode()
    )
    response = client.post(
        reverse("frontend:privacy-erase"),
        {"password": PASSWORD, "confirm": "on", "remove_texts": "on"},
    )
    assert response.status_code == 409
    assert "Digital stad" in response.content.decode()
    api = client.post(reverse("api:account-erase"), {"password": PASSWORD}, "application/json")
    assert api.status_code == 409
    body = api.json()
    assert body["code"] == PrivacyErrorCode.ERASURE_BLOCKED
    assert any("Digital stad" in reason for reason in body["reasons"])
    assert everything_stored() == before
    assert client.get(reverse("frontend:profile")).status_code == 200  # still signed in


@pytest.mark.parametrize(
    "data",
    [
        {"password": "fel-lösenord", "confirm": "on"},
        {"password": "", "confirm": "on"},
        {"password": PASSWORD},  # not confirmed
        {},
    ],
)
def test_bad_input_on_the_page_changes_nothing(world, client, data):
    client.force_login(world.person)
    before = everything_stored()
    response = client.post(reverse("frontend:privacy-erase"), data)
    assert response.status_code == 400
    assert 'id="erase-form"' in response.content.decode()
    assert everything_stored() == before


@pytest.mark.parametrize(
    "body",
    [
        {"password": "fel"},
        {},
        {"password": PASSWORD, "remove_texts": "kanske"},
        ["inte", "ett", "objekt"],
    ],
)
def test_bad_input_in_the_api_changes_nothing(world, client, body):
    client.force_login(world.person)
    before = everything_stored()
    response = client.post(reverse("api:account-erase"), body, "application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert everything_stored() == before


def test_the_api_erases_with_the_password(world, client):
    client.force_login(world.person)
    response = client.post(
        reverse("api:account-erase"),
        {"password": PASSWORD, "remove_texts": True},
        "application/json",
    )
    assert response.status_code == 204
    assert NAME not in everything_stored()
    assert client.get(reverse("api:me")).status_code == 403


# --- Who may erase whom ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_kind", "allowed"),
    [("self", True), ("administrator", True), ("facilitator", False), ("someone", False)],
)
def test_permissions_matrix(world, administrator, facilitator, actor_kind, allowed):
    actor = {
        "self": world.person,
        "administrator": administrator,
        "facilitator": facilitator,
        "someone": world.other,
    }[actor_kind]
    password = PASSWORD if actor_kind == "self" else None
    if allowed:
        account_erase(actor=actor, user=world.person, password=password)
        assert User.objects.get(pk=world.person.pk).erased_at is not None
    else:
        with pytest.raises(ServiceError) as refused:
            account_erase(actor=actor, user=world.person, password=password)
        assert refused.value.http_status == 404
        assert User.objects.get(pk=world.person.pk).erased_at is None


def test_the_person_needs_their_password_even_through_the_service(world):
    with pytest.raises(ValidationError):
        account_erase(actor=world.person, user=world.person, password=None)
    assert User.objects.get(pk=world.person.pk).erased_at is None


def test_an_erased_account_cannot_be_erased_again(world, administrator):
    account_erase(actor=administrator, user=world.person)
    with pytest.raises(ServiceError) as refused:
        account_erase(actor=administrator, user=world.person)
    assert refused.value.http_status == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("frontend:privacy-erase"))
    assert response.status_code == 302 and reverse("frontend:login") in response["Location"]
    assert client.post(reverse("api:account-erase"), {}, "application/json").status_code == 403


def test_the_admin_action_erases_on_request(world, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:hub_user_changelist")
    chosen = {"action": "erase_on_request", "_selected_action": [world.person.pk]}
    confirm = client.post(url, chosen)
    assert confirm.status_code == 200 and "Ja, ta bort" in confirm.content.decode()
    assert User.objects.get(pk=world.person.pk).erased_at is None  # only asked so far
    done = client.post(url, {**chosen, "confirm": "yes", "remove_texts": "yes"})
    assert done.status_code == 302
    assert NAME not in everything_stored() and TEXTS["card"] not in everything_stored()


def test_the_admin_action_reports_a_blocked_person_and_leaves_them(world, client):
    InitiativeFactory(owner=world.person, title="Digital stad")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:hub_user_changelist")
    chosen = {"action": "erase_on_request", "_selected_action": [world.person.pk]}
    assert "Digital stad" in client.post(url, chosen).content.decode()
    done = client.post(url, {**chosen, "confirm": "yes"}, follow=True)
    assert "Digital stad" in done.content.decode()
    assert User.objects.get(pk=world.person.pk).erased_at is None


def test_the_logs_of_export_and_erasure_hold_no_personal_data(
    world, client, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("DEBUG")
    client.force_login(world.person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("frontend:privacy-export-request"))
    erase(world, client, remove_texts=True)
    assert "erased" in caplog.text  # the flow logged, by id
    for trace in (NAME, EMAIL, *TEXTS.values()):
        assert trace not in caplog.text


def test_the_privacy_notice_links_to_both(client):
    page = client.get(reverse("frontend:privacy")).content.decode()
    assert reverse("frontend:privacy-exports") in page
    assert reverse("frontend:privacy-erase") in page


def test_an_erased_person_reads_as_deleted_in_english_too(world, administrator):
    from django.utils import translation

    account_erase(actor=administrator, user=world.person)
    person = User.objects.get(pk=world.person.pk)
    with translation.override("en"):
        assert shown_name(person=person, viewer=world.other) == "Deleted participant"


def test_the_privacy_pages_pass_the_page_checks(world, client, django_capture_on_commit_callbacks):
    from tests.frontend.html_checks import assert_good_page

    client.force_login(world.person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("frontend:privacy-export-request"))
    assert_good_page(client.get(reverse("frontend:privacy-exports")))
    html = assert_good_page(client.get(reverse("frontend:privacy-erase")))
    assert 'autocomplete="current-password"' in html
    refused = client.post(reverse("frontend:privacy-erase"), {"password": "fel", "confirm": "on"})
    assert_good_page(refused)
    assert "Fel lösenord." in refused.content.decode()
