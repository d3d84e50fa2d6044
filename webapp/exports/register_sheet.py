"""The PI register as a spreadsheet (docs/rating.md#downloading-the-register): every PI the list's filters select,
with its latest score, target, RAG rating and directions of travel, as CSV or as an Excel workbook.

Pure: it takes plain lines, read by the register's read model. Text that a spreadsheet would take for a
formula (a cell starting with =, +, -, @, a tab or a carriage return) is written as text: in CSV behind
an apostrophe, in the workbook as a text cell marked to stay text, so that opening the file never runs
what someone typed as a PI's name. Numbers are kept exact: the CSV writes every digit, the workbook a number
shown to the PI's decimal places.

openpyxl is imported when a workbook is first made, not with the app, as Pillow is for the Word chart: a
worker that never makes one never holds it (docs/quality.md#speed-budgets).
"""

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

from webapp.domain.units import plain_number

HEADINGS = (
    "Code",
    "Name",
    "Service",
    "Level",
    "Frequency",
    "Unit",
    "Polarity",
    "Active",
    "Latest period end",
    "Latest score",
    "Target",
    "Target financial year",
    "RAG rating",
    "Against previous period",
    "Against 12 months earlier",
)
WIDTHS = (12, 50, 30, 14, 12, 14, 18, 8, 16, 14, 14, 12, 12, 16, 16)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE = "Performance indicators"


@dataclass(frozen=True, slots=True)
class RegisterLine:
    """One PI as the download shows it: words as the register's pages say them."""

    code: str
    name: str
    service: str
    level: str
    frequency: str
    unit: str
    polarity: str
    active: bool
    period_end: date | None
    score: Decimal | None
    decimal_places: int
    target: Decimal | None
    target_year: str
    rag: str
    trend: str
    trend_year: str


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would read as a formula, or run as one once edited."""
    return text.startswith(FORMULA_STARTS)


def as_csv_text(text: str) -> str:
    """Text for a CSV cell: an apostrophe before anything a spreadsheet would take for a formula."""
    return f"'{text}" if is_formula_like(text) else text


def _words(line: RegisterLine) -> list[str]:
    return [line.code, line.name, line.service, line.level, line.frequency, line.unit, line.polarity]


def _after(line: RegisterLine) -> list[str]:
    return [line.target_year, line.rag, line.trend, line.trend_year]


def register_csv(lines: Sequence[RegisterLine]) -> str:
    """The register as CSV text, starting with a byte order mark so that Excel reads £ and accents."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for line in lines:
        writer.writerow(
            [as_csv_text(word) for word in _words(line)]
            + [
                "Yes" if line.active else "No",
                line.period_end.isoformat() if line.period_end else "",
                "" if line.score is None else plain_number(line.score),
                "" if line.target is None else plain_number(line.target),
            ]
            + [as_csv_text(word) for word in _after(line)]
        )
    return "\ufeff" + buffer.getvalue()


def number_format(places: int) -> str:
    """An Excel number format with thousands separators and `places` decimal places."""
    return "#,##0" + ("." + "0" * places if places > 0 else "")


def register_xlsx(lines: Sequence[RegisterLine]) -> bytes:
    """The register as an Excel workbook (.xlsx): one sheet, headings in bold and frozen, filters on."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADINGS))}{len(lines) + 1}"
    bold = Font(bold=True)

    def text(value: str, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever it starts with
        if is_formula_like(value):
            cell.quotePrefix = True  # and Excel keeps it as text when it is edited
        if font is not None:
            cell.font = font
        return cell

    def number(value: Decimal | None, places: int) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format(places)
        return cell

    def day(value: date | None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell

    sheet.append([text(heading, bold) for heading in HEADINGS])
    for line in lines:
        sheet.append(
            [text(word) for word in _words(line)]
            + [
                text("Yes" if line.active else "No"),
                day(line.period_end),
                number(line.score, line.decimal_places),
                number(line.target, line.decimal_places),
            ]
            + [text(word) for word in _after(line)]
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
