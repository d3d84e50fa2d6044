"""Score and target files as rows of cells, and their templates (docs/score-imports.md#the-files).

XLSX is read with openpyxl (the workbook: its shared strings, styles and date system) and the worksheet's XML
streamed through the standard library's expat (formulas as their saved values); CSV with the standard csv module.
Both give webapp/domain/sheet_cells.SheetCell rows for the rules in webapp/domain/score_files.py.
"""

import csv
import functools
import io
import xml.parsers.expat
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.utils.exceptions import InvalidFileException

from webapp.domain.score_files import COLUMNS, MAX_COLUMNS, MAX_ROWS, Kind, Sheet, column_letter
from webapp.domain.sheet_cells import EPOCH_1900, EPOCH_1904, MAX_CELL_CHARACTERS, SheetCell, is_blank
from webapp.domain.target_rules import RATIONALE_LENGTH

# Rows a worksheet's XML may hold, blank ones included (a row formatted but empty is written as one): a file of a
# million empty rows stops here, not after a million. Only rows that hold a value count towards MAX_ROWS.
_MOST_ROWS_SEEN = MAX_ROWS * 3
# The workbook's parts unpacked, all together: a 50,000-row file of the template's columns unpacks to 16 MB, and reading
# XML costs about a second for every 4 MB. Past this a small file is a zip bomb, whose XML is never read (a 100 KB
# file once unpacked to one cell of 100 million characters: 12 s and 490 MB to read it).
MOST_UNPACKED_BYTES = 32 * 1024 * 1024
_TOO_MUCH_XML = (
    f"The workbook holds more than {MOST_UNPACKED_BYTES // (1024 * 1024)} MB once unpacked, more than a file of "
    f"{MAX_ROWS:,} rows needs: copy the rows to a new workbook, or save them as CSV, then upload that"
)


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
    unreadable = "The file is not a readable Excel workbook: save it again as .xlsx or .csv"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Each part's size as the archive declares it: Python's zipfile reads no more than that of any part.
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(unreadable) from None
    if unpacked > MOST_UNPACKED_BYTES:
        raise UnreadableFile(_TOO_MUCH_XML)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnreadableFile(unreadable) from None
    try:
        sheet = workbook.worksheets[0]
        columns = min(MAX_COLUMNS, sheet.max_column or MAX_COLUMNS)
        reader = _WorksheetReader(workbook, sheet._shared_strings, columns)
        with sheet._get_source() as source:
            reader.read(source)
        return Sheet(reader.rows, EPOCH_1904 if workbook.epoch.year == 1904 else EPOCH_1900)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, OverflowError, xml.parsers.expat.ExpatError):
        # a worksheet that is not XML, or a cell that is not what its type says ("A1" as a number)
        raise UnreadableFile(unreadable) from None
    finally:
        workbook.close()


class _Enough(Exception):
    """Raised inside the parser once the rows read are enough to say the file is too long."""


class _WorksheetReader:
    """The first worksheet's rows of cells, its XML streamed through expat (openpyxl reads it for the workbook's
    shared strings, styles and date system, and finds the worksheet; its own cell-by-cell reading cost a 10,000-row
    file more than a second). Each cell's value as openpyxl's reader gives it (read-only, formulas as their saved
    values: WorkSheetParser.parse_cell in openpyxl 3.1), with whether its number format is a percentage and whether
    it is a formula with no saved value. openpyxl is pinned (requirements.txt): the workbook attributes read here
    are its own (`_cell_styles`, `_date_formats`, `_timedelta_formats`, `_number_formats`, and the worksheet's
    `_shared_strings` and `_get_source`)."""

    def __init__(self, workbook, strings, columns):
        self.strings = strings
        self.epoch = workbook.epoch
        self.dates, self.durations = workbook._date_formats, workbook._timedelta_formats
        self.percent = [_number_format(workbook, style.numFmtId) for style in workbook._cell_styles]
        self.columns = columns
        self.rows = []
        self.row_number = self.column = 0
        self.rows_seen = 0  # <row> elements, blank ones included
        self.cells = []
        self.text = None  # the characters of the <v> or inline <t> being read, else None
        self.length = 0  # characters of the cell being read so far
        self.cell = None  # (type, style, column) of the cell being read
        self.value = self.inline = None
        self.formula = self.phonetic = False

    def read(self, source):
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        unpacked = 0
        try:
            while chunk := source.read(1 << 16):
                unpacked += len(chunk)
                if unpacked > MOST_UNPACKED_BYTES:
                    raise UnreadableFile(_TOO_MUCH_XML)
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Enough:
            pass
        if self.rows and len(self.rows) > MAX_ROWS + 1:
            del self.rows[MAX_ROWS + 2 :]

    def _start(self, name, attributes):
        tag = _local(name)
        if tag == "c":
            reference = attributes.get("r")
            self.column = _column_number(reference.rstrip(_DIGITS)) if reference else self.column + 1
            style = attributes.get("s")
            self.cell = (attributes.get("t", "n"), int(style) if style else 0, self.column)
            self.value = self.inline = None
            self.formula = False
            self.length = 0
        elif tag == "row":
            reference = attributes.get("r")
            self.row_number = int(float(reference)) if reference else self.row_number + 1
            self.rows_seen += 1
            if self.rows_seen > _MOST_ROWS_SEEN:
                raise UnreadableFile(
                    f"A file can have at most {MAX_ROWS:,} rows: this worksheet has more than {_MOST_ROWS_SEEN:,}, "
                    "counting rows that look blank but hold formatting. Delete the rows below the last PI, or split "
                    "the file into smaller files"
                )
            self.column = 0
            self.cells = []
        elif self.cell is not None:
            if tag == "v" or (tag == "t" and self.inline is not None and not self.phonetic):
                self.text = []
            elif tag == "f":
                self.formula = True
            elif tag == "is":
                self.inline = []
            elif tag == "rPh":
                self.phonetic = True

    def _characters(self, text):
        if self.text is not None:
            self.length += len(text)
            if self.length > MAX_CELL_CHARACTERS:  # read no further: a page would repeat it, a rule clean it
                raise UnreadableFile(too_long(self.row_number, self.cell[2] if self.cell else self.column))
            self.text.append(text)

    def _end(self, name):
        tag = _local(name)
        if tag == "v" and self.text is not None:
            self.value = "".join(self.text) or None
            self.text = None
        elif tag == "t" and self.text is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "c" and self.cell is not None:
            self._cell_read()
            self.cell = None
        elif tag == "row":
            self._row_read()

    def _cell_read(self):
        kind, style, column = self.cell
        if column > self.columns:
            return
        value = self.value
        if kind == "inlineStr":
            value = "".join(self.inline) if self.inline is not None else None
        elif value is not None:
            value = self._value(kind, style, value)
        if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:  # a shared string
            raise UnreadableFile(too_long(self.row_number, column))
        while len(self.cells) < column - 1:
            self.cells.append(_EMPTY)
        percent = self.percent[style] if style < len(self.percent) else False
        self.cells.append(SheetCell(value, percent, formula_without_value=self.formula and value is None))

    def _value(self, kind, style, text):
        if kind == "n":
            number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            if style in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # openpyxl's reading of a date past its limits
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str", a formula's text; "e", an error such as #N/A

    def _row_read(self):
        if any(not is_blank(cell) for cell in self.cells):
            self.rows.append((self.row_number, self.cells))
            if len(self.rows) > MAX_ROWS + 1:
                raise _Enough  # enough to say the file is too long
        self.cells = []


_EMPTY = SheetCell()


def _number_format(workbook, format_id):
    """Whether a cell style's number format is a percentage, as openpyxl's ReadOnlyCell.number_format reads it."""
    if format_id < BUILTIN_FORMATS_MAX_SIZE:
        number_format = BUILTIN_FORMATS.get(format_id, "General")
    else:
        number_format = workbook._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
    return "%" in (number_format or "")


_DIGITS = "0123456789"


@functools.lru_cache(maxsize=256)
def _local(name):
    """An element's name without its namespace ("{namespace} c" from expat): the few names a worksheet has."""
    return name.rpartition(" ")[2]


@functools.lru_cache(maxsize=256)
def _column_number(letters):
    """The column of a cell reference's letters, from 1: "C" (of C12) is 3."""
    number = 0
    for character in letters.upper():
        if not "A" <= character <= "Z":
            return 0
        number = number * 26 + ord(character) - 64
    return number


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("Save the file as CSV UTF-8 (or as .xlsx), then upload it") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = []
    number = 0
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            row = [SheetCell(value) for value in cells[:MAX_COLUMNS]]
            for column, value in enumerate(cells[:MAX_COLUMNS], 1):
                if len(value) > MAX_CELL_CHARACTERS:
                    raise UnreadableFile(too_long(number, column))
            if any(not is_blank(cell) for cell in row):
                rows.append((number, row))
                if len(rows) > MAX_ROWS + 1:
                    break
    except csv.Error as error:
        if "field limit" in str(error):  # Python's own cap on a cell (131,072 characters), past Excel's
            raise UnreadableFile(too_long(number + 1)) from None
        raise UnreadableFile(
            f"The CSV file cannot be read at row {number + 1}: save it again as CSV UTF-8 (or as .xlsx), then upload it"
        ) from None
    return Sheet(rows, EPOCH_1900)


def too_long(row, column=None):
    """The message for a cell longer than Excel lets a cell be, far longer than any column here takes."""
    where = f"Row {row}, column {column_letter(column - 1)}" if column else f"Row {row}"
    return (
        f"{where} holds more than {MAX_CELL_CHARACTERS:,} characters, more than a spreadsheet cell can hold "
        f"(no column here takes more than {RATIONALE_LENGTH:,}): shorten it, then upload the file again"
    )


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
