"""Source and runtime guards that keep every API edge on the one way to read numbers, ids
and query strings (common.ids, common.api), so a new endpoint cannot bring back the
overflows of issue 13.

- no api module uses DRF's unbounded `IntegerField` or `PrimaryKeyRelatedField`, or reads
  `request.query_params` / `request.GET` by hand (only `common.api.parse_query` does);
- every integer field that parses input, of every serializer an api module defines
  (ModelSerializers' derived fields included), has both bounds, and every related field
  is the project's;
- no URL map takes an id with Django's unbounded `<int:…>` converter (`<id:…>` instead).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

from rest_framework import serializers

from common.api import PrimaryKeyRelatedField
from tests.test_architecture import PACKAGES, ROOT

UNBOUNDED = {"IntegerField", "PrimaryKeyRelatedField"}
QUERY_ATTRIBUTES = {"query_params", "GET"}


def _api_modules() -> Iterator[Path]:
    for package in PACKAGES:
        if package == "common":
            continue  # the kit itself
        directory = ROOT / package
        yield from sorted(directory.glob("api.py"))
        yield from sorted((directory / "api").glob("*.py"))
        yield from sorted(directory.glob("serializers.py"))  # an api.py's serializers


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_api_modules_are_found() -> None:
    names = {_module_name(path) for path in _api_modules()}
    assert {"hub.api", "events.api", "ideas.api.submissions", "boards.api.boards"} <= names


def test_api_modules_use_the_bounded_fields_and_parse_query() -> None:
    found = []
    for path in _api_modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Attribute):
                continue
            receiver = node.value
            if (
                node.attr in UNBOUNDED
                and isinstance(receiver, ast.Name)
                and receiver.id == "serializers"
            ):
                found.append(f"{_module_name(path)}:{node.lineno} serializers.{node.attr}")
            if node.attr in QUERY_ATTRIBUTES:
                found.append(f"{_module_name(path)}:{node.lineno} .{node.attr} (use parse_query)")
    assert not found, "use common.api's fields and parse_query:\n" + "\n".join(found)


def _serializer_classes() -> Iterator[type[serializers.Serializer]]:
    for path in _api_modules():
        module = importlib.import_module(_module_name(path))
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, serializers.Serializer)
                and value.__module__ == module.__name__
            ):
                yield value


def _fields(serializer: serializers.Serializer, prefix: str) -> Iterator[tuple[str, object]]:
    for name, field in serializer.fields.items():
        where = f"{prefix}.{name}"
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.ListField | serializers.DictField):
            yield where, field.child
            field = field.child
        if isinstance(field, serializers.ManyRelatedField):
            field = field.child_relation
        if isinstance(field, serializers.Serializer):
            yield from _fields(field, where)
        else:
            yield where, field


def test_every_integer_and_related_field_of_the_api_is_bounded() -> None:
    classes = list(_serializer_classes())
    assert len(classes) > 50
    found = []
    for cls in classes:
        for where, field in _fields(cls(), f"{cls.__module__}.{cls.__name__}"):
            if getattr(field, "read_only", False):
                continue  # renders, never parses (a ModelSerializer's derived `id`)
            if isinstance(field, serializers.IntegerField) and (
                field.max_value is None or field.min_value is None
            ):
                found.append(f"{where}: an IntegerField without bounds")
            if isinstance(field, serializers.PrimaryKeyRelatedField) and not isinstance(
                field, PrimaryKeyRelatedField
            ):
                found.append(f"{where}: DRF's PrimaryKeyRelatedField")
    assert not found, "\n".join(found)


def test_url_maps_take_ids_with_the_bounded_converter() -> None:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*urls*.py")):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if "<int:" in line:
                    found.append(f"{path.relative_to(ROOT)}:{number}")
    assert not found, "use <id:…> (common.ids.IdConverter):\n" + "\n".join(found)


def _filtersets() -> list[type]:
    import django_filters

    for path in (ROOT).glob("*/filters.py"):
        importlib.import_module(_module_name(path))
    found: list[type] = []
    queue = list(django_filters.FilterSet.__subclasses__())
    while queue:
        cls = queue.pop()
        found.append(cls)
        queue.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.split(".")[0] in PACKAGES]


def test_every_number_a_filterset_reads_is_bounded() -> None:
    """Pages and the API share FilterSets; a number filter without bounds (django-filter's
    NumberFilter) would hand the database 10**23. Use `common.filters.IdFilter`."""
    from django import forms

    filtersets = _filtersets()
    assert {"IdeaFilterSet", "GoalFilterSet"} <= {cls.__name__ for cls in filtersets}
    found = []
    for cls in filtersets:
        for name, declared in cls.base_filters.items():  # no instance: some need arguments
            field = declared.field
            numeric = isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
            if numeric and (field.max_value is None or field.min_value is None):
                found.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert not found, "unbounded number filters:\n" + "\n".join(found)
