"""Statements compiled once per process, for the few on the path of every board operation.

Building SQL is most of what a simple ORM statement costs: on the 2-core machine of
docs/benchmarks.md a filtered SELECT takes ~0.6 ms through a queryset and ~0.15 ms as the
same SQL through a cursor, and a board operation makes several. Here the ORM still writes
the SQL (from a queryset, or from the model's fields), once; later calls only bind values.

* `PreparedQuery`: a queryset with placeholders for some values, compiled on first use
  and run through `Model.objects.raw()` (which converts values as the ORM does);
* `insert` / `update_fields`: one row's INSERT … RETURNING / UPDATE, with the fields'
  own preparation (`pre_save`: auto_now and auto_now_add; `get_db_prep_save`).

What they skip: model signals (nothing on these paths listens to them) and the queryset
machinery around the statement. Use them only where a benchmark shows it matters.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router
from django.db.models import QuerySet

# Stand-ins for the values of a prepared query while it is compiled: integers no real key
# takes, each found again among the compiled statement's parameters.
_PLACEHOLDER_BASE = -7_340_000_000_000_001


class PreparedQuery[M: models.Model]:
    """`build(*values)` → a queryset of `model`, compiled once per database; `first(*values)`
    runs it and gives the first row as a model instance (or None).

    The values must be ones the database takes as they are (ids, strings): they replace
    the placeholders' parameters without the fields' preparation.
    """

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M]], values: int) -> None:
        self.model = model
        self._build = build
        self._values = values
        self._compiled: dict[str, tuple[str, list[Any], list[int]]] = {}

    def first(self, *values: Any) -> M | None:
        sql, params, positions = self.compiled(router.db_for_write(self.model))
        bound = list(params)
        for position, value in zip(positions, values, strict=True):
            bound[position] = value
        return next(iter(self.model._default_manager.raw(sql, bound)), None)

    def compiled(self, alias: str) -> tuple[str, list[Any], list[int]]:
        """The SQL, its parameters, and where the values go among them."""
        compiled = self._compiled.get(alias)
        if compiled is None:
            placeholders = [_PLACEHOLDER_BASE - n for n in range(self._values)]
            sql, params = self._build(*placeholders).query.get_compiler(using=alias).as_sql()
            positions = []
            for placeholder in placeholders:
                found = [n for n, param in enumerate(params) if param == placeholder]
                if len(found) != 1:
                    raise ImproperlyConfigured(
                        f"a prepared query must use each value once as a parameter: {sql}"
                    )
                positions.append(found[0])
            compiled = self._compiled[alias] = (sql, list(params), positions)
        return compiled


def insert(instance: models.Model) -> None:
    """INSERT the instance as one row, every column as `Model.save()` would write it, and
    set its primary key."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    columns = _insert_fields(model)
    values = [
        field.get_db_prep_save(field.pre_save(instance, add=True), connection) for field in columns
    ]
    sql, returning = _insert_sql(model, alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if returning:
            row = cursor.fetchone()
            instance.pk = row[0] if row else None
        else:
            instance.pk = connection.ops.last_insert_id(
                cursor, model._meta.db_table, str(model._meta.pk.column)
            )
    instance._state.adding = False
    instance._state.db = alias


def update_fields(instance: models.Model, fields: Sequence[str]) -> int:
    """UPDATE the instance's row with its `fields`; the number of rows changed (0 or 1)."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    columns = [_concrete(model, name) for name in fields]
    values = [
        field.get_db_prep_save(field.pre_save(instance, add=False), connection) for field in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(_update_sql(model, tuple(fields), alias), [*values, instance.pk])
        return int(cursor.rowcount)


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise ImproperlyConfigured(f"{model.__name__}.{name} is not a column")
    return field


@functools.cache
def _insert_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """What Model.save() inserts: the concrete columns, but not a generated key."""
    return [
        field
        for field in model._meta.local_concrete_fields
        if not (field.primary_key and field.db_returning)
    ]


@functools.cache
def _insert_sql(model: type[models.Model], alias: str) -> tuple[str, bool]:
    connection = connections[alias]
    name = connection.ops.quote_name
    fields = _insert_fields(model)
    columns = ", ".join(name(str(field.column)) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names)
    if connection.features.can_return_columns_from_insert:
        return f"{sql} RETURNING {name(str(model._meta.pk.column))}", True
    return sql, False


@functools.cache
def _update_sql(model: type[models.Model], fields: tuple[str, ...], alias: str) -> str:
    name = connections[alias].ops.quote_name
    assignments = ", ".join(f"{name(str(_concrete(model, field).column))} = %s" for field in fields)
    return (
        f"UPDATE {name(model._meta.db_table)} SET {assignments} "  # noqa: S608 (names)
        f"WHERE {name(str(model._meta.pk.column))} = %s"
    )
