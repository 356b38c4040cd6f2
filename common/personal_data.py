"""The registry of personal data: which models hold something about a person, whose it is,
and what erasing that person does to each field.

Each app (the hub core included) declares its own models in its `personal_data.py`,
imported from its `AppConfig.ready` (as it does with `notifications.py`). "Download my
data" and "delete my account" are built from this registry alone, so they know no app;
an app that must stop an erasure (a person who still owns a portfolio initiative) says so
with `register_erasure_blocker`. A test walks
every model of the project and fails when one is not declared here, or when a registered
model has a field that can hold a person's words, address or identity that is not.

    from common import personal_data as pd

    pd.register(
        Comment,
        people=("author",),
        fields={"body": pd.Erasure.CLEAR_ON_REQUEST},
        label=_("Kommentarer"),
    )
    pd.not_personal(Section, reason="a board's column headings, set by facilitators")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.functional import Promise


class Erasure(StrEnum):
    """What erasing a person does to one field of the rows that are theirs."""

    # Left as it is: not the person's words or identity once the person behind it shows as
    # "Borttagen deltagare" (a status, a score, a date), or a public record that must stay
    # readable (a decision's rationale, a board's history).
    KEEP = "keep"
    # Emptied ("" or NULL): what only meant something with the person attached (a phone
    # number, dietary needs, a motivation).
    CLEAR = "clear"
    # Kept as a public record unless the person asks for their own texts to go too (their
    # submissions, comments and cards): then emptied like CLEAR.
    CLEAR_ON_REQUEST = "clear_on_request"
    # Replaced by the placeholder for an erased person ("Borttagen deltagare"): a name.
    PSEUDONYMISE = "pseudonymise"


ERASED_NAME_SV = "Borttagen deltagare"  # what every page shows for an erased person

Eraser = Callable[[Any, "models.QuerySet[Any]", bool], None]
Exporter = Callable[["models.QuerySet[Any]"], list[dict[str, Any]]]
# The rows of a model that are a person's, where no ORM path leads to them (an outgoing
# mail found by its address, a stream event by who sent it).
RowFinder = Callable[[Any], "models.QuerySet[Any]"]


@dataclass(frozen=True)
class PersonalData:
    """One model's personal data.

    `people` are ORM paths from a row to the user(s) it is about (`"author"`,
    `"author__user"`); a row is a person's when any path reaches them. `fields` names every
    field that holds personal data and what erasure does to it. With `delete_rows`, erasure
    deletes the person's rows instead (tokens, preferences, bookmarks: nothing without the
    person). `erase` and `export` replace the field rules where they cannot say it (a JSON
    payload holding card texts); `erase(user, rows, remove_texts)` runs inside the erasure's
    transaction.
    """

    model: type[models.Model]
    people: tuple[str, ...]
    fields: Mapping[str, Erasure]
    label: Promise | str
    delete_rows: bool = False
    erase: Eraser | None = None
    export: Exporter | None = None
    # Free-text fields a person may have written that are not theirs to erase (written by
    # someone else about the row, e.g. a moderator's note): named so the coverage test knows
    # they were considered.
    not_personal_fields: frozenset[str] = field(default_factory=frozenset)
    # Finds the person's rows instead of `people` (which may then be empty).
    rows: RowFinder | None = None

    def rows_of(self, user: Any) -> models.QuerySet[Any]:
        """The rows that are `user`'s (any of `people` reaches them), without duplicates."""
        if self.rows is not None:
            return self.rows(user)
        condition = Q()
        for path in self.people:
            condition |= Q(**{path: user})
        # distinct: a path through a many-valued relation may reach one row more than once.
        return self.model._default_manager.filter(condition).distinct()


_REGISTRY: dict[type[models.Model], PersonalData] = {}
_NOT_PERSONAL: dict[type[models.Model], str] = {}
# Each returns why `user` cannot be erased yet (empty: nothing stops it), in the reader's
# language, e.g. "Lämna över initiativet Digital stad till en ny ägare först."
ErasureBlocker = Callable[[Any], list[Promise | str]]
_BLOCKERS: list[ErasureBlocker] = []


def register(
    model: type[models.Model],
    *,
    people: Iterable[str],
    fields: Mapping[str, Erasure] | None = None,
    label: Promise | str | None = None,
    delete_rows: bool = False,
    erase: Eraser | None = None,
    export: Exporter | None = None,
    not_personal_fields: Iterable[str] = (),
    rows: RowFinder | None = None,
) -> None:
    """Declare that rows of `model` hold personal data of the users `people` lead to (or
    that `rows(user)` finds, where no path does)."""
    paths = tuple(people)
    if not paths and rows is None:
        raise ValueError(f"{model.__name__}: name at least one path to the person.")
    if model in _NOT_PERSONAL:
        raise ValueError(f"{model.__name__} is already declared as holding no personal data.")
    _REGISTRY[model] = PersonalData(
        model=model,
        people=paths,
        fields=dict(fields or {}),
        label=label or model._meta.verbose_name_plural or model.__name__,
        delete_rows=delete_rows,
        erase=erase,
        export=export,
        not_personal_fields=frozenset(not_personal_fields),
        rows=rows,
    )


def not_personal(model: type[models.Model], *, reason: str) -> None:
    """Declare that `model` holds nothing about a person, and why (read in review)."""
    if model in _REGISTRY:
        raise ValueError(f"{model.__name__} is already registered as holding personal data.")
    _NOT_PERSONAL[model] = reason


def registrations() -> list[PersonalData]:
    """Every model registered as holding personal data, in the order they were registered."""
    return list(_REGISTRY.values())


def registration(model: type[models.Model]) -> PersonalData | None:
    return _REGISTRY.get(model)


def declared_not_personal() -> dict[type[models.Model], str]:
    return dict(_NOT_PERSONAL)


def register_erasure_blocker(check: ErasureBlocker) -> None:
    """Have `check(user)` asked before erasing `user`; registering twice has no effect."""
    if check not in _BLOCKERS:
        _BLOCKERS.append(check)


def erasure_blockers(user: Any) -> list[Promise | str]:
    """Every reason, from every app, why `user` cannot be erased yet."""
    return [reason for check in _BLOCKERS for reason in check(user)]


def _emptied(field_: Any) -> Any:
    """What a cleared field holds: NULL where it may, else "" (text) or its default."""
    if field_.null:
        return None
    return "" if field_.empty_strings_allowed else field_.get_default()


def apply_rules(entry: PersonalData, rows: models.QuerySet[Any], *, remove_texts: bool) -> None:
    """What erasure does to `rows` by `entry`'s field rules (or `delete_rows`).

    The rows are taken by primary key first: `rows_of` may be distinct, which UPDATE and
    DELETE do not take. An app's own `erase` may call this for the fields it does not
    handle itself.
    """
    manager = entry.model._default_manager
    pks = list(rows.values_list("pk", flat=True))
    if not pks:
        return
    if entry.delete_rows:
        manager.filter(pk__in=pks).delete()
        return
    changes: dict[str, Any] = {}
    for name, rule in entry.fields.items():
        if rule is Erasure.KEEP or (rule is Erasure.CLEAR_ON_REQUEST and not remove_texts):
            continue
        if rule is Erasure.PSEUDONYMISE:
            changes[name] = ERASED_NAME_SV
        else:
            changes[name] = _emptied(entry.model._meta.get_field(name))
    if changes:
        manager.filter(pk__in=pks).update(**changes)


def declare_own_models() -> None:
    """Common's own tables (called from CommonConfig.ready: this module is the registry
    every app imports, so it declares its neighbours only once the models are loaded)."""
    from django.db.models.functions import Lower
    from django.utils.translation import gettext_lazy as _

    from common.models import OutgoingEmail, PeriodicRun

    not_personal(PeriodicRun, reason="which slot of a periodic job ran; no person in it")

    def mails_to(user: Any) -> models.QuerySet[Any]:
        # By address: a mail does not know its reader's account. Mails to an address the
        # person had before a change are not theirs to find any more.
        return OutgoingEmail.objects.alias(to_lower=Lower("to")).filter(
            to_lower=(user.email or "").lower()
        )

    def mails_export(rows: models.QuerySet[Any]) -> list[dict[str, Any]]:
        return [
            {
                "subject": mail.subject,
                "category": mail.category,
                "status": mail.status,
                "created_at": mail.created_at,
                "sent_at": mail.sent_at,
            }
            for mail in rows.order_by("created_at", "pk")
        ]

    def mails_erase(user: Any, rows: models.QuerySet[Any], remove_texts: bool) -> None:
        # Queued mails to the person are cancelled and sent ones forgotten: the rows go.
        OutgoingEmail.objects.filter(pk__in=list(rows.values_list("pk", flat=True))).delete()
        # Mails to others that name the person ("… commented on your idea") keep their
        # record, with the name as it now reads everywhere.
        name = user.display_name
        if not name:
            return
        about = OutgoingEmail.objects.filter(
            models.Q(subject__contains=name)
            | models.Q(text__contains=name)
            | models.Q(html__contains=name)
        )
        for mail in about:
            OutgoingEmail.objects.filter(pk=mail.pk).update(
                subject=mail.subject.replace(name, ERASED_NAME_SV),
                text=mail.text.replace(name, ERASED_NAME_SV),
                html=mail.html.replace(name, ERASED_NAME_SV),
            )

    register(
        OutgoingEmail,
        people=(),
        rows=mails_to,
        erase=mails_erase,
        delete_rows=True,
        fields={
            "to": Erasure.CLEAR,
            "subject": Erasure.CLEAR,
            "text": Erasure.CLEAR,
            "html": Erasure.CLEAR,
            "headers": Erasure.CLEAR,
        },
        not_personal_fields=("message_id", "category", "last_error"),
        export=mails_export,
        label=_("E-post till dig"),
    )
