"""The live board in a real browser: two people on one board, over a real socket.

pytest-django's live_server speaks only WSGI (no WebSockets), so these tests start Daphne,
as the hub runs in production, on a free port and against the test database.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from boards import services
from boards.models import Card
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
LIVE = 2_000  # ms: a change made in one browser shows in the other within this


def database_url(settings_dict: dict[str, Any]) -> str:
    """The database this test uses (pytest's test database), for another process."""
    if "postgresql" not in settings_dict["ENGINE"]:
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "postgres")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}" if password else user
    host = settings_dict.get("HOST") or HOST
    return f"postgres://{auth}@{host}:{settings_dict.get('PORT') or 5432}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_env(**extra: str) -> dict[str, str]:
    # Embedded (SQLite or the given PostgreSQL, in-memory channel layer); and not the
    # browser fixture's DJANGO_ALLOW_ASYNC_UNSAFE: the server must stay strict.
    leave_out = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in leave_out}
    env.update(DJANGO_SETTINGS_MODULE="hub.settings.test", PYTHONUNBUFFERED="1", **extra)
    return env


@pytest.fixture(scope="module")
def static_root(browser, tmp_path_factory) -> str:
    """Static files collected (as links) where WhiteNoise serves them from, as in production.

    After `browser`: without Chromium the tests skip before any of this work."""
    root = str(tmp_path_factory.mktemp("static"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--link", "-v0"],
        cwd=ROOT,
        env=server_env(STATIC_ROOT=root),
        check=True,
    )
    return root


class Daphne:
    """The hub (HTTP and WebSocket) in a Daphne process on a free port; it can restart."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> None:
        self.proc = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                HOST,
                "-p",
                str(self.port),
                "hub.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                output = self.log.read().decode(errors="replace")[-3000:]
                pytest.fail(f"Daphne exited with {self.proc.returncode}:\n{output}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response,  # noqa: S310
            ):
                if response.status == 200:
                    return
            time.sleep(0.1)
        pytest.fail(f"Daphne did not answer /healthz within {timeout} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def hub(transactional_db, static_root) -> Iterator[Daphne]:
    """Daphne on the test database, with the test settings, as the hub runs in production."""
    server = Daphne(
        server_env(
            DATABASE_URL=database_url(connection.settings_dict),
            ALLOWED_HOSTS=HOST,
            STATIC_ROOT=static_root,
            LOG_LEVEL="WARNING",
        )
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.log.close()


def session_for(user: Any) -> str:
    """A saved session for `user`, as django.contrib.auth.login leaves it; its key."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    assert session.session_key is not None
    return session.session_key


class Person:
    """One person in their own browser context, signed in; console errors fail the test."""

    def __init__(self, browser: Any, url: str, user: Any) -> None:
        self.user = user
        self.context = browser.new_context(base_url=url, locale="sv-SE")
        self.context.add_cookies([{"name": "sessionid", "value": session_for(user), "url": url}])
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def unexpected_errors(self) -> list[str]:
        # While the server is away the browser reports each failed reconnect attempt, and
        # any request that happened to be under way fails to connect.
        expected = ("WebSocket connection to", "Failed to load resource: net::ERR_CONNECTION_")
        return [e for e in self.errors if not e.startswith(expected)]

    def open_board(self, board: Any) -> Any:
        self.page.goto(board.get_absolute_url())
        self.page.get_by_role("status").filter(has_text="Ansluten").wait_for(timeout=5_000)
        return self.page

    def section(self, title: str) -> Any:
        return self.page.locator(".board-section").filter(
            has=self.page.get_by_role("heading", name=title, exact=True)
        )


@pytest.fixture
def people(browser, hub) -> Iterator[dict[str, Person]]:
    alva = UserFactory(display_name="Alva")
    per = UserFactory(display_name="Per")
    crowd = {"alva": Person(browser, hub.url, alva), "per": Person(browser, hub.url, per)}
    yield crowd
    errors = {name: person.unexpected_errors() for name, person in crowd.items()}
    errors = {name: found for name, found in errors.items() if found}
    for person in crowd.values():
        person.context.close()
    assert not errors, f"browser console errors: {errors}"


def test_two_people_on_one_board_see_each_other_and_move_by_keyboard(people):
    alva, per = people["alva"], people["per"]
    board = services.board_create(
        actor=alva.user,
        title="Forumträff 1",
        template="forum",
    )
    alva_page = alva.open_board(board)
    per_page = per.open_board(board)
    marker = per_page.evaluate("() => (window.__marker = Math.random())")

    # Alva writes a card in "Idéer": it is on Per's board within two seconds, without a
    # reload, and Per's screen reader hears who added what where.
    alva_form = alva.section("Idéer").locator("form.add-card")
    alva_form.get_by_label("Ny lapp i Idéer").fill("Läxhjälp på biblioteket")
    alva_form.get_by_role("button", name="Lägg till").click()
    per_card = per.section("Idéer").locator(".card", has_text="Läxhjälp på biblioteket")
    per_card.wait_for(timeout=LIVE)
    assert per_page.evaluate("() => window.__marker") == marker
    per_page.locator("#board-announcer").get_by_text("Alva lade till en lapp i Idéer").wait_for(
        timeout=LIVE
    )
    card = Card.objects.get(text="Läxhjälp på biblioteket")
    assert alva_form.get_by_label("Ny lapp i Idéer").input_value() == ""

    # Per moves it to "Utmaningar" with the keyboard only: Tab to the card's "Flytta" menu,
    # open it with Enter, Tab to "Till Utmaningar", press Space.
    per_card.focus()
    for _step in range(10):
        per_page.keyboard.press("Tab")
        if per_page.evaluate("() => document.activeElement.textContent.trim()") == "Flytta":
            break
    else:
        pytest.fail("Tab never reached the card's Flytta menu")
    per_page.keyboard.press("Enter")
    for _step in range(10):
        per_page.keyboard.press("Tab")
        if per_page.evaluate("() => document.activeElement.textContent.trim()") == (
            "Till Utmaningar"
        ):
            break
    else:
        pytest.fail("Tab never reached “Till Utmaningar”")
    per_page.keyboard.press("Space")

    per.section("Utmaningar").locator(f"#card-{card.pk}").wait_for(timeout=LIVE)
    alva.section("Utmaningar").locator(f"#card-{card.pk}").wait_for(timeout=LIVE)
    assert alva.section("Idéer").locator(".card").count() == 0
    # Focus stays with the card that moved, and the mover hears where it went.
    assert per_page.evaluate("() => document.activeElement.id") == f"card-{card.pk}"
    per_page.locator("#board-announcer").get_by_text(
        "Lappen är nu nummer 1 av 1 i Utmaningar"
    ).wait_for(timeout=LIVE)
    alva_page.locator("#board-announcer").get_by_text("En lapp flyttades till Utmaningar").wait_for(
        timeout=LIVE
    )
    card.refresh_from_db()
    assert card.section.title == "Utmaningar"


def test_keyboard_reorder_within_a_section_keeps_focus_on_the_button(people):
    alva = people["alva"]
    board = services.board_create(actor=alva.user, title="Idéer", template="brainstorm")
    participant = services.participant_for_user(board=board, user=alva.user)
    section = board.sections.get()
    for text in ("Första", "Andra", "Tredje"):
        services.board_apply(
            participant=participant, op="card.add", data={"section": section.pk, "text": text}
        )
    page = alva.open_board(board)
    third = page.locator(".card", has_text="Tredje")
    third.locator("summary", has_text="Flytta").focus()
    page.keyboard.press("Enter")
    up = third.get_by_role("button", name="Flytta upp")
    up.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.card-text')].map(e => e.textContent).join()"
        " === 'Första,Tredje,Andra'",
        timeout=LIVE,
    )
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Flytta upp"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.card-text')].map(e => e.textContent).join()"
        " === 'Tredje,Första,Andra'",
        timeout=LIVE,
    )
    assert list(
        Card.objects.filter(section=section).order_by("position").values_list("text", flat=True)
    ) == ["Tredje", "Första", "Andra"]


def test_drag_and_drop_moves_a_card_between_sections(people):
    alva, per = people["alva"], people["per"]
    board = services.board_create(actor=alva.user, title="Matchning", template="matchmaking")
    participant = services.participant_for_user(board=board, user=alva.user)
    need = board.sections.get(title="Behov")
    services.board_apply(
        participant=participant, op="card.add", data={"section": need.pk, "text": "Fler mentorer"}
    )
    page = alva.open_board(board)
    per.open_board(board)
    card = page.locator(".card", has_text="Fler mentorer")
    card.locator(".card-handle").drag_to(alva.section("Forskning").locator("ol.cards"))
    per.section("Forskning").locator(".card", has_text="Fler mentorer").wait_for(timeout=LIVE)
    assert Card.objects.get(text="Fler mentorer").section.title == "Forskning"


def test_the_board_reconnects_and_catches_up_after_a_server_restart(people, hub):
    alva, per = people["alva"], people["per"]
    board = services.board_create(actor=alva.user, title="Omstart", template="brainstorm")
    section = board.sections.get()
    page = per.open_board(board)
    status = page.get_by_role("status").filter(has_text="Ansluten")

    hub.stop()
    page.get_by_role("status").filter(has_text="Återansluter…").wait_for(timeout=5_000)
    # Made while Per's browser was away (through the service, as the REST API would) ...
    services.board_apply(
        participant=services.participant_for_user(board=board, user=alva.user),
        op="card.add",
        data={"section": section.pk, "text": "Skrivet medan du var borta"},
    )
    # ... and one Per writes while disconnected: kept, and sent once the socket is back.
    form = page.locator("form.add-card")
    form.get_by_label("Ny lapp i Idéer").fill("Skrivet utan anslutning")
    form.get_by_role("button", name="Lägg till").click()
    page.get_by_role("alert").filter(has_text="Frånkopplad").wait_for(timeout=LIVE)

    hub.start()
    status.wait_for(timeout=15_000)
    cards = page.locator(".card")
    cards.filter(has_text="Skrivet medan du var borta").wait_for(timeout=LIVE)
    cards.filter(has_text="Skrivet utan anslutning").wait_for(timeout=LIVE)
    assert cards.count() == 2
    assert Card.objects.filter(text="Skrivet utan anslutning").count() == 1
