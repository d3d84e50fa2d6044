"""Reading one spreadsheet cell as the value it stands for (docs/score-imports.md#how-cells-are-read).

Pure: the file readers (webapp/indicators/sheets.py) hand over what openpyxl or the csv module gives,
and these rules turn it into a number, a date, a financial year or cleaned text, or say why not.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from .dates import MONTH_NAMES, uk_date
from .limits import DATE_RANGE_TEXT, EARLIEST_DATE, LATEST_DATE, date_in_range
from .text import clean_text
from .typed_numbers import NOT_A_NUMBER, UnreadableNumber, typed_number
from .units import MAX_DECIMAL_PLACES, exact_number, plain_number

CellValue = str | int | float | Decimal | date | datetime | time | bool | None

# Day 0 of Excel's two date systems: serial 1 is 1 January 1900 (counting Excel's 29 February 1900,
# which never was, so from March 1900 the count starts on 30 December 1899) or 2 January 1904.
EPOCH_1900 = date(1899, 12, 30)
EPOCH_1904 = date(1904, 1, 1)

# The most characters a cell may hold: Excel's own limit. No column takes more than 2,000 (a rationale), so a longer
# cell is refused as the file is read (webapp/indicators/sheets.py), before a page repeats or a rule cleans it.
MAX_CELL_CHARACTERS = 32_767
# What was typed is repeated beside an error and in the preview's table up to this many characters, then "…".
ECHOED_CHARACTERS = 100
# A number of more digits than this is shown as Excel shows it, 1E+308, not as its 309 digits.
_SHOWN_DIGITS = 20
# Powers of ten past anything a council records, as webapp/domain/units.py says.
_BEYOND_ANY_VALUE = 40


@dataclass(frozen=True, slots=True)
class SheetCell:
    """A cell as the file holds it: its value, and whether it is formatted as a percentage (XLSX),
    so that 0.875 shown as 87.5% reads as 87.5 for a percentage PI."""

    value: CellValue = None
    percent: bool = False
    formula_without_value: bool = False


class CellProblem(ValueError):
    """Why a cell cannot be read; its message is shown beside the row and column."""


def is_blank(cell: SheetCell) -> bool:
    if cell.formula_without_value:
        return False
    value = cell.value
    return value is None or (isinstance(value, str) and not clean_text(value, multiline=False))


def brief(text: str) -> str:
    """`text` as a page or the command line repeats it: its first ECHOED_CHARACTERS characters, then "…"."""
    return text if len(text) <= ECHOED_CHARACTERS else text[:ECHOED_CHARACTERS].rstrip() + "…"


def shown(cell: SheetCell) -> str:
    """What the cell shows, as the preview repeats it beside an error: never more than ECHOED_CHARACTERS."""
    value = cell.value
    if cell.formula_without_value:
        return "(a formula)"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return uk_date(value.date()) if value.time() == time() else f"{uk_date(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, int | float | Decimal):
        try:
            number = exact_number(value)
        except (ValueError, ArithmeticError):
            return str(value)
        if cell.percent:
            number = number.scaleb(2)
        written = plain_number(number) if abs(number.adjusted()) <= _SHOWN_DIGITS else f"{number.normalize():E}"
        return f"{written}%" if cell.percent else written
    # Cleaned only as far as it is shown: a cell may hold 32,767 characters.
    return brief(clean_text(value[: ECHOED_CHARACTERS * 4], multiline=False))


def text_of(cell: SheetCell, multiline: bool = False) -> str:
    """Text cleaned as the forms clean it (webapp/domain/text.py); a number or date as it is shown."""
    value = cell.value
    if isinstance(value, str):
        if value.isascii() and value.isprintable():
            return value.strip()  # nothing to clean: most cells, read quickly (a file may have 50,000 rows)
        return clean_text(value, multiline=multiline)
    return shown(cell) if value is not None else ""


def number_of(cell: SheetCell, percent_unit: bool, label: str) -> Decimal:
    """The number in a cell: a number as Excel keeps it (a percentage-formatted cell of a percentage
    PI ×100), or text as people type it ("1,234.5", "87.5%", "£18,000"). Commas only as thousands
    separators: "87,5" is refused rather than read as 875."""
    value = cell.value
    if cell.formula_without_value:
        raise CellProblem(f"{label} is a formula with no saved value: open the file in Excel and save it again")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise CellProblem(f"{label} must be a number")
    if isinstance(value, str):
        return _number_from_text(value, label)
    # A cell holds at most 17 significant digits: a Decimal from its shortest repr keeps every one.
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise CellProblem(f"{label} must be a number")
    if number.adjusted() > _BEYOND_ANY_VALUE:
        return number  # 1e308: left as it is for the column's range to refuse, as the forms refuse it
    if number.adjusted() < -_BEYOND_ANY_VALUE:
        raise CellProblem(f"{label} must be a number")
    if cell.percent and percent_unit:
        number = number.scaleb(2)
    if cast(int, number.as_tuple().exponent) < -MAX_DECIMAL_PLACES:
        # Excel keeps binary fractions (0.1 + 0.2 is 0.30000000000000004): what it computed is kept to
        # the places the register keeps (docs/rating.md#units-and-values).
        number = number.quantize(_SMALLEST, rounding=ROUND_HALF_UP)
    return _tidy(number)


_SMALLEST = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)


def _tidy(number: Decimal) -> Decimal:
    """As units.exact_number writes a number (no trailing zeros, no exponent), quicker for a cell's few digits."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def _number_from_text(text: str, label: str) -> Decimal:
    """Text read as the forms read a number typed into them (webapp/domain/typed_numbers.py)."""
    try:
        number = typed_number(text)
    except UnreadableNumber as problem:
        raise CellProblem(f"{label} {problem}") from None
    if number is None:  # only a £ or a %
        raise CellProblem(f"{label} {NOT_A_NUMBER}")
    return number  # its size is the column's to check (score_files._number), in the forms' words


_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)} | {
    name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)
}
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?[ -](\d{4})$")


def date_of(cell: SheetCell, label: str, epoch: date = EPOCH_1900) -> date:
    """The date in a cell: a date cell, an Excel serial number (46112 is 31 March 2026), or text as
    31/03/2026 (day first, as the council writes it), 2026-03-31 or 31 March 2026. Between 1900 and 2100."""
    value = cell.value
    if cell.formula_without_value:
        raise CellProblem(f"{label} is a formula with no saved value: open the file in Excel and save it again")
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        day = _serial_date(value, label, epoch)
    elif isinstance(value, str):
        day = _date_from_text(value, label)
    else:
        raise CellProblem(f"{label} must be a date, for example 31/03/2026")
    if not date_in_range(day):
        raise CellProblem(f"{label} must be {DATE_RANGE_TEXT}")
    return day


def _serial_date(value: int | float | Decimal, label: str, epoch: date) -> date:
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or number != number.to_integral_value():
        raise CellProblem(f"{label} must be a date, for example 31/03/2026")
    lowest = (EARLIEST_DATE - epoch).days
    highest = (LATEST_DATE - epoch).days
    if not lowest <= number <= highest:
        raise CellProblem(f"{label} must be {DATE_RANGE_TEXT}")
    return epoch + timedelta(days=int(number))


def _date_from_text(text: str, label: str) -> date:
    typed = " ".join(clean_text(text, multiline=False).lower().replace(",", " ").split())
    try:
        if found := _ISO.match(typed):
            year, month, day = (int(part) for part in found.groups())
        elif found := _SLASHED.match(typed):
            day, month, year = (int(part) for part in found.groups())
        elif (found := _WORDS.match(typed)) and found.group(2) in _MONTHS:
            day, month, year = int(found.group(1)), _MONTHS[found.group(2)], int(found.group(3))
        else:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        raise CellProblem(f"{label} must be a date, for example 31/03/2026") from None


_YEAR = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")


def financial_year_of(cell: SheetCell, label: str) -> int:
    """A financial year named by the year it starts in: 2026, "2026", "2026/27" or "2026-2027"."""
    value = cell.value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        text = plain_number(value) if not (isinstance(value, float) and value != value) else "?"
    elif isinstance(value, str):
        text = clean_text(value, multiline=False).replace(" ", "")
    else:
        raise CellProblem(f"{label} must be a financial year, for example 2026/27")
    found = _YEAR.match(text)
    if not found:
        raise CellProblem(f"{label} must be a financial year, for example 2026/27")
    year = int(found.group(1))
    if found.group(2) is not None:
        end = int(found.group(2))
        if end not in (year + 1, (year + 1) % 100):
            raise CellProblem(f"{label} must be two years in a row, for example 2026/27")
    if not EARLIEST_DATE.year <= year < LATEST_DATE.year:
        raise CellProblem(f"{label} must be {DATE_RANGE_TEXT}")
    return year
