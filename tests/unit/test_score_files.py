"""The rules of a score or target file's headings and rows (webapp/domain/score_files.py), with plain values."""

from datetime import date
from decimal import Decimal

from webapp.domain.periods import Frequency
from webapp.domain.rating import Polarity, ToleranceKind
from webapp.domain.score_files import Kind, Pi, Sheet, check_file
from webapp.domain.sheet_cells import SheetCell
from webapp.domain.units import Unit

TODAY = date(2026, 11, 30)
PIS = {
    "WR01": Pi(
        1,
        "WR01",
        "Waste",
        Unit.PERCENT,
        Frequency.MONTHLY,
        Polarity.HIGHER_IS_BETTER,
        1,
        Decimal(10),
        ToleranceKind.RELATIVE,
    )
}


def _sheet(*rows):
    return Sheet([(number, [SheetCell(value) for value in row]) for number, row in enumerate(rows, 1)])


def test_a_column_named_twice_stops_the_file():
    check = check_file(
        _sheet(["PI code", "Period end", "Score", "score"], ["WR01", "31/10/2026", "80", "81"]), Kind.SCORES, PIS, TODAY
    )
    assert check.problems == [
        'Columns C and D both name the Score column ("Score" and "score"): keep one and upload the file again'
    ]
    assert check.lines == []


def test_rows_of_only_what_the_template_fills_in_are_skipped_and_counted():
    sheet = _sheet(
        ["PI code", "PI name", "Financial year", "Target", "Stretch target", "Rationale"],
        ["WR01", "Waste", "2026/27", "", "", ""],
        ["WR01", "Waste", "2027/28", "92", "", "Plan"],
        ["WR02", "Other", "2026/27", None, None, None],
    )
    check = check_file(sheet, Kind.TARGETS, PIS, TODAY)
    assert (check.skipped, [line.row for line in check.lines], check.problems) == (2, [3], [])
    assert check.lines[0].value == Decimal(92) and not check.lines[0].errors


def test_a_file_of_only_skipped_rows_says_there_is_nothing_to_import():
    check = check_file(_sheet(["PI code", "Period end", "Score"], ["WR01", "", ""]), Kind.SCORES, PIS, TODAY)
    assert check.problems == [
        "No row has a score to import: type the period end and the score beside each PI that has one"
    ]
    assert check.skipped == 1
