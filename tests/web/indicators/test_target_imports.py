"""Importing targets from a spreadsheet, the command line for both kinds of file, and the statements an
import sends, which do not grow with its rows (docs/score-imports.md)."""

import html
from datetime import date
from decimal import Decimal

import pytest

from tests.querycount import count_queries
from tests.web.test_bad_values import PYTHON_ONLY_NUMBERS
from webapp.domain.periods import add_months
from webapp.domain.rating import Polarity, Rag
from webapp.domain.score_files import Kind
from webapp.domain.units import Unit
from webapp.indicators.score_imports import apply_file, preview
from webapp.models import Indicator, Score, Standing, Target

from . import import_files
from .import_files import SCORE_HEADINGS, TARGET_HEADINGS, confirm, csv_bytes, token_of, upload, xlsx

# The set-up shared with the other import tests: uploads kept in the test's own folder, the officer, the WR01 PI.
uploads_folder, officer, waste = import_files.uploads_folder, import_files.officer, import_files.waste


@pytest.fixture
def days_lost(make_indicator):
    return make_indicator(code="HR03", name="Days lost to sickness", unit=Unit.DAYS, polarity=Polarity.LOWER_IS_BETTER)


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _versions(indicator):
    query = Target.select().where(Target.indicator == indicator).order_by(Target.id)
    return [(t.financial_year, t.value, t.stretch_value, t.rationale, t.reason) for t in query]


def test_targets_are_previewed_then_each_added_as_a_new_version(client, officer, waste, days_lost):
    rows = [
        TARGET_HEADINGS + ["Reason for the change"],
        ["WR01", "", "2026/27", "80", "90", "Upper quartile", ""],  # replaces 90: 85 is then Green
        ["WR01", "", 2027, "92", "", "Stretching", "Committee agreed"],  # a year's first target has a rationale
        ["HR03", "", "2026-2027", "8.5", "7", "Half a day better", ""],
    ]
    response = upload(client, "targets", xlsx(rows), "targets.xlsx")
    assert response.status_code == 200, _text(response)
    text = _text(response)
    assert "3 rows: 2 new, 1 new version of what is saved" in text
    assert "was 90.0%" in text and "8.5 days" in text
    assert "Green" in text  # the year's latest score, 85, against the new 80
    assert confirm(client, "targets", text).status_code == 302
    assert _versions(waste) == [
        (2026, Decimal(90), None, "Upper quartile of nearest neighbours", ""),
        (2026, Decimal(80), Decimal(90), "Upper quartile", "Imported from the spreadsheet targets.xlsx"),
        (2027, Decimal(92), None, "Stretching", "Committee agreed"),
    ]
    assert Target.select().where(Target.indicator == waste).order_by(Target.id.desc()).first().set_by_id == officer.id
    assert _versions(days_lost) == [(2026, Decimal("8.5"), Decimal(7), "Half a day better", "")]
    assert Standing.get(Standing.indicator == waste).rag is Rag.GREEN


def test_target_errors_by_row_and_column(client, officer, waste, days_lost):
    rows = [
        TARGET_HEADINGS,
        ["WR01", "", "2026/28", "80", "", ""],  # not two years in a row
        ["WR01", "", "twenty", "80", "", ""],
        ["WR01", "", "2026", "80", "75", ""],  # stretch on the wrong side
        ["HR03", "", "2026", "8", "9", ""],  # lower is better
        ["HR03", "", "2026/27", "7", "", ""],  # the year again
        ["HR03", "", "2150", "40000", "", ""],  # beyond 2100; beyond the days range
    ]
    response = upload(client, "targets", csv_bytes(rows))
    assert response.status_code == 422
    text = _text(response)
    for message in [
        "Row 2, column C Financial year: Financial year must be two years in a row, for example 2026/27",
        "Row 3, column C Financial year: Financial year must be a financial year, for example 2026/27",
        "Row 4, column E Stretch target: Stretch target must be higher than the target, as higher is better",
        "Row 5, column E Stretch target: Stretch target must be lower than the target, as lower is better",
        "Row 6, column C Financial year: Row 5 already has HR03 for 2026/27: each may appear once",
        "Row 7, column C Financial year: Financial year must be between 1900 and 2100",
        "Row 7, column D Target: Target must be between -36,525 and 36,525",
    ]:
        assert message in text, message
    assert 'Column C Financial year ("twenty")' in text
    assert len(_versions(waste)) == 1 and _versions(days_lost) == []


@pytest.mark.parametrize("typed", PYTHON_ONLY_NUMBERS)
def test_a_target_only_python_reads_is_not_a_number(client, officer, waste, typed):
    response = upload(client, "targets", csv_bytes([TARGET_HEADINGS, ["WR01", "", "2026/27", "80", typed, ""]]))
    assert response.status_code == 422
    text = _text(response)
    assert "Row 2, column E Stretch target: Stretch target must be a number" in text
    assert f'Column E Stretch target ("{typed}")' in text
    assert len(_versions(waste)) == 1


# ---------------------------------------------------------------------------------------------
# The command line


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_import_scores_dry_run_prints_what_would_change_and_writes_nothing(runner, tmp_path, waste):
    path = tmp_path / "october.csv"
    path.write_bytes(csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", ""]]))
    result = runner.invoke(args=["import-scores", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would import 1 row(s): 1 new, 0 corrections, 0 unchanged (dry run: nothing written)" in result.output
    assert Score.select().where(Score.indicator == waste).count() == 1
    result = runner.invoke(args=["import-scores", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 row(s)" in result.output
    assert Score.select().where(Score.indicator == waste).count() == 2


@pytest.mark.parametrize("dry_run", [True, False])
def test_import_scores_prints_errors_by_row_and_column_and_fails(runner, tmp_path, waste, dry_run):
    path = tmp_path / "october.csv"
    path.write_bytes(
        csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", ""], ["WR02", "", "31/10/2026", "eighty", ""]])
    )
    result = runner.invoke(args=["import-scores", str(path)] + (["--dry-run"] if dry_run else []))
    assert result.exit_code == 1
    assert 'Row 3, column A PI code ("WR02"): No PI has the code WR02' in result.output
    assert 'Row 3, column D Score ("eighty"): Score must be a number' in result.output
    assert "Nothing imported: 2 error(s)" in result.output
    assert Score.select().where(Score.indicator == waste).count() == 1


def test_import_targets_on_the_command_line_names_the_user(runner, tmp_path, waste, make_user):
    user = make_user("performance", email="officer@example.org")
    path = tmp_path / "targets.xlsx"
    path.write_bytes(xlsx([TARGET_HEADINGS, ["WR01", "", "2027/28", 93, None, "Stretching"]]))
    result = runner.invoke(args=["import-targets", str(path), "--by", "officer@example.org"])
    assert result.exit_code == 0, result.output
    target = Target.get(Target.indicator == waste, Target.financial_year == 2027)
    assert (target.value, target.set_by_id) == (Decimal(93), user.id)
    result = runner.invoke(args=["import-targets", str(path), "--by", "nobody@example.org"])
    assert result.exit_code == 1 and "No user has the e-mail address" in result.output


def test_the_command_line_refuses_a_file_that_is_not_a_spreadsheet(runner, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_bytes(b"\xff\xfe\x00junk")
    result = runner.invoke(args=["import-scores", str(path)])
    assert result.exit_code == 1
    assert "Save the file as CSV UTF-8" in result.output


# ---------------------------------------------------------------------------------------------
# Statements: constant in the number of rows


def _register(count):
    """`count` monthly PIs, each with a target and a September 2026 score."""
    from webapp.models import Directorate, Service

    service = Service.create(name="Bench", directorate=Directorate.create(name="Bench"))
    Indicator.insert_many(
        [
            {
                "code": f"Q{n:04d}",
                "name": f"PI {n}",
                "service": service.id,
                "polarity": Polarity.HIGHER_IS_BETTER.value,
                "unit": "percent",
            }
            | {"frequency": "monthly", "decimal_places": 1}
            for n in range(count)
        ]
    ).execute()
    ids = [pi.id for pi in Indicator.select(Indicator.id)]
    Target.insert_many([{"indicator": i, "financial_year": 2026, "value": 90} for i in ids]).execute()
    Score.insert_many([{"indicator": i, "period_end": date(2026, 9, 30), "value": 80} for i in ids]).execute()


def _file(rows):
    lines = [SCORE_HEADINGS]
    months = [add_months(date(2026, 10, 31), -m) for m in range(10)]
    for n in range(rows):
        lines.append([f"Q{n // 10:04d}", "", months[n % 10].isoformat(), str(70 + n % 30), ""])
    return csv_bytes(lines)


def test_previewing_and_applying_a_file_sends_the_same_statements_at_10_and_1000_rows(db):
    _register(100)
    counts = []
    for rows in (10, 1000):
        data = _file(rows)
        with count_queries() as previewing:
            check = preview(data, "scores.csv", Kind.SCORES)
        assert check.error_count == 0, check.lines[0].errors
        with count_queries() as applying:
            apply_file(data, "scores.csv", Kind.SCORES, None)
        counts.append((len(previewing), len(applying)))
    assert counts[0] == counts[1], counts
    assert Score.select().count() == 1000  # 100 PIs, 10 months each (September 2026 corrected)


def test_an_import_starting_from_a_freshly_initialised_database(db, runner, tmp_path):
    assert Indicator.select().count() == 0
    path = tmp_path / "scores.csv"
    path.write_bytes(csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", ""]]))
    result = runner.invoke(args=["import-scores", str(path)])
    assert result.exit_code == 1 and "No PI has the code WR01" in result.output
    _register(1)
    path.write_bytes(csv_bytes([SCORE_HEADINGS, ["Q0000", "", "31/10/2026", "80", ""]]))
    assert runner.invoke(args=["import-scores", str(path)]).exit_code == 0
    assert Standing.get().latest_period_end == date(2026, 10, 31)


def test_an_uploaded_preview_without_errors_has_a_confirm_button(client, officer, waste):
    text = _text(upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", ""]])))
    assert token_of(text)
    assert "Import 1 score" in text
