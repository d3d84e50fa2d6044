"""One spreadsheet cell read as the value it stands for (webapp/domain/sheet_cells.py, docs/score-imports.md)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from webapp.domain.sheet_cells import (
    ECHOED_CHARACTERS,
    EPOCH_1904,
    CellProblem,
    SheetCell,
    brief,
    date_of,
    financial_year_of,
    is_blank,
    number_of,
    shown,
    text_of,
)


@pytest.mark.parametrize(
    "value, percent, percent_unit, expected",
    [
        (0.875, True, True, "87.5"),  # a percentage PI's cell formatted as %
        (0.875, True, False, "0.875"),  # another unit: the cell's own value
        (87.5, False, True, "87.5"),
        (0.1 + 0.2, False, False, "0.3"),  # Excel's binary fraction, kept to 6 places
        (12, False, False, "12"),
        (1e20, False, False, "100000000000000000000"),
        (-0.0, False, False, "0"),
        (Decimal("1.50"), False, False, "1.5"),
        ("1,234.5", False, False, "1234.5"),
        (" 87.5% ", False, True, "87.5"),
        ("£18,000", False, False, "18000"),
        ("1\u00a0234", False, False, "1234"),
        ("-12.25", False, False, "-12.25"),
    ],
)
def test_numbers_as_excel_keeps_them_and_as_people_type_them(value, percent, percent_unit, expected):
    assert number_of(SheetCell(value, percent=percent), percent_unit, "Score") == Decimal(expected)


@pytest.mark.parametrize(
    "value, message",
    [
        ("87,5", "commas only between thousands"),
        ("1,23,456", "commas only between thousands"),
        ("eighty", "must be a number"),
        ("1_000", "Score must be a number$"),  # Python's Decimal() reads it as 1000
        ("\uff15\uff10", "Score must be a number$"),  # full-width 50
        ("\u0665\u0660", "Score must be a number$"),  # Arabic-Indic 50
        ("\uff11,\uff10\uff10\uff10", "commas only between thousands"),  # full-width 1,000
        ("NaN", "must be a number"),
        ("Infinity", "must be a number"),
        ("0.1234567", "6 decimal places or fewer"),
        (True, "must be a number"),
        (datetime(2026, 3, 31), "must be a number"),
        (float("nan"), "must be a number"),
    ],
)
def test_what_is_not_a_number(value, message):
    with pytest.raises(CellProblem, match=message):
        number_of(SheetCell(value), False, "Score")


@pytest.mark.parametrize("value", ["1e999", "1e309", 1e308, 10**50])
def test_a_number_past_any_range_is_left_for_its_column_to_refuse_in_the_forms_words(value):
    number = number_of(SheetCell(value), False, "Score")
    assert number == Decimal(str(value)) and number.adjusted() > 40  # never expanded to its hundreds of digits


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime(2026, 3, 31, 0, 0), date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 3, 31)),
        (46112, date(2026, 3, 31)),  # Excel's serial number
        (46112.0, date(2026, 3, 31)),
        ("31/03/2026", date(2026, 3, 31)),
        ("1/4/2026", date(2026, 4, 1)),  # day first
        ("2026-03-31", date(2026, 3, 31)),
        ("31 March 2026", date(2026, 3, 31)),
        ("31 Mar 2026", date(2026, 3, 31)),
        ("30-Sept-2026", date(2026, 9, 30)),
    ],
)
def test_dates(value, expected):
    assert date_of(SheetCell(value), "Period end") == expected


def test_a_serial_number_in_the_1904_date_system():
    assert date_of(SheetCell(44650), "Period end", EPOCH_1904) == date(2026, 3, 31)


@pytest.mark.parametrize(
    "value, message",
    [
        ("31/02/2026", "must be a date"),
        ("March 2026", "must be a date"),
        (46112.5, "must be a date"),
        (1, "between 1900 and 2100"),  # 31 December 1899
        ("31/12/2101", "between 1900 and 2100"),
        ("0001-01-01", "between 1900 and 2100"),
        (10**9, "between 1900 and 2100"),
    ],
)
def test_what_is_not_a_date(value, message):
    with pytest.raises(CellProblem, match=message):
        date_of(SheetCell(value), "Period end")


@pytest.mark.parametrize("value", [2026, 2026.0, "2026", "2026/27", "2026-27", "2026-2027", " 2026 / 27 "])
def test_financial_years(value):
    assert financial_year_of(SheetCell(value), "Financial year") == 2026


@pytest.mark.parametrize(
    "value, message",
    [("2026/28", "two years in a row"), ("26/27", "a financial year"), (2150, "between 1900"), (2026.5, "a financial")],
)
def test_what_is_not_a_financial_year(value, message):
    with pytest.raises(CellProblem, match=message):
        financial_year_of(SheetCell(value), "Financial year")


def test_a_formula_never_calculated_is_neither_blank_nor_a_value():
    cell = SheetCell(None, formula_without_value=True)
    assert not is_blank(cell)
    assert shown(cell) == "(a formula)"
    with pytest.raises(CellProblem, match="formula with no saved value"):
        number_of(cell, False, "Score")


def test_text_is_cleaned_as_the_forms_clean_it():
    assert text_of(SheetCell(" a\x0bb\x07 \u202ec "), multiline=True) == "a\nb c"
    assert text_of(SheetCell(" a\nb "), multiline=False) == "a b"
    assert is_blank(SheetCell(" \x07 "))
    assert shown(SheetCell(0.875, percent=True)) == "87.5%"


@pytest.mark.parametrize(
    "cell, expected",
    [
        (SheetCell(1e308), "1E+308"),
        (SheetCell(-1.5e300), "-1.5E+300"),
        (SheetCell(10**25), "1E+25"),
        (SheetCell(123456789012345678), "123456789012345678"),
        (SheetCell(0.875, percent=True), "87.5%"),
        (SheetCell("x" * 40_000), "x" * ECHOED_CHARACTERS + "…"),
        (SheetCell("a\x07" * 300), "a" * ECHOED_CHARACTERS + "…"),
        (SheetCell("short"), "short"),
    ],
)
def test_a_cell_is_repeated_briefly_beside_its_error(cell, expected):
    assert shown(cell) == expected


def test_brief_keeps_short_text_and_shortens_long_text():
    assert brief("x" * ECHOED_CHARACTERS) == "x" * ECHOED_CHARACTERS
    assert brief("word " * 50) == ("word " * 20).rstrip() + "…"
