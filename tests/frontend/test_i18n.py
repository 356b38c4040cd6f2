"""Swedish first, English on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.django_db


def test_swedish_by_default(client: Client):
    html = client.get(reverse("frontend:home")).content.decode()
    assert '<html lang="sv">' in html
    assert "Skicka in ett bidrag" in html


def test_language_switch_to_english(client: Client, public_idea):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("frontend:idea-list")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:idea-list")
    html = assert_good_page(client.get(reverse("frontend:home")))
    assert '<html lang="en">' in html
    assert "Make a submission" in html
    assert "På svenska" in html
    html = client.get(public_idea.get_absolute_url()).content.decode()
    assert "Submitted" in html  # the status label from the model's choices
    assert "Comments" in html


def test_every_english_message_is_translated():
    po = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    entries = [entry for entry in text.split("\n\n") if "msgid" in entry][1:]  # not the header
    untranslated = [entry for entry in entries if not _msgstr_text(entry)]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in text


def _msgstr_text(entry: str) -> str:
    """The translation(s) of one .po entry, joined (empty when untranslated)."""
    text, inside = [], False
    for line in entry.splitlines():
        if line.startswith("msgstr"):
            inside = True
            line = line.split(" ", 1)[1]
        elif not line.startswith('"'):
            inside = False
        if inside:
            text.append(line.strip().strip('"'))
    return "".join(text)


def test_english_notifications_render_in_readers_language(client: Client, author):
    from hub.models import Notification

    Notification.objects.create(
        recipient=author, kind="idea.comment", data={"title": "Min idé", "who": "Per"}
    )
    client.force_login(author)
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(reverse("frontend:notifications")).content.decode()
    assert "Per commented on “Min idé”." in html
