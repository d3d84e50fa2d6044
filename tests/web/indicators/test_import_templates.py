"""The templates upload as downloaded (docs/score-imports.md#the-files): a row with nothing typed beyond what the
template fills in (the PI, and a target's financial year) is skipped, and the preview says how many were."""

import csv
import html
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from webapp.domain.periods import financial_year
from webapp.models import Score, Target

from . import import_files
from .import_files import confirm, upload

uploads_folder, officer, waste = import_files.uploads_folder, import_files.officer, import_files.waste


@pytest.fixture
def register(waste, make_indicator):
    """Three active PIs: the template has a row for each."""
    return [waste, make_indicator(code="HR03", name="Days lost"), make_indicator(code="PL01", name="Planning")]


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _downloaded(client, kind, extension):
    response = client.get(f"/indicators/import/{kind}/template.{extension}")
    assert response.status_code == 200
    if extension == "xlsx":
        return [list(row) for row in load_workbook(io.BytesIO(response.data)).active.values]
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def _file(rows, extension):
    if extension == "xlsx":
        return import_files.xlsx(rows), "template.xlsx"
    return import_files.csv_bytes(rows), "template.csv"


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["scores", "targets"])
def test_a_template_uploaded_as_downloaded_says_nothing_was_typed(client, officer, register, kind, extension):
    rows = _downloaded(client, kind, extension)
    assert [row[0] for row in rows[1:]] == ["HR03", "PL01", "WR01"]
    response = upload(client, kind, *_file(rows, extension))
    assert response.status_code == 422
    text = _text(response)
    if kind == "scores":
        assert "No row has a score to import: type the period end and the score beside each PI that has one" in text
    else:
        assert "No row has a target to import: type the target beside each PI that has one" in text
    assert "Enter the period end" not in text and "Enter the score" not in text and "Enter the target" not in text


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_a_score_template_with_one_row_filled_in_imports_that_row(client, officer, register, extension):
    rows = _downloaded(client, "scores", extension)
    rows[3][2:4] = ["31/10/2026", "88"]  # WR01
    response = upload(client, "scores", *_file(rows, extension))
    assert response.status_code == 200, _text(response)
    text = _text(response)
    assert "1 row: 1 new" in text
    assert "2 rows were skipped: nothing was typed in them beyond the PI, as the template fills in." in text
    assert confirm(client, "scores", text).status_code == 302
    assert Score.get(Score.indicator == register[0], Score.period_end == date(2026, 10, 31)).value == Decimal(88)
    assert Score.select().where(Score.indicator.in_([pi.id for pi in register[1:]])).count() == 0


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_a_target_template_with_one_row_filled_in_imports_that_row(client, officer, register, extension):
    rows = _downloaded(client, "targets", extension)
    rows[1][3], rows[1][5] = "4.5", "Half a day better"  # HR03, this year as the template fills it in
    response = upload(client, "targets", *_file(rows, extension))
    assert response.status_code == 200, _text(response)
    text = _text(response)
    assert "1 row: 1 new" in text
    assert "2 rows were skipped: nothing was typed in them beyond the PI and the financial year" in text
    assert confirm(client, "targets", text).status_code == 302
    target = Target.get(Target.indicator == register[1])
    assert (target.financial_year, target.value, target.rationale) == (
        financial_year(date.today()),
        Decimal("4.5"),
        "Half a day better",
    )


def test_a_row_with_something_typed_beyond_the_pi_is_still_checked(client, officer, register):
    rows = _downloaded(client, "scores", "csv")
    rows[3][4] = "Figures late this month"  # a note, but no period end or score
    response = upload(client, "scores", *_file(rows, "csv"))
    assert response.status_code == 422
    text = _text(response)
    assert "Row 4, column C Period end: Enter the period end" in text
    assert "Row 4, column D Score: Enter the score" in text


def test_the_command_line_says_how_many_rows_were_skipped(app, client, officer, register, tmp_path):
    rows = _downloaded(client, "scores", "csv")
    rows[3][2:4] = ["31/10/2026", "88"]
    path = tmp_path / "scores.csv"
    path.write_bytes(_file(rows, "csv")[0])
    result = app.test_cli_runner().invoke(args=["import-scores", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would import 1 row(s): 1 new, 0 corrections, 0 unchanged; 2 row(s) with nothing typed beyond the" in (
        result.output
    )
