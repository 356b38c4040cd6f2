"""Whole numbers and ids read from outside (query strings, paths, bodies, forms): one way,
bounded to what the database can hold, so no edge hands it a number it cannot store.

- `INT_MIN`/`INT_MAX`: Django's `IntegerField` everywhere (PostgreSQL's `integer`);
- `BIGINT_MIN`/`BIGINT_MAX`: `BigIntegerField` and every primary key (`BigAutoField`);
- `ID_MAX`: the largest id a client may name.

`parse_int` and `parse_id` answer None for anything that is not such a number: a word, a
float (`1e400` is infinity), a bool, a digit that is not ASCII (`"²".isdigit()` is true), a
number past the range. Edges turn None into a field error (`common.api`, `common.filters`)
or "not found"; selectors use `parse_id` for ids from a path. Knows no domain.
"""

from __future__ import annotations

import re
from typing import Any

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
ID_MIN, ID_MAX = 1, BIGINT_MAX

# ASCII digits with an optional sign, and at most 19 of them: past that no column holds it.
_WHOLE = re.compile(r"[+-]?[0-9]{1,19}")


def parse_int(value: Any, *, minimum: int = INT_MIN, maximum: int = INT_MAX) -> int | None:
    """`value` (an int, or its text in ASCII digits) if it is whole and within the bounds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _WHOLE.fullmatch(text := value.strip()):
        number = int(text)
    else:
        return None
    return number if minimum <= number <= maximum else None


def parse_id(value: Any) -> int | None:
    """`value` as a primary key a row could have (1 to `ID_MAX`), or None."""
    return parse_int(value, minimum=ID_MIN, maximum=ID_MAX)


def lookup_id(value: Any) -> int:
    """`value` as an id to look a row up by: `parse_id`, or 0 (no row has it) for anything
    else, so the lookup simply finds nothing instead of failing in the database."""
    return parse_id(value) or 0


class IdConverter:
    """The `<id:pk>` path converter (registered in `CommonConfig.ready`): an id in ASCII
    digits within `ID_MAX`. A longer number does not match, so it is a 404 like any other
    unknown id, instead of an overflow in the database."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: Any) -> str:
        return str(value)


class YearConverter:
    """The `<year:year>` path converter: four ASCII digits, so a year in a path never
    overflows a date (the view still says which years it covers)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return f"{int(value):04d}"
