"""Tables people open in a spreadsheet (CSV exports), safe against formula injection.

A text cell that starts with = + - @, a tab or a carriage return gets a leading apostrophe,
so a spreadsheet shows it as text instead of running it. CSV is UTF-8 with a byte-order mark
(so spreadsheets detect the encoding) and CRLF line ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value that cannot start a formula. Numbers and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file of `headers` and `rows`, every cell neutralised, None as empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(header)) for header in headers])
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
