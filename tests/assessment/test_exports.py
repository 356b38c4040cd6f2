"""CSV and XLSX exports: the results table, with formula injection neutralised."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from assessment.exports import neutralise, results_csv, results_xlsx
from assessment.selectors import round_results
from tests.assessment.factories import CriterionFactory

pytestmark = pytest.mark.django_db

DANGEROUS = [
    '=HYPERLINK("https://evil.example","klicka")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tcmd",
    "\rcmd",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_cells_that_could_start_a_formula_get_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Läxhjälp", "", "a=b", 4, -2, 3.5, None])
def test_other_values_pass_unchanged(value):
    assert neutralise(value) == value


@pytest.fixture
def dangerous_results(world):
    for idea, title in zip(world.ideas, DANGEROUS, strict=False):
        idea.title = title
        idea.save()
    # An administrator's criterion name is text in a header cell too.
    world.criteria[2].name = "=1+2"
    world.criteria[2].save()
    world.open()
    world.score_and_submit_all(lambda item, criterion: 2 + item.order)
    world.close()
    return round_results(viewer=world.facilitator, round=world.round)


def test_csv(dangerous_results):
    rows = list(csv.reader(io.StringIO(results_csv(dangerous_results).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Placering", "Bidrag", "Bidrag-id", "Viktad total"]
    assert "'=1+2: medelvärde" in header
    assert len(header) == 6 + 3 * 5
    # Best first: the third item scored 4 on everything.
    assert body[0][0] == "1"
    assert body[0][1] == "'-2+3"
    assert body[0][3] == "4.0"
    titles = {row[1] for row in body}
    assert titles == {"'" + t for t in DANGEROUS[:3]}
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )


def test_xlsx(dangerous_results):
    workbook = load_workbook(io.BytesIO(results_xlsx(dangerous_results)))
    sheet = workbook["Resultat"]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert sheet["B2"].value == "'-2+3"
    assert sheet["D2"].value == 4.0  # numbers stay numbers
    assert sheet["A2"].value == 1
    about = workbook["Om rundan"]
    assert about["B1"].value == "Vårens bedömning"


def test_extra_criteria_get_their_own_columns(world):
    extra = CriterionFactory(key="hallbarhet", name="Hållbarhet")
    world.open(criteria=[*world.criteria, extra])
    world.close()
    header = results_csv(round_results(viewer=world.facilitator, round=world.round))
    assert "Hållbarhet: antal" in header.decode("utf-8-sig")


FILE_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "X-Content-Type-Options")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_page_and_the_api_send_the_same_file_the_same_way(world, fmt):
    """One helper builds the download for both edges: same name, type and cache headers."""
    world.open()
    world.score_and_submit_all(4)
    world.close()
    page = Client()
    page.force_login(world.facilitator)
    from_page = page.get(reverse("frontend:assessment-export", args=[world.round.pk, fmt]))
    api = APIClient()
    api.force_authenticate(world.facilitator)
    from_api = api.get(f"/api/v1/assessment/rounds/{world.round.pk}/results.{fmt}")

    assert (from_page.status_code, from_api.status_code) == (200, 200)
    assert {h: from_page[h] for h in FILE_HEADERS} == {h: from_api[h] for h in FILE_HEADERS}
    assert from_api["Content-Disposition"] == (
        f'attachment; filename="bedomningsrunda-{world.round.pk}-resultat.{fmt}"'
    )
    assert (from_api["Cache-Control"], from_api["X-Content-Type-Options"]) == (
        "private, no-store",
        "nosniff",
    )
    if fmt == "csv":
        assert from_page.content == from_api.content
