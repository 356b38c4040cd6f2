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
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, models, router
from django.db.models import QuerySet

# Stand-ins for the values of a prepared query while it is compiled: integers no real key
# takes, each found again among the compiled statement's parameters.
_PLACEHOLDER_BASE = -7_340_000_000_000_001


class PreparedQuery[M: models.Model]:
    """`build(*values)` → a queryset of `model`, compiled once per database; `first(*values)`
    runs it and gives the first row as a model instance (or None).

    The values are keys (64-bit integers): they replace the placeholders' parameters
    without the fields' preparation, which for such keys changes nothing.
    """

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M]], values: int) -> None:
        self.model = model
        self._build = build
        self._values = values
        self._compiled: dict[str, tuple[str, list[Any], list[int]]] = {}

    def first(self, *values: Any) -> M | None:
        alias = router.db_for_write(self.model)  # a locking read must go where writes go
        sql, params, positions = self.compiled(alias)
        bound = list(params)
        for position, value in zip(positions, values, strict=True):
            bound[position] = value
        return next(iter(self.model._default_manager.raw(sql, bound, using=alias)), None)

    def compiled(self, alias: str) -> tuple[str, list[Any], list[int]]:
        """The SQL, its parameters, and where the values go among them."""
        compiled = self._compiled.get(alias)
        if compiled is None:
            placeholders = [_PLACEHOLDER_BASE - n for n in range(self._values)]
            try:
                sql, params = self._build(*placeholders).query.get_compiler(alias).as_sql()
            except EmptyResultSet as empty:  # a placeholder out of a field's range
                raise ImproperlyConfigured("a prepared query takes 64-bit integer keys") from empty
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
    """INSERT the instance as one row and set its primary key: every concrete column, with
    the values `Model.save()` would write (for models without database defaults or
    generated fields, which this does not handle)."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    sql, returning = _insert_sql(model, alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, _prepared(instance, _insert_fields(model), connection, add=True))
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
    values = db_values(instance, fields, connection, add=False)
    with connection.cursor() as cursor:
        cursor.execute(_update_sql(model, tuple(fields), alias), [*values, instance.pk])
        return int(cursor.rowcount)


def db_values(
    instance: models.Model, fields: Sequence[str], connection: Any, *, add: bool
) -> list[Any]:
    """The fields' values as the database takes them, after their `pre_save` (auto_now…)."""
    model = type(instance)
    return _prepared(instance, [_concrete(model, name) for name in fields], connection, add=add)


def _prepared(
    instance: models.Model, fields: Iterable[models.Field[Any, Any]], connection: Any, *, add: bool
) -> list[Any]:
    return [
        field.get_db_prep_save(field.pre_save(instance, add=add), connection) for field in fields
    ]


def column_name(model: type[models.Model], field: str, alias: str) -> str:
    """A field's column, quoted for that database."""
    return str(connections[alias].ops.quote_name(str(_concrete(model, field).column)))


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
    fields = _insert_fields(model)
    columns = ", ".join(column_name(model, field.name, alias) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names)
    if connection.features.can_return_columns_from_insert:
        return f"{sql} RETURNING {column_name(model, model._meta.pk.name, alias)}", True
    return sql, False


@functools.cache
def _update_sql(model: type[models.Model], fields: tuple[str, ...], alias: str) -> str:
    assignments = ", ".join(f"{column_name(model, field, alias)} = %s" for field in fields)
    return (
        f"UPDATE {connections[alias].ops.quote_name(model._meta.db_table)} "  # noqa: S608 (names)
        f"SET {assignments} WHERE {column_name(model, model._meta.pk.name, alias)} = %s"
    )
