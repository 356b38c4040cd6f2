"""The stream registry (realtime/streams.py): every stream that code publishes to has a
consumer that subscribes to it, and every event survives its trip as JSON.

Structural rather than a grep: publishers can only publish to declared kinds (the two
publishing functions refuse anything else), consumers name the kind they subscribe to, and
this checks the two sets are the same once every module of the project is imported.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from realtime import broadcast, sequencing, streams
from realtime.consumers import SequencedConsumer
from realtime.streams import Transport, UndeclaredStreamError

ROOT = Path(__file__).resolve().parents[2]
# Not imported: composition-root modules with side effects at import (settings for other
# environments, the servers' entry points), and migrations.
SKIPPED = ("hub.settings", "hub.asgi", "hub.wsgi")


def project_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return list(config["tool"]["importlinter"]["root_packages"])


def import_everything() -> None:
    """Import every module of the project, so that every declaration has run."""
    for name in project_packages():
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if ".migrations" in module.name or module.name.startswith(SKIPPED):
                continue
            importlib.import_module(module.name)


def routed_consumers() -> list[type]:
    from hub.routing import websocket_urlpatterns

    return [pattern.callback.consumer_class for pattern in websocket_urlpatterns]


def round_trip(value: Any) -> Any:
    return json.loads(json.dumps(value))


# --- Publishers and subscribers name the same declarations -------------------------------


def test_every_declared_stream_has_a_consumer_subscribing_to_it():
    import_everything()
    declared = set(streams.declared().values())
    subscribed = {consumer.stream_kind for consumer in routed_consumers()}
    assert declared == subscribed, (
        f"published but not subscribed: {sorted(k.name for k in declared - subscribed)}; "
        f"subscribed but not declared: {sorted(k.name for k in subscribed - declared)}"
    )
    assert {"board", "user"} <= set(streams.declared())


def test_each_consumer_subscribes_the_way_its_stream_travels():
    for consumer in routed_consumers():
        sequenced = issubclass(consumer, SequencedConsumer)
        wanted = Transport.LOG if sequenced else Transport.GROUP
        assert consumer.stream_kind.transport is wanted, consumer


@pytest.mark.django_db
def test_a_publish_to_an_undeclared_stream_is_refused():
    with transaction.atomic():
        with pytest.raises(UndeclaredStreamError):
            sequencing.append(stream_key="idea.1", type="idea.updated", payload={})
        with pytest.raises(UndeclaredStreamError):  # a group stream is not logged
            sequencing.append(stream_key="user.1", type="notification.new", payload={})
        with pytest.raises(UndeclaredStreamError):  # not an event of board streams
            sequencing.append(stream_key="board.1", type="idea.updated", payload={})
        with pytest.raises(UndeclaredStreamError):
            sequencing.append(stream_key="boards.1", type="card.added", payload={})
    for group, event in [
        ("idea.1", {"type": "idea.updated"}),
        ("board.1", {"type": "card.added"}),  # a logged stream: through sequencing only
        ("user.1", {"type": "idea.updated"}),
        ("user.1", {}),
    ]:
        with pytest.raises(UndeclaredStreamError):
            broadcast.publish_on_commit(group, event)
        with pytest.raises(UndeclaredStreamError):
            broadcast.publish(group, event)


def test_a_kind_is_declared_once():
    board = streams.declared()["board"]
    assert streams.declare("board", transport=board.transport, events=board.events) == board
    with pytest.raises(ValueError, match="already declared"):
        streams.declare("board", transport=Transport.GROUP, events=board.events)
    with pytest.raises(ValueError, match="one word"):
        streams.declare("board.card", transport=Transport.LOG, events=())


TRANSPORTS = {"channels.layers", "realtime.fanout"}


def bypasses_the_registry(node: ast.AST) -> bool:
    """A channel-layer send, or an import of the channel layer or the fan-out hub."""
    if isinstance(node, ast.Attribute):
        return node.attr in {"group_send", "group_add"}
    if isinstance(node, ast.ImportFrom):
        return node.module in TRANSPORTS or (
            node.module == "realtime" and any(a.name == "fanout" for a in node.names)
        )
    if isinstance(node, ast.Import):
        return any(a.name in TRANSPORTS for a in node.names)
    return False


def test_nothing_publishes_around_the_registry():
    """Only realtime/ talks to the channel layer or the fan-out hub: every publish goes
    through the two checked functions."""
    offences = []
    for name in project_packages():
        if name == "realtime":
            continue
        for path in sorted((ROOT / name).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            offences += [
                f"{path.relative_to(ROOT)}:{node.lineno}"  # type: ignore[attr-defined]
                for node in ast.walk(tree)
                if bypasses_the_registry(node)
            ]
    assert offences == []


# --- Every event kind, built by its real builder, survives JSON ----------------------------


@pytest.fixture
def captured_fanout(monkeypatch) -> list[tuple[str, dict[str, Any]]]:
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr("realtime.fanout.publish", lambda key, message: sent.append((key, message)))
    return sent


@pytest.mark.django_db
def test_every_board_event_survives_json(
    facilitator, captured_fanout, django_capture_on_commit_callbacks
):
    from boards import services, stream

    board = services.board_create(actor=facilitator, title="Forumträff", template="forum")
    me = services.participant_for_user(board=board, user=facilitator)
    first, second = board.sections.order_by("position").values_list("pk", flat=True)[:2]

    def apply(op: str, **data: Any) -> dict[str, Any]:
        with django_capture_on_commit_callbacks(execute=True):
            return services.board_apply(participant=me, op=op, data=data).result

    card = apply("card.add", section=first, text="Fler mötesplatser")["card"]["id"]
    other = apply("card.add", section=first, text="Läxhjälp")["card"]["id"]
    doomed = apply("card.add", section=first, text="Stryk mig", colour="pink")["card"]["id"]
    apply("card.edit", card=card, text="Fler mötesplatser för unga")
    apply("card.move", card=other, section=second, position=0)
    apply("card.move", card=other, section=first, position=1)
    cluster = apply("cluster.create", section=first, heading="Platser", cards=[card])
    apply("card.cluster", card=card, cluster=None)
    apply("card.cluster", card=card, cluster=cluster["cluster"]["id"])
    apply("cluster.remove", cluster=cluster["cluster"]["id"])
    apply("link.add", source=card, target=other)
    apply("link.remove", source=card, target=other)
    apply("card.delete", card=doomed)
    apply("board.timer", seconds=300)
    apply("board.timer")
    apply("board.lock", locked=True)
    apply("board.lock", locked=False)
    apply("board.phase", phase="silent")
    apply("card.add", section=second, text="Tyst lapp")
    apply("board.phase", phase="voting")  # reveals the silent cards
    apply("vote.add", card=card)
    apply("vote.add", card=other)
    apply("vote.remove", card=other)
    apply("board.phase", phase="closed")  # with the results

    kind = streams.declared()["board"]
    assert {key for key, _message in captured_fanout} == {kind.key(board.pk)}
    assert {m["event"] for _key, m in captured_fanout} == kind.events  # every kind built
    for _key, message in captured_fanout:
        assert round_trip(message) == message, message
        for audience in ("all", "owner", "others"):  # what each viewer is sent
            shown = stream.visible_to(message["event"], message["data"], audience)
            assert round_trip(shown) == shown, (message["event"], audience)


@pytest.mark.django_db
def test_every_user_event_survives_json(
    author, participant, monkeypatch, django_capture_on_commit_callbacks
):
    from hub.services import notify

    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(broadcast, "publish", lambda group, event: sent.append((group, event)))
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[author, participant],
            kind="idea.comment",
            actor=None,
            target_url="/ideer/1/",
            data={"idea": 1, "title": "Läxhjälp"},
        )
    assert sorted(group for group, _event in sent) == sorted(
        streams.USER.key(user.pk) for user in (author, participant)
    )
    assert {event["type"] for _group, event in sent} == streams.USER.events
    for _group, event in sent:
        assert round_trip(event) == event
