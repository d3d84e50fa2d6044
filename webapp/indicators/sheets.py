"""Score and target files as rows of cells, and their templates (docs/score-imports.md#the-files).

XLSX is read with openpyxl (read-only, streamed, formulas as their saved values) and CSV with the standard
csv module; both give webapp/domain/sheet_cells.SheetCell rows for the rules in webapp/domain/score_files.py.
"""

import csv
import io
import re
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from webapp.domain.score_files import COLUMNS, MAX_COLUMNS, MAX_ROWS, Kind, Sheet
from webapp.domain.sheet_cells import EPOCH_1900, EPOCH_1904, SheetCell, is_blank

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
# Rows looked at, blank ones included: a file of a million empty rows stops here, not after a million.
_MOST_ROWS_SEEN = MAX_ROWS * 3


class UnreadableFile(ValueError):
    """The file is not a spreadsheet this app reads; the message says what to do."""


def read_sheet(data, filename=""):
    """The first worksheet of an XLSX file, or a CSV file, as a Sheet (blank rows left out)."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile("The file is not a readable Excel workbook: save it again as .xlsx or .csv")
    if filename.lower().endswith((".xls", ".ods")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile("Save the file as an Excel workbook (.xlsx) or as CSV, then upload it")
    return _read_csv(data)


def _read_xlsx(data):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnreadableFile("The file is not a readable Excel workbook: save it again as .xlsx or .csv") from None
    try:
        sheet = workbook.worksheets[0]
        formulas = _formula_places(data)
        rows = []
        columns = min(MAX_COLUMNS, sheet.max_column or MAX_COLUMNS)
        for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=columns), 1):
            if number > _MOST_ROWS_SEEN:
                raise UnreadableFile(f"A file can have at most {MAX_ROWS:,} rows: split it into smaller files")
            row = [
                SheetCell(
                    cell.value,
                    percent="%" in (getattr(cell, "number_format", "") or ""),
                    formula_without_value=cell.value is None and (number, index) in formulas,
                )
                for index, cell in enumerate(cells)
            ]
            if any(not is_blank(cell) for cell in row):
                rows.append((number, row))
                if len(rows) > MAX_ROWS + 1:
                    break  # enough to say the file is too long
        return Sheet(rows, EPOCH_1904 if workbook.epoch.year == 1904 else EPOCH_1900)
    finally:
        workbook.close()


def _formula_places(data):
    """{(row, column index)} of the first worksheet's formulas. A formula never calculated (a file written by
    a program, not saved by Excel) has no saved value: read as one it would be blank, and is refused instead."""
    if not _FORMULA.search(_worksheets_xml(data)):
        return set()  # most files: no second reading
    found = set()
    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for number, cells in enumerate(formulas.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
            if number > _MOST_ROWS_SEEN:
                break
            found.update((number, index) for index, value in enumerate(cells) if _is_formula(value))
    finally:
        formulas.close()
    return found


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _worksheets_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(
            archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _is_formula(value):
    return isinstance(value, str) and value.startswith("=")


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("Save the file as CSV UTF-8 (or as .xlsx), then upload it") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            row = [SheetCell(value) for value in cells[:MAX_COLUMNS]]
            if any(not is_blank(cell) for cell in row):
                rows.append((number, row))
                if len(rows) > MAX_ROWS + 1:
                    break
    except csv.Error as error:
        raise UnreadableFile(f"The CSV file cannot be read: {error}") from None
    return Sheet(rows, EPOCH_1900)


def template_rows(kind, indicators, today):
    """The template's rows: the headings, then a row for each active PI to fill in."""
    headings = [column.label for column in COLUMNS[kind]]
    rows = [headings]
    for code, name in indicators:
        row = [code, name] + [""] * (len(headings) - 2)
        if kind is Kind.TARGETS:
            row[2] = _year_label(today)
        rows.append(row)
    return rows


def _year_label(today):
    year = today.year if today.month >= 4 else today.year - 1
    return f"{year}/{(year + 1) % 100:02d}"


def template_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()  # Excel opens UTF-8 as UTF-8 only with the byte order mark


def template_xlsx(rows, kind):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scores" if kind is Kind.SCORES else "Targets"
    for row in rows:
        sheet.append(row)
    for letter, width in zip("ABCDEFG", (12, 50, 16, 12, 16, 40, 40), strict=False):
        sheet.column_dimensions[letter].width = width
    date_column = "C" if kind is Kind.SCORES else None
    if date_column:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
            cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
