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

    def rows_of(self, user: Any) -> models.QuerySet[Any]:
        """The rows that are `user`'s (any of `people` reaches them), without duplicates."""
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
) -> None:
    """Declare that rows of `model` hold personal data of the users `people` lead to."""
    paths = tuple(people)
    if not paths:
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
