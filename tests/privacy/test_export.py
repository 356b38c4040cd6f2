"""Download my data: complete, readable, built in the background, its owner's alone."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from common import personal_data as pd
from privacy.errors import PrivacyErrorCode
from privacy.models import DataExport, ExportStatus
from privacy.services import export_request, exports_expire
from tests.factories import UserFactory
from tests.privacy.conftest import EMAIL, NAME, TEXTS

pytestmark = pytest.mark.django_db


def built(user, capture) -> DataExport:
    with capture(execute=True):
        export = export_request(user=user)
    export.refresh_from_db()
    return export


def archive(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as stream:
        return zipfile.ZipFile(io.BytesIO(stream.read()))


class Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_the_export_holds_every_registered_model_with_rows_of_the_person(
    world, django_capture_on_commit_callbacks
):
    # What the person has before asking (the export itself and its notice come after).
    expected = {
        entry.model._meta.label
        for entry in pd.registrations()
        if entry.rows_of(world.person).exists()
    }
    export = built(world.person, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.READY
    assert export.progress == 100
    assert export.expires_at - export.finished_at == timedelta(days=7)

    with archive(export) as zipped:
        assert sorted(zipped.namelist()) == ["uppgifter.html", "uppgifter.json"]
        document = json.loads(zipped.read("uppgifter.json"))
        html = zipped.read("uppgifter.html").decode()

    exported = {section["model"] for section in document["sections"]}
    assert expected <= exported
    # The rich person reaches every app: none of them left out of the export.
    assert {
        "hub.User",
        "hub.CoreTeamMembership",
        "accounts.ApiToken",
        "emailing.EmailPreference",
        "common.OutgoingEmail",
        "ideas.Idea",
        "ideas.Comment",
        "ideas.Support",
        "ideas.Attachment",
        "events.Event",
        "boards.Participant",
        "boards.Card",
        "boards.Vote",
        "realtime.StreamEvent",
        "assessment.RoundAssessor",
        "assessment.Score",
        "assessment.Conflict",
        "assessment.Vote",
        "assessment.Decision",
        "portfolio.PortfolioInitiative",
        "portfolio.StatusReport",
    } <= exported
    text = json.dumps(document, ensure_ascii=False)
    for written in (
        NAME,
        EMAIL,
        TEXTS["card"],
        TEXTS["comment"],
        TEXTS["rationale"],
        TEXTS["dietary"],
    ):
        assert written in text
    assert "pbkdf2" not in text and "md5$" not in text  # never the password hash
    assert "key_hash" not in text  # nor a token's hash

    page = Headings()
    page.feed(html)
    assert page.tags[:2] == ["html", "head"] and "h1" in page.tags and "table" in page.tags
    readable = "".join(page.text)
    assert NAME in readable and TEXTS["card"] in readable
    for section in document["sections"]:
        assert section["label"] in readable


def test_someone_elses_export_is_not_found(world, client, django_capture_on_commit_callbacks):
    export = built(world.person, django_capture_on_commit_callbacks)
    client.force_login(world.other)
    page = client.get(reverse("frontend:privacy-export-download", args=[export.pk]))
    assert page.status_code == 404
    api = client.get(reverse("api:data-export-download", args=[export.pk]))
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    assert client.get(reverse("api:data-export-detail", args=[export.pk])).status_code == 404
    assert client.get(reverse("api:data-export-list")).json() == []


def test_an_administrator_cannot_download_someone_elses_export(
    world, client, administrator, django_capture_on_commit_callbacks
):
    export = built(world.person, django_capture_on_commit_callbacks)
    client.force_login(administrator)
    url = reverse("frontend:privacy-export-download", args=[export.pk])
    assert client.get(url).status_code == 404


def test_signed_out_visitors_get_nothing(world, client, django_capture_on_commit_callbacks):
    export = built(world.person, django_capture_on_commit_callbacks)
    page = client.get(reverse("frontend:privacy-export-download", args=[export.pk]))
    assert page.status_code == 302 and reverse("frontend:login") in page["Location"]
    assert client.get(reverse("api:data-export-download", args=[export.pk])).status_code == 403
    assert client.post(reverse("api:data-export-list")).status_code == 403
    assert not DataExport.objects.exclude(pk=export.pk).exists()


def test_the_owner_downloads_the_zip(world, client, django_capture_on_commit_callbacks):
    export = built(world.person, django_capture_on_commit_callbacks)
    client.force_login(world.person)
    response = client.get(reverse("frontend:privacy-export-download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).namelist()


def test_one_export_at_a_time(world, client):
    client.force_login(world.person)
    # Without running the commit hooks the first export stays pending.
    first = client.post(reverse("api:data-export-list"))
    assert first.status_code == 202 and first.json()["status"] == "pending"
    second = client.post(reverse("api:data-export-list"))
    assert second.status_code == 409
    assert second.json()["code"] == PrivacyErrorCode.EXPORT_RUNNING
    assert DataExport.objects.filter(user=world.person).count() == 1


@override_settings(RATE_LIMITS={"data_export": (2, 86400)})
def test_exports_are_rate_limited(world, client, django_capture_on_commit_callbacks):
    built(world.person, django_capture_on_commit_callbacks)
    built(world.person, django_capture_on_commit_callbacks)
    client.force_login(world.person)
    refused = client.post(reverse("api:data-export-list"))
    assert refused.status_code == 429 and refused["Retry-After"]
    assert DataExport.objects.filter(user=world.person).count() == 2


def test_an_export_goes_after_a_week(world, client, django_capture_on_commit_callbacks):
    export = built(world.person, django_capture_on_commit_callbacks)
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert exports_expire(now=timezone.now() + timedelta(days=6)) == 0
        assert exports_expire(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not export.file
    assert not storage.exists(name)
    client.force_login(world.person)
    url = reverse("frontend:privacy-export-download", args=[export.pk])
    assert client.get(url).status_code == 404


def test_the_page_shows_progress_and_polls_while_running(world, client):
    client.force_login(world.person)
    page = client.get(reverse("frontend:privacy-exports"))
    assert page.status_code == 200
    assert "Ladda ner mina uppgifter" in page.content.decode()
    assert 'hx-trigger="every' not in page.content.decode()
    client.post(reverse("frontend:privacy-export-request"))  # stays pending (no commit hooks)
    DataExport.objects.filter(user=world.person).update(progress=40)
    partial = client.get(reverse("frontend:privacy-exports"), headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html
    assert 'hx-trigger="every 2s"' in html
    assert 'value="40"' in html and 'aria-live="polite"' in html
    assert 'id="export-form"' not in html  # no second export while one runs


def test_the_api_follows_an_export_to_its_download(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.person)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(reverse("api:data-export-list"))
    assert created.status_code == 202
    detail = client.get(reverse("api:data-export-detail", args=[created.json()["id"]])).json()
    assert detail["status"] == "ready" and detail["progress"] == 100
    download = client.get(detail["download"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"


def test_an_erased_person_cannot_export(world, client, django_capture_on_commit_callbacks):
    from privacy.services import account_erase

    account_erase(actor=world.person, user=world.person, password="correct-horse-battery-staple")
    with pytest.raises(Exception, match="forbidden"):
        export_request(user=world.person)


@pytest.mark.parametrize("exports", [1, 6])
def test_the_exports_page_takes_the_same_queries_whatever_it_lists(
    exports, client, django_assert_num_queries
):
    person = UserFactory()
    for n in range(exports):
        DataExport.objects.create(user=person, token=f"{n:032d}", status=ExportStatus.READY)
    client.force_login(person)
    client.get(reverse("frontend:privacy-exports"))  # warm the session
    # The session, the person, the page's header (roles, unread count), the exports: none
    # per export.
    with django_assert_num_queries(5):
        assert client.get(reverse("frontend:privacy-exports")).status_code == 200


def test_a_failed_build_says_so_logs_no_personal_data_and_allows_a_new_one(
    world, client, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    from privacy.services import exports

    def broken(user, *, on_step=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "collect", broken)
    export = built(world.person, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.FAILED and not export.file
    assert f"data export {export.pk} failed" in caplog.text
    assert NAME not in caplog.text and EMAIL not in caplog.text
    client.force_login(world.person)
    page = client.get(reverse("frontend:privacy-exports")).content.decode()
    assert "Det gick inte att sammanställa den" in page and 'id="export-form"' in page
    monkeypatch.undo()
    assert built(world.person, django_capture_on_commit_callbacks).status == ExportStatus.READY


def test_a_missing_export_is_not_found(world, client):
    client.force_login(world.person)
    assert client.get(reverse("api:data-export-detail", args=[999999])).status_code == 404
    url = reverse("frontend:privacy-export-download", args=[999999])
    assert client.get(url).status_code == 404


def test_an_unfinished_export_cannot_be_downloaded(world, client):
    client.force_login(world.person)
    pending = client.post(reverse("api:data-export-list")).json()
    assert pending["download"] is None
    url = reverse("api:data-export-download", args=[pending["id"]])
    assert client.get(url).status_code == 404


def test_building_twice_leaves_the_finished_export(world, django_capture_on_commit_callbacks):
    from privacy.services import export_build

    export = built(world.person, django_capture_on_commit_callbacks)
    assert export_build(export_id=export.pk) is None
    export.refresh_from_db()
    assert export.status == ExportStatus.READY


@pytest.mark.parametrize(
    ("who", "may_request", "may_download"),
    [
        ("owner", True, True),
        ("someone", True, False),
        ("facilitator", True, False),
        ("administrator", True, False),
        ("anonymous", False, False),
        ("inactive", False, False),
    ],
)
def test_permissions_matrix(world, facilitator, administrator, who, may_request, may_download):
    from django.contrib.auth.models import AnonymousUser

    from privacy import permissions

    export = DataExport.objects.create(user=world.person, token="m" * 32)
    people = {
        "owner": world.person,
        "someone": world.other,
        "facilitator": facilitator,
        "administrator": administrator,
        "anonymous": AnonymousUser(),
        "inactive": UserFactory(is_active=False),
    }
    actor = people[who]
    assert bool(permissions.can_request_export(actor)) is may_request
    assert bool(permissions.can_download_export(actor, export)) is may_download
