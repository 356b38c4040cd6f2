"""The CSV files of feedback (common/spreadsheets.py): an event's answers, one row each and
in no particular order, without who gave them or when; and an overview, one row per event."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from common.spreadsheets import csv_bytes
from feedback.models import DIMENSIONS, Dimension
from feedback.selectors import Overview, feedback_export_rows


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("ja") if value else _("nej")


def feedback_csv(*, event: Any, viewer: Any) -> bytes:
    questions, responses = feedback_export_rows(event=event, viewer=viewer)
    headers = [
        *(str(Dimension(name).label) for name in DIMENSIONS),
        _("Lärde sig något nytt"),
        _("Fick nya kontakter"),
        _("Kommentar"),
        *(question.label for question in questions),
    ]
    rows = []
    for response in responses:
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        cells: list[Any] = [getattr(response, name) for name in DIMENSIONS]
        cells += [
            _yes_no(response.learned_something_new),
            _yes_no(response.new_contacts),
            response.comment,
        ]
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                cells.append(None)
            else:
                cells.append(answer.text or answer.choice or answer.scale)
        rows.append(cells)
    return csv_bytes(headers, rows)


def overview_csv(*, overview: Overview) -> bytes:
    headers = [
        _("Evenemang"),
        _("Datum"),
        _("Svar"),
        *(str(Dimension(name).label) for name in DIMENSIONS),
        _("Lärde sig något nytt (%)"),
        _("Fick nya kontakter (%)"),
    ]
    rows = [
        [
            row.event.title,
            row.event.starts_at.date().isoformat(),
            row.responses,
            *(bar.value for bar in row.averages),
            row.learned_percent if row.shown else None,
            row.contacts_percent if row.shown else None,
        ]
        for row in overview.rows
    ]
    return csv_bytes(headers, rows)
