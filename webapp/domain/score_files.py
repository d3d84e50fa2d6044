"""The rules of a score or target file (docs/score-imports.md): which columns it has and what each row
must hold; what applying it would change against what is saved is webapp/domain/file_changes.py.

Pure: cells in (webapp/domain/sheet_cells.py reads each), clean values or errors by row and column out.
The PIs named are given as plain values by webapp/indicators/score_imports.py, which reads them in one query.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from .dates import uk_date
from .periods import Frequency, financial_year_label, is_period_end, latest_period_end
from .rating import Polarity, Rag, ToleranceKind
from .sheet_cells import (
    EPOCH_1900,
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
from .target_rules import RATIONALE_LENGTH, stretch_problem
from .units import Unit, range_text, value_range

# Rows in one file: a month of every PI is a few hundred, ten years of a large register tens of
# thousands; past this, split the file. (The bytes are capped too: MAX_IMPORT_BYTES.)
MAX_ROWS = 50_000
# Columns read from each row: the template has seven; anything further right is never looked at.
MAX_COLUMNS = 30
NOTE_LENGTH = 1_000  # as the PI page's score form (forms/indicators.py)
PERIOD_END_RULES = {
    Frequency.MONTHLY: "Period end must be the last day of a month",
    Frequency.QUARTERLY: "Period end must be the end of a quarter: 30 June, 30 September, 31 December or 31 March",
    Frequency.ANNUAL: "Period end must be 31 March, the end of a financial year",
}


class Kind(Enum):
    SCORES = "scores"
    TARGETS = "targets"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    required: bool
    names: tuple[str, ...] = ()  # other headings that mean the same


SCORE_COLUMNS = (
    Column("code", "PI code", True, ("code", "pi", "indicator code")),
    Column("name", "PI name", False, ("name", "indicator", "indicator name")),
    Column("period_end", "Period end", True, ("period", "period ending", "date")),
    Column("value", "Score", True, ("value", "actual", "result")),
    Column("note", "Note", False, ("notes", "comment", "comments")),
)
TARGET_COLUMNS = (
    Column("code", "PI code", True, ("code", "pi", "indicator code")),
    Column("name", "PI name", False, ("name", "indicator", "indicator name")),
    Column("financial_year", "Financial year", True, ("year", "fy")),
    Column("value", "Target", True, ("value", "target value")),
    Column("stretch_value", "Stretch target", False, ("stretch",)),
    Column("rationale", "Rationale", False, ()),
    Column("reason", "Reason for the change", False, ("reason",)),
)
COLUMNS = {Kind.SCORES: SCORE_COLUMNS, Kind.TARGETS: TARGET_COLUMNS}
# What the template fills in for each PI (webapp/indicators/sheets.template_rows): a row with nothing else is one
# the officer left blank, and is skipped (docs/score-imports.md#the-files).
PREFILLED = {Kind.SCORES: frozenset({"code", "name"}), Kind.TARGETS: frozenset({"code", "name", "financial_year"})}


@dataclass(slots=True)
class Pi:
    """What the rules need of a PI named in a file."""

    id: int
    code: str
    name: str
    unit: Unit
    frequency: Frequency
    polarity: Polarity
    decimal_places: int
    tolerance: Decimal
    tolerance_kind: ToleranceKind


@dataclass(frozen=True, slots=True)
class Sheet:
    """A file's rows as read: (row number as the spreadsheet numbers it, cells), blank rows left out."""

    rows: Sequence[tuple[int, Sequence[SheetCell]]]
    epoch: date = EPOCH_1900


@dataclass(frozen=True, slots=True)
class RowError:
    column: str  # "C Period end", or "" for the whole row
    typed: str
    message: str


class Action(Enum):
    NEW = "New"
    CORRECTION = "Correction"
    UNCHANGED = "No change"


@dataclass(slots=True)
class Line:
    """One row of the file: what was typed, what it reads as, and what applying it would do."""

    row: int
    code: str
    pi: Pi | None = None
    period_end: date | None = None  # scores
    financial_year: int | None = None  # targets
    value: Decimal | None = None
    stretch_value: Decimal | None = None  # the saved one when the cell is blank: see stretch_kept
    note: str = ""
    rationale: str = ""
    reason: str = ""
    errors: list[RowError] = field(default_factory=list)
    action: Action = Action.NEW
    previous: Decimal | None = None  # the saved score or target this replaces
    previous_stretch: Decimal | None = None  # the saved stretch target, of a target row
    stretch_typed: bool = False  # a stretch target was typed; else the saved one is kept
    stretch_kept: bool = False  # the saved stretch target is kept, its cell blank or its column missing
    rationale_kept: bool = False  # the saved rationale is kept, its cell blank or its column missing
    target: Decimal | None = None  # the target a score is rated against
    rag: Rag | None = None

    @property
    def key(self) -> tuple[int, date | int | None]:
        return (self.pi.id if self.pi else 0, self.period_end if self.period_end else self.financial_year)


@dataclass(slots=True)
class FileCheck:
    kind: Kind
    lines: list[Line]
    problems: list[str]  # what stops the whole file being read (a missing column)
    columns: dict[str, str] = field(default_factory=dict)  # each column's name in errors: "C Period end"
    skipped: int = 0  # rows with nothing typed beyond what the template fills in: the PI (and the year)

    @property
    def error_count(self) -> int:
        return len(self.problems) + sum(len(line.errors) for line in self.lines)

    @property
    def changes(self) -> list[Line]:
        return [line for line in self.lines if line.action is not Action.UNCHANGED]

    def fingerprint(self) -> list[str]:
        """What applying the file would write, in words: a confirm is refused if this changed since the preview."""
        return [
            f"{line.row}|{line.key}|{line.value}|{line.stretch_value}|{line.note}|{line.rationale}|"
            f"{line.reason}|{line.action.name}|{line.previous}"
            for line in self.lines
        ]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def _heading(text: str) -> str:
    return " ".join(_NOT_LETTERS.sub(" ", text.lower()).split())


def find_columns(header: Sequence[SheetCell], kind: Kind) -> tuple[dict[str, int], list[str]]:
    """({column key: index}, problems) from the heading row; headings are matched whatever their case."""
    wanted: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for name in (column.label, column.key.replace("_", " "), *column.names):
            wanted.setdefault(_heading(name), column.key)
    found: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header[:MAX_COLUMNS]):
        key = wanted.get(_heading(text_of(cell)))
        if key is None:
            continue
        if key in found:
            # Which of the two would be read is a guess the officer would not see: neither is.
            first, again = column_letter(found[key]), column_letter(index)
            problems.append(
                f"Columns {first} and {again} both name the {_label(kind, key)} column "
                f'("{brief(text_of(header[found[key]]))}" and "{brief(text_of(cell))}"): keep one and upload the '
                "file again"
            )
            continue
        found[key] = index
    missing = [column.label for column in COLUMNS[kind] if column.required and column.key not in found]
    if missing:
        problems.append(
            f"The first row must name the columns: no {', '.join(missing)} column was found. "
            "Download the template to see the headings"
        )
    return found, problems


def check_file(sheet: Sheet, kind: Kind, pis: Mapping[str, Pi], today: date) -> FileCheck:
    """Every row read and checked on its own and against the rows before it; nothing from the database
    but the PIs named (by code, in capitals)."""
    if not sheet.rows:
        return FileCheck(kind, [], ["The file has no rows: download the template and fill it in"])
    header_row, header = sheet.rows[0]
    columns, problems = find_columns(header, kind)
    if problems:
        return FileCheck(kind, [], problems)
    if len(sheet.rows) - 1 > MAX_ROWS:
        return FileCheck(kind, [], [f"A file can have at most {MAX_ROWS:,} rows: split it into smaller files"])
    if len(sheet.rows) == 1:
        return FileCheck(kind, [], [f"The file has no rows below its headings (row {header_row})"])
    labels = {key: f"{column_letter(index)} {_label(kind, key)}" for key, index in columns.items()}
    check = _check_score if kind is Kind.SCORES else _check_target
    typed_in = [index for key, index in columns.items() if key not in PREFILLED[kind]]
    lines = []
    skipped = 0
    first_row: dict[tuple[int, date | int | None], int] = {}
    for number, cells in sheet.rows[1:]:
        if all(index >= len(cells) or is_blank(cells[index]) for index in typed_in):
            skipped += 1  # a template's row left as it came
            continue
        cell = {key: cells[index] if index < len(cells) else SheetCell() for key, index in columns.items()}
        line = Line(row=number, code=text_of(cell["code"]).upper())
        _check_code(line, cell["code"], labels["code"], pis)
        check(line, cell, labels, sheet.epoch, today)
        _check_repeat(line, first_row, kind, labels)
        lines.append(line)
    if not lines:
        return FileCheck(kind, [], [NOTHING_TYPED[kind]], labels, skipped)
    return FileCheck(kind, lines, [], labels, skipped)


NOTHING_TYPED = {
    Kind.SCORES: "No row has a score to import: type the period end and the score beside each PI that has one",
    Kind.TARGETS: "No row has a target to import: type the target beside each PI that has one",
}


def _label(kind: Kind, key: str) -> str:
    return next(column.label for column in COLUMNS[kind] if column.key == key)


def _check_code(line: Line, cell: SheetCell, label: str, pis: Mapping[str, Pi]) -> None:
    if not line.code:
        line.errors.append(RowError(label, "", "Enter the PI code"))
        return
    line.pi = pis.get(line.code)
    if line.pi is None:
        line.errors.append(RowError(label, shown(cell), f"No PI has the code {brief(line.code)}"))


def _number(line: Line, cell: SheetCell, label: str, what: str, required: bool) -> Decimal | None:
    if is_blank(cell):
        if required:
            line.errors.append(RowError(label, "", f"Enter the {what.lower()}"))
        return None
    unit = line.pi.unit if line.pi else None
    try:
        number = number_of(cell, unit is Unit.PERCENT, what)
    except CellProblem as problem:
        line.errors.append(RowError(label, shown(cell), str(problem)))
        return None
    lowest, highest = value_range(unit)
    if not lowest <= number <= highest:
        line.errors.append(RowError(label, shown(cell), f"{what} must be {range_text(lowest, highest)}"))
        return None
    return number


def _text(line: Line, cell: SheetCell | None, label: str, what: str, limit: int) -> str:
    if cell is None:
        return ""
    text = text_of(cell, multiline=True)
    if len(text) > limit:
        line.errors.append(RowError(label, shown(cell), f"{what} must be {limit:,} characters or fewer"))
        return ""
    return text


def _check_score(line: Line, cell: dict[str, SheetCell], labels: dict[str, str], epoch: date, today: date) -> None:
    label = labels["period_end"]
    if is_blank(cell["period_end"]):
        line.errors.append(RowError(label, "", "Enter the period end"))
    else:
        try:
            line.period_end = date_of(cell["period_end"], "Period end", epoch)
        except CellProblem as problem:
            line.errors.append(RowError(label, shown(cell["period_end"]), str(problem)))
    if line.period_end is not None and line.pi is not None:
        frequency = line.pi.frequency
        if not is_period_end(line.period_end, frequency):
            line.errors.append(RowError(label, uk_date(line.period_end), PERIOD_END_RULES[frequency]))
        elif line.period_end > today:
            latest = uk_date(latest_period_end(frequency, today))
            message = f"Period end must not be in the future: the latest is {latest}"
            line.errors.append(RowError(label, uk_date(line.period_end), message))
    line.value = _number(line, cell["value"], labels["value"], "Score", required=True)
    line.note = _text(line, cell.get("note"), labels.get("note", ""), "Note", NOTE_LENGTH)


def _check_target(line: Line, cell: dict[str, SheetCell], labels: dict[str, str], epoch: date, today: date) -> None:
    label = labels["financial_year"]
    if is_blank(cell["financial_year"]):
        line.errors.append(RowError(label, "", "Enter the financial year"))
    else:
        try:
            line.financial_year = financial_year_of(cell["financial_year"], "Financial year")
        except CellProblem as problem:
            line.errors.append(RowError(label, shown(cell["financial_year"]), str(problem)))
    line.value = _number(line, cell["value"], labels["value"], "Target", required=True)
    if "stretch_value" in cell and not is_blank(cell["stretch_value"]):
        line.stretch_typed = True  # else the saved stretch target is kept (settle_targets), as a blank note is
        stretch = _number(line, cell["stretch_value"], labels["stretch_value"], "Stretch target", required=False)
        line.stretch_value = stretch
        message = None
        if stretch is not None and line.value is not None and line.pi is not None:
            message = stretch_problem(stretch, line.value, line.pi.polarity)
        if message:
            line.errors.append(RowError(labels["stretch_value"], shown(cell["stretch_value"]), message))
    line.rationale = _text(line, cell.get("rationale"), labels.get("rationale", ""), "Rationale", RATIONALE_LENGTH)
    line.reason = _text(line, cell.get("reason"), labels.get("reason", ""), "Reason", RATIONALE_LENGTH)


def _check_repeat(
    line: Line, first_row: dict[tuple[int, date | int | None], int], kind: Kind, labels: dict[str, str]
) -> None:
    when = line.period_end if kind is Kind.SCORES else line.financial_year
    if line.pi is None or when is None:
        return
    earlier = first_row.setdefault(line.key, line.row)
    if earlier != line.row:
        label = labels["period_end" if kind is Kind.SCORES else "financial_year"]
        what = uk_date(when) if isinstance(when, date) else financial_year_label(when)
        message = f"Row {earlier} already has {line.pi.code} for {what}: each may appear once"
        line.errors.append(RowError(label, what, message))
