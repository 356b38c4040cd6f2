"""Every model of the project's own apps is declared in the personal-data registry, and
every field of a registered model that can hold a person's words, address or identity is
classified. A new model or field that is not fails here, naming it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from common import personal_data as pd

ROOT = Path(settings.BASE_DIR).resolve()

# Fields that can hold personal data, whatever their name.
HOLDING = (
    models.TextField,
    models.JSONField,
    models.EmailField,
    models.GenericIPAddressField,
    models.FileField,
)


def own_models() -> list[type[models.Model]]:
    """The models of apps whose code lives in this repository (not Django's or libraries')."""
    found = []
    for config in apps.get_app_configs():
        if Path(config.path).resolve().is_relative_to(ROOT) and ".venv" not in config.path:
            found.extend(config.get_models())
    return found


def can_hold_personal_data(field: models.Field) -> bool:
    if field.is_relation:
        return field.related_model is get_user_model()
    if isinstance(field, HOLDING):
        return True
    return isinstance(field, models.CharField) and not field.choices


def classified(entry: pd.PersonalData) -> set[str]:
    first_steps = {path.split("__", 1)[0] for path in entry.people}
    return set(entry.fields) | first_steps | set(entry.not_personal_fields)


def test_the_project_has_models_to_check():
    names = {model._meta.label for model in own_models()}
    assert {"hub.User", "ideas.Idea", "boards.Card", "realtime.StreamEvent"} <= names
    assert not any(name.startswith(("auth.", "sessions.", "django_tasks")) for name in names)


def unregistered_models() -> list[str]:
    registered = {entry.model for entry in pd.registrations()}
    not_personal = set(pd.declared_not_personal())
    return [
        model._meta.label
        for model in own_models()
        if model not in registered and model not in not_personal
    ]


def unclassified_fields(entry: pd.PersonalData) -> list[str]:
    known = classified(entry)
    fields = [*entry.model._meta.concrete_fields, *entry.model._meta.many_to_many]
    return sorted(
        field.name for field in fields if can_hold_personal_data(field) and field.name not in known
    )


def unknown_field_names(entry: pd.PersonalData) -> list[str]:
    wrong = []
    for name in [*entry.fields, *entry.not_personal_fields]:
        try:
            entry.model._meta.get_field(name)
        except FieldDoesNotExist:
            wrong.append(name)
    return wrong


def test_every_model_is_registered_or_declared_not_personal():
    missing = unregistered_models()
    assert missing == [], (
        "declare these in their app's personal_data.py (register or not_personal):\n"
        + "\n".join(missing)
    )


ENTRIES = pd.registrations()


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.model._meta.label)
def test_every_field_that_can_hold_personal_data_is_classified(entry):
    unclassified = unclassified_fields(entry)
    assert unclassified == [], (
        f"{entry.model._meta.label}: say what erasure does to {unclassified} "
        "(fields=…), or that they lead to the person (people=…) or are not theirs "
        "(not_personal_fields=…)"
    )


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.model._meta.label)
def test_every_named_field_exists(entry):
    wrong = unknown_field_names(entry)
    assert wrong == [], f"{entry.model._meta.label}: no such fields {wrong}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.model._meta.label)
def test_every_path_leads_to_the_user_model(entry):
    assert entry.people or entry.rows is not None
    for path in entry.people:
        model: type[models.Model] = entry.model
        for step in path.split("__"):
            target = model._meta.get_field(step).related_model  # raises if no such field
            assert target is not None, f"{entry.model._meta.label}: {path} stops at {step}"
            model = target
        assert model is get_user_model(), f"{entry.model._meta.label}: {path} leads to {model}"


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.model._meta.label)
def test_every_registration_finds_rows_without_error(entry, django_user_model):
    user = django_user_model.objects.create_user(email="ingen@example.org", display_name="Ingen")
    expected = [user] if entry.model is django_user_model else []
    assert list(entry.rows_of(user)) == expected


def test_a_model_left_out_is_named(monkeypatch):
    from ideas.models import Comment

    monkeypatch.setattr(
        pd, "_REGISTRY", {m: e for m, e in pd._REGISTRY.items() if m is not Comment}
    )
    assert unregistered_models() == ["ideas.Comment"]


def test_an_unclassified_free_text_field_is_named():
    from ideas.models import Comment

    entry = pd.registration(Comment)
    assert entry is not None
    without_body = replace(entry, fields={"body_html": pd.Erasure.CLEAR_ON_REQUEST})
    assert unclassified_fields(without_body) == ["body"]
    without_author = replace(entry, people=("parent__author",))
    assert unclassified_fields(without_author) == ["author"]


def test_a_rule_for_a_field_that_does_not_exist_is_named():
    from ideas.models import Comment

    entry = pd.registration(Comment)
    assert entry is not None
    misspelt = replace(entry, fields={**entry.fields, "bodu": pd.Erasure.CLEAR})
    assert unknown_field_names(misspelt) == ["bodu"]
