"""One text rule on every edge (common.text): what it refuses, and guards that keep every
form and every API text field on it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError

from common.api import CharField
from common.text import CODE, text_problem, validate_text

ROOT = Path(__file__).resolve().parents[2]
REFUSED = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]


@pytest.mark.parametrize("character", REFUSED)
def test_control_characters_are_refused(character):
    assert text_problem(f"a{character}b")
    with pytest.raises(ValidationError) as refused:
        validate_text(f"a{character}b")
    assert refused.value.code == CODE


def test_a_lone_surrogate_is_refused():
    assert text_problem("a\ud800b")


@pytest.mark.parametrize(
    "text", ["Läxhjälp på biblioteket", "rad 1\nrad 2", "rad 1\r\nrad 2", "a\tb", "🙂 ½ €", ""]
)
def test_ordinary_text_line_breaks_and_tabs_pass(text):
    assert text_problem(text) is None
    validate_text(text)


def test_the_api_text_field_refuses_them_per_field():
    field = CharField()
    assert field.run_validation("fint") == "fint"
    from rest_framework.exceptions import ValidationError as ApiValidationError

    with pytest.raises(ApiValidationError):
        field.run_validation("a\x01b")


def api_modules() -> list[Path]:
    found = [*ROOT.glob("*/api.py"), *ROOT.glob("*/api/*.py"), *ROOT.glob("*/serializers.py")]
    return sorted(p for p in found if ".venv" not in p.parts and p.parent.name != "common")


def test_every_api_module_uses_the_project_text_field():
    """DRF's own CharField lets control characters through: every api.py uses
    common.api.CharField instead (which does not)."""
    offenders = []
    for path in api_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "CharField"
                and isinstance(node.value, ast.Name)
                and node.value.id == "serializers"
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(api_modules()) > 10  # the glob finds them
    assert not offenders, f"use common.api.CharField, not serializers.CharField: {offenders}"


def test_every_page_form_text_field_refuses_them():
    from frontend.forms.base import HubForm

    class Sample(HubForm):
        name = forms.CharField()
        note = forms.CharField(widget=forms.Textarea, required=False)
        password = forms.CharField(widget=forms.PasswordInput)

    form = Sample(data={"name": "a\x00b", "note": "x\x1by", "password": "p\x01"})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "note"}
    assert Sample(data={"name": "Alva", "note": "rad\r\nrad", "password": "p\x01"}).is_valid()
