"""Results of a round as CSV and XLSX.

Exports carry only what `selectors.round_results` returns (aggregates), so they obey the same
blind-scoring rule as the results page. Every text cell is neutralised against formula
injection: a cell that starts with = + - @, a tab or a carriage return gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from assessment.selectors import RoundResults
from common.spreadsheets import csv_bytes, neutralise


def results_rows(data: RoundResults) -> tuple[list[str], list[list[Any]]]:
    """The results as a header row and one row per item (best first)."""
    headers = [
        _("Placering"),
        _("Bidrag"),
        _("Bidrag-id"),
        _("Viktad total"),
        _("Oenighet"),
        _("Jäviga bedömare"),
    ]
    for criterion in data.results.criteria:
        headers += [
            _("%(name)s: medelvärde") % {"name": criterion.name},
            _("%(name)s: median") % {"name": criterion.name},
            _("%(name)s: lägst") % {"name": criterion.name},
            _("%(name)s: högst") % {"name": criterion.name},
            _("%(name)s: antal") % {"name": criterion.name},
        ]
    rows = []
    for result in data.results.items:
        row: list[Any] = [
            result.rank,
            result.item.title,
            result.item.idea_id,
            result.weighted_total,
            _("ja") if result.disagreement else _("nej"),
            result.recused,
        ]
        for stats in result.criteria:
            row += [stats.mean, stats.median, stats.min, stats.max, stats.n]
        rows.append(row)
    return [neutralise(h) for h in headers], [[neutralise(v) for v in row] for row in rows]


def results_csv(data: RoundResults) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheets detect it), comma-separated."""
    headers, rows = results_rows(data)
    return csv_bytes(headers, rows)


def results_xlsx(data: RoundResults) -> bytes:
    """A workbook with the results and a sheet about the round."""
    headers, rows = results_rows(data)
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _("Resultat")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 48

    about = workbook.create_sheet(_("Om rundan"))
    round = data.round
    for label, value in (
        (_("Runda"), round.title),
        (_("Fokusområde"), str(round.focus_area)),
        (_("Status"), round.get_status_display()),
        (_("Bedömare som lämnat in"), f"{data.submitted} / {data.assessors}"),
        (_("Exporterad"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ):
        about.append([neutralise(label), neutralise(value)])
    about.append([])
    about.append([neutralise(_("Kriterium")), neutralise(_("Vikt"))])
    for criterion in data.results.criteria:
        about.append([neutralise(criterion.name), criterion.weight])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 48

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Each export format: its content type and how the file is written.
EXPORT_FORMATS: dict[str, tuple[str, Callable[[RoundResults], bytes]]] = {
    "csv": ("text/csv; charset=utf-8", results_csv),
    "xlsx": (XLSX_CONTENT_TYPE, results_xlsx),
}


def results_download(data: RoundResults, fmt: str) -> HttpResponse:
    """The results as a file to download, with the same name and headers whether the page or
    the API asks: never cached by anyone but the reader, never sniffed as something else."""
    content_type, write = EXPORT_FORMATS[fmt]
    response = HttpResponse(write(data), content_type=content_type)
    filename = f"bedomningsrunda-{data.round.pk}-resultat.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
