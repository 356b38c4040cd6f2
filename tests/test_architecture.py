"""The structural rules of docs/architecture.md, checked on the source itself.

Import directions are import-linter's job (`make contracts`); these tests hold the rules it
cannot see: every write goes through a service, the admin writes only through services (or
not at all), page views leave refusals to the one translation in `frontend`, and no module
grows past the size where it should be split by subject.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin, ModelAdmin
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "common",
    "realtime",
    "hub",
    "accounts",
    "emailing",
    "ideas",
    "events",
    "boards",
    "assessment",
    "portfolio",
    "privacy",
    "registrations",
    "feedback",
    "challenges",
    "frontend",
    "demo",
    "bench",
)
MAX_LOGIC_LINES = 500

# Calls that write model rows when made on a model instance or a queryset.
ROW_WRITES = {"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET_STARTS = {"objects", "filter", "exclude", "all", "select_for_update", "order_by"}

# Exceptions a page view may catch: bad input and the standard library's own.
NOT_REFUSALS = {"ValidationError", "ValueError", "TypeError", "KeyError", "OSError"}

# Writes outside services that are not domain writes, each with its reason.
WRITES_ALLOWED = {
    # Django's contract for `createsuperuser` and `create_user`: the manager saves the row.
    ("hub/models.py", "save"),
    # openpyxl's Workbook.save into a buffer: a file, not a row.
    ("assessment/exports.py", "save"),
}


def _modules() -> Iterator[Path]:
    for package in PACKAGES:
        directory = ROOT / package
        if directory.is_dir():
            yield from sorted(p for p in directory.rglob("*.py") if "migrations" not in p.parts)


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _is_service_module(path: Path) -> bool:
    """Services, the infrastructure that stores its own rows (the event log, task runs) and
    the benchmarks, which fill scratch databases of their own."""
    parts = path.relative_to(ROOT).parts
    own_stores = {"realtime", "common", "bench"}
    return "services" in parts or path.name == "services.py" or parts[0] in own_stores


def _row_write(call: ast.Call) -> str | None:
    if not isinstance(call.func, ast.Attribute):
        return None
    name, receiver = call.func.attr, call.func.value
    builds_only = any(
        k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )
    if name == "save" and builds_only:  # a form's objects, saved by a service afterwards
        return None
    if name in ROW_WRITES:
        return name
    if name == "create" and isinstance(receiver, ast.Attribute) and receiver.attr == "objects":
        return name
    chained = (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Attribute)
        and receiver.func.attr in QUERYSET_STARTS
    )
    if name in {"update", "create"} and chained:
        return name
    return None


def test_no_model_writes_outside_services() -> None:
    found = []
    for path in _modules():
        if _is_service_module(path):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _row_write(node) if isinstance(node, ast.Call) else None
            if name and (_relative(path), name) not in WRITES_ALLOWED:
                found.append(f"{_relative(path)}:{node.lineno}: .{name}(...)")
    assert found == [], "write through a service instead:\n" + "\n".join(found)


def _catches_service_error(handler: ast.ExceptHandler) -> bool:
    """`except ServiceError` or an app's subclass of it (`BoardError`, `AssessmentError`…)."""
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught] if caught else []
    labels = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "") for n in names}
    return any(label.endswith("Error") and label not in NOT_REFUSALS for label in labels)


def test_page_views_leave_refusals_to_the_middleware() -> None:
    """`frontend.middleware` and `frontend.views.common.form_errors` are the one translation."""
    found = []
    for path in sorted((ROOT / "frontend" / "views").rglob("*.py")):
        if path.name == "common.py" and path.parent.name == "views":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and _catches_service_error(node):
                found.append(f"{_relative(path)}:{node.lineno}")
    assert found == [], "let the refusal propagate, or use form_errors(...):\n" + "\n".join(found)


def _logic_lines(source: str) -> int:
    """Lines holding code: no blank lines, comments or docstrings."""
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        holders = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, holders) and node.body:
            first = node.body[0]
            is_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            if is_docstring and isinstance(first.value.value, str):  # type: ignore[attr-defined]
                docstrings.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    skipped = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
    }
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skipped:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstrings)


def test_no_module_past_the_size_to_split() -> None:
    too_long = [
        f"{_relative(path)}: {count} lines of logic"
        for path in _modules()
        if (count := _logic_lines(path.read_text(encoding="utf-8"))) > MAX_LOGIC_LINES
    ]
    assert too_long == [], f"split by subject (at most {MAX_LOGIC_LINES}):\n" + "\n".join(too_long)


def test_logic_lines_leave_out_comments_and_docstrings() -> None:
    source = '"""Module."""\n\n# a comment\ndef f():\n    """Doc\n    string."""\n    return 1\n'
    assert _logic_lines(source) == 2


def _admins() -> Iterator[tuple[ModelAdmin, InlineModelAdmin | None]]:
    """Each registered admin, then each of its inlines with it."""
    for model_admin in admin.site._registry.values():
        yield model_admin, None
        for inline in model_admin.inlines:
            yield model_admin, inline(model_admin.model, admin.site)


def _overrides(instance: object, base: type, *names: str) -> bool:
    return all(getattr(type(instance), name) is not getattr(base, name) for name in names)


@pytest.mark.django_db
def test_admin_writes_only_through_services(admin_user) -> None:  # type: ignore[no-untyped-def]
    """What the admin may change, it changes through a service; the rest it only shows."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    found = []
    for model_admin, inline in _admins():
        obj = model_admin.model()  # an instance, unsaved: "may this one be changed?"
        if inline is not None:
            label = f"{type(inline).__module__}.{type(inline).__name__}"
            parent_fks = {
                f.name
                for f in inline.model._meta.get_fields()
                if f.is_relation and f.many_to_one and f.related_model is model_admin.model
            }
            editable = (
                set(inline.get_fields(request, obj))
                - set(inline.get_readonly_fields(request, obj))
                - parent_fks
            )
            writes = inline.has_add_permission(request, obj) or (
                editable and inline.has_change_permission(request, obj)
            )
            deletes = inline.can_delete and inline.has_delete_permission(request, obj)
            through_services = _overrides(model_admin, ModelAdmin, "save_formset")
            if (writes or deletes) and not through_services:
                found.append(f"{label}: an inline that writes (override the parent's save_formset)")
            continue
        label = f"{type(model_admin).__module__}.{type(model_admin).__name__}"
        can_write = model_admin.has_add_permission(request) or model_admin.has_change_permission(
            request, obj
        )
        if can_write and not _overrides(model_admin, ModelAdmin, "save_model"):
            found.append(f"{label}: saves without a service (override save_model)")
        deletes = model_admin.has_delete_permission(request, obj) or (
            model_admin.has_delete_permission(request)
            and "delete_selected" in model_admin.get_actions(request)
        )
        if deletes and not _overrides(model_admin, ModelAdmin, "delete_model", "delete_queryset"):
            found.append(f"{label}: deletes without a service")
    assert found == [], "\n".join(found)
