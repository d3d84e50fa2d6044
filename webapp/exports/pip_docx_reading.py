"""Reading a PIP written in Word, in the council's template (docs/word-import.md): the document's paragraphs
and tables, walked in order, each recognised by its heading, its label or its column headings rather than
by where it stands, so that hand-filled templates read as well as this app's own export
(webapp/exports/pip_docx.py).

`read_word_plan(data)` gives a WordPlan: what the document says, as plain values, with notes of what was
read on an assumption and of what was not read at all, and the errors that stop the plan being imported.
pip_docx_document.py then makes the pip/v1 document of it, with what the register knows. Pure: bytes in,
plain values out; no database.
"""

import re
from dataclasses import dataclass
from datetime import date

from webapp.domain.loose_dates import find_date, read_date
from webapp.domain.pips import CommentRole, Duration, FactorKind

from .docx_blocks import Block, Cell, Grid, Para, read_blocks
from .pip_docx_cells import factor_items, progress_comment, solution_items, value_and_unit
from .pip_docx_comments import comment_items, meeting_of
from .pip_docx_numbering import number_factors, number_solutions
from .pip_docx_plan import ReadComment, ReadFactor, ReadProgress, ReadSolution, Value, WordPlan, excerpt
from .pip_docx_words import (
    DETAIL_LABELS,
    DURATION_LABELS,
    FRONT_LABELS,
    ROLE_LABELS,
    Section,
    Table,
    is_nothing,
    label_of,
    normalised,
    section_of,
    table_of,
)

_AS_AT = re.compile(r"\bas\s+at\b(?:\s+date\b)?:?", re.IGNORECASE)
# What this app's export writes beside the plan, which is not part of it.
_OWN_WORDS = ("no scores recorded", "no chart", "chart ")


def read_word_plan(data: bytes) -> WordPlan:
    """The plan in a .docx file; UnreadableWord (docx_blocks) when the file is not a Word document."""
    reader = _Reader()
    for block in read_blocks(data):
        reader.block(block)
    return reader.finish()


@dataclass
class _Columns:
    """The table being read under a heading row: which table, and each heading cell's key."""

    table: Table
    headings: list[tuple[Cell, str | None]]
    rows: int = 0

    def cells_by_key(self, row: tuple[Cell, ...]) -> dict[str, list[Cell]]:
        found: dict[str, list[Cell]] = {}
        for cell in row:
            key = next((k for heading, k in self.headings if heading.covers(cell.column)), None)
            if key is None:  # a cell starting left of every heading, or right of them: the nearest heading's
                left = [(heading, k) for heading, k in self.headings if heading.column <= cell.column]
                key = (left[-1] if left else self.headings[0])[1]
            if key is not None:
                found.setdefault(key, []).append(cell)
        return found


class _Reader:
    def __init__(self) -> None:
        self.plan = WordPlan()
        self.section = Section.FRONT
        self.columns: _Columns | None = None
        self.factor_kind: FactorKind | None = None  # when the factors' section has no heading: guessed
        self.durations_seen: set[Duration] = set()
        self.paragraph_duration: Duration | None = None  # factors written as paragraphs under a label

    # ------------------------------------------------------------ blocks

    def block(self, block: Block) -> None:
        if isinstance(block, Grid):
            self.columns = None
            self.paragraph_duration = None
            for row in block.rows:
                self.row(row)
        else:
            self.paragraph(block)

    def paragraph(self, paragraph: Para) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        if self._labelled_paragraph(text):
            return
        section = section_of(text)
        if section is not None and self._is_heading(paragraph, text, section):
            # Within the completion notes, "Section 1" heads a note on Section 1; a full heading ends them.
            if self.section is not Section.NOTES or len(normalised(text).split()) > 2:
                self._enter(section)
            return
        if paragraph.heading:
            return  # a title or heading of the document's own, not part of the plan
        if self.section in (Section.EXTERNAL, Section.INTERNAL) and self._factor_paragraph(paragraph):
            return
        if self.section is Section.NOTES or normalised(text).startswith(_OWN_WORDS):
            return
        self.plan.notes.skip(self.section.title, f'"{excerpt(text)}" is not in a table of the template: not read')

    def _is_heading(self, paragraph: Para, text: str, section: Section) -> bool:
        """A line naming a section is its heading when it looks like one: a heading style, bold, capitals, or
        the section's name alone."""
        words = normalised(text)
        return (
            paragraph.heading
            or paragraph.bold
            or text.isupper()
            or words.startswith(("section", "part"))
            or len(words.split()) <= 4
            or section is Section.NOTES
        )

    def _enter(self, section: Section) -> None:
        self.section = section
        self.columns = None
        self.paragraph_duration = None
        if section in (Section.EXTERNAL, Section.INTERNAL):
            self.factor_kind = None
            self.durations_seen = set()
        self.plan.found.add(section.title)

    def _labelled_paragraph(self, text: str) -> bool:
        """ "Author: Jane Smith", "PI Code: WR01" written as a paragraph rather than in the template's table."""
        label, colon, value = text.partition(":")
        if not colon or not value.strip() or self.section is Section.NOTES:
            return False
        key = label_of(label, FRONT_LABELS)
        if key is not None and self.section is Section.FRONT:
            self._front(key, value.strip())
            return True
        key = label_of(label, DETAIL_LABELS)
        if key is not None and self.section in (Section.FRONT, Section.DETAILS):
            self._detail(key, [value.strip()])
            return True
        return False

    def _factor_paragraph(self, paragraph: Para) -> bool:
        """Factors written as paragraphs under "Temporary Factors:" rather than in the template's table."""
        label, colon, rest = paragraph.text.partition(":")
        duration = label_of(label if colon else paragraph.text, DURATION_LABELS)
        if duration is not None:
            self.paragraph_duration = Duration(duration)
            if colon and rest.strip():
                self._factors(Duration(duration), (Para(rest.strip()),))
            return True
        if self.paragraph_duration is None:
            return False
        self._factors(self.paragraph_duration, (paragraph,))
        return True

    # ------------------------------------------------------------ tables, row by row

    def row(self, row: tuple[Cell, ...]) -> None:
        filled = [cell for cell in row if cell.text and not cell.continued]
        if not filled:
            return  # an empty row, or one whose cells all carry on from the row above
        texts = {cell.text for cell in filled}
        if len(texts) == 1:
            section = section_of(filled[0].text)
            if section is not None:
                self._enter(section)
                return
        headings = table_of([cell.text for cell in row])
        if headings is not None:
            table, keys = headings
            if table is not Table.COMMENTS or self.section is Section.COMMENTS:
                self.columns = _Columns(table, list(zip(row, keys)))
                return
        comments_table = self.columns is not None and self.columns.table is Table.COMMENTS
        if not comments_table and self._label_row(row, filled):
            return  # (in Section 5's table with columns, a role in the first cell starts a data row)
        if self.columns is not None:
            if all(is_nothing(text) for text in texts):
                return  # "None recorded.", "N/A": an empty table said in words
            self.columns.rows += 1
            place = f"{self.section.title}, row {self.columns.rows}"
            read = {Table.SOLUTIONS: self._solution_row, Table.PROGRESS: self._progress_row}
            read.get(self.columns.table, self._comment_row)(self.columns.cells_by_key(row), place)
            return
        if self.section is not Section.NOTES:
            self.plan.notes.skip(self.section.title, f'a row "{excerpt(" | ".join(texts))}" was not recognised')

    def _label_row(self, row: tuple[Cell, ...], filled: list[Cell]) -> bool:
        """A row whose first cell is one of the template's labels, the value in the cells after it."""
        first = filled[0]
        rest = [cell for cell in row if cell.column > first.column and not cell.continued]
        label, colon, after = first.text.partition(":")
        values = [after.strip()] if colon and after.strip() else []
        values += [cell.text for cell in rest]
        for vocabulary, read in (
            (FRONT_LABELS, self._front_row),
            (DETAIL_LABELS, self._detail),
            (DURATION_LABELS, self._duration_row),
            (ROLE_LABELS, self._role_row),
        ):
            key = label_of(first.text, vocabulary) or (label_of(label, vocabulary) if colon else None)
            if key is not None and read(key, values, rest):
                return True
        return False

    # ------------------------------------------------------------ the front and Section 1

    def _front_row(self, key: str, values: list[str], cells: list[Cell]) -> bool:
        if self.section not in (Section.FRONT, Section.DETAILS) and key == "date":
            return False  # "Date" further on heads a column, or is a progress entry's
        self._front(key, next((v for v in values if v), ""))
        return True

    def _front(self, key: str, value: str) -> None:
        plan = self.plan
        if key in plan.found:
            if value:
                plan.notes.skip("Author and date", f'a second {key}, "{excerpt(value)}": not read')
            return
        plan.found.add(key)
        if key == "author":
            plan.author = value
        elif key == "service":
            plan.service = value
        elif key == "status":
            plan.status = value
        elif key in ("completed_on", "withdrawn_on", "withdrawal_reason"):
            plan.closing[key] = value
        elif key == "date":
            plan.day = read_date(value) or self._date_in(value)
            if value and plan.day is None:
                plan.errors.append(f'Date: "{excerpt(value)}" is not a date the import reads: write it as 3/10/2026')

    @staticmethod
    def _date_in(text: str) -> date | None:
        found = find_date(text)
        return found[0] if found else None

    def _detail(self, key: str, values: list[str], cells: list[Cell] | None = None) -> bool:
        if key == "comments" and self.section not in (Section.FRONT, Section.DETAILS):
            return False
        plan = self.plan
        plan.found.add(key)
        if key in ("code", "name"):
            plan.indicator[key] = next((v for v in values if v), "")
        elif key == "description":
            plan.indicator[key] = "\n".join(v for v in values if v)
        elif key == "comments":
            plan.comments = "\n".join(v for v in values if v)
        else:
            plan.details[key] = self._score(key, values)
        return True

    def _score(self, key: str, values: list[str]) -> Value:
        """A Section 1 value and its "As at Date": the template's cells are value | As at Date | date, and
        people also write "91.2% as at 30/09/2026" in one cell."""
        place = f"Section 1, {key.replace('_', ' ').capitalize()}"
        written = " | ".join(v for v in values if v)
        parts = _AS_AT.split(written, maxsplit=1)
        if len(parts) == 2:
            value_text, date_text = parts[0].strip(" |"), parts[1].strip(" |")
        else:
            value_text, date_text = (values[0] if values else ""), " ".join(values[1:])
        value, unit, whole, places = value_and_unit(value_text)
        if not whole:
            what = f"read as {value}" if value is not None else "not read"
            self.plan.notes.skip(place, f'"{excerpt(value_text)}" is not a value alone: {what}')
        self.plan.written(unit, places)
        as_at = self._date_in(date_text)
        if as_at is None and normalised(date_text).replace("date", "").strip():
            self.plan.notes.skip(place, f'"{excerpt(date_text)}" is not a date: the As at Date is left blank')
        return Value(value, as_at)

    # ------------------------------------------------------------ Sections 2 and 3

    def _duration_row(self, key: str, values: list[str], cells: list[Cell]) -> bool:
        paragraphs = tuple(p for cell in cells for p in cell.paragraphs)
        self._factors(Duration(key), paragraphs)
        return True

    def _factors(self, duration: Duration, paragraphs: tuple[Para, ...]) -> None:
        kind = self._kind_for(duration)
        for ref, text in factor_items(paragraphs, kind.prefix):
            if text:
                self.plan.factors.append(ReadFactor(ref, kind, duration, text))
            else:
                self.plan.notes.skip(self.section.title, f"{ref} has no description: not read")

    def _kind_for(self, duration: Duration) -> FactorKind:
        """External in Section 2, internal in Section 3; without a heading, the first factor table is taken as
        Section 2 and the next as Section 3 (the template's order)."""
        if self.section is Section.EXTERNAL:
            return FactorKind.EXTERNAL
        if self.section is Section.INTERNAL:
            return FactorKind.INTERNAL
        if self.factor_kind is None or duration in self.durations_seen:
            first = self.factor_kind is None and not any(f.kind is FactorKind.EXTERNAL for f in self.plan.factors)
            self.factor_kind = FactorKind.EXTERNAL if first else FactorKind.INTERNAL
            self.durations_seen = set()
            section = Section.EXTERNAL if first else Section.INTERNAL
            self.plan.notes.assume(section.title, "no heading found: the factors were read in the template's order")
        self.durations_seen.add(duration)
        return self.factor_kind

    # ------------------------------------------------------------ Section 5

    def _role_row(self, key: str, values: list[str], cells: list[Cell]) -> bool:
        paragraphs = tuple(p for cell in cells for p in cell.paragraphs)
        place = f"Section 5, {CommentRole(key).label}"
        for comment in comment_items(paragraphs):
            self.plan.management_comments.append(ReadComment(key, comment, place))
        return True

    def _comment_row(self, cells: dict[str, list[Cell]], place: str) -> None:
        role = label_of(_text(cells.get("role")), ROLE_LABELS)
        text = tuple(p for cell in cells.get("text", []) for p in cell.paragraphs)
        if role is None:
            if text:
                self.plan.notes.skip(place, f'"{excerpt(_text(cells.get("role")))}" is not a role: comment not read')
            return
        for comment in comment_items(text):
            author = _text(cells.get("author"))
            comment.author = author or comment.author
            comment.day = read_date(_text(cells.get("date"))) or comment.day
            meeting = meeting_of(_text(cells.get("meeting")))
            comment.meeting = meeting or comment.meeting
            self.plan.management_comments.append(ReadComment(role, comment, place))

    # ------------------------------------------------------------ Sections 4 and 6

    def _solution_row(self, cells: dict[str, list[Cell]], place: str) -> None:
        described = [cell for cell in cells.get("description", []) if not cell.continued]
        paragraphs = tuple(p for cell in described for p in cell.paragraphs)
        date_text, factors_text = _text(cells.get("target_date")), _text(cells.get("factors"))
        items = solution_items(paragraphs)
        if not items:
            if date_text or factors_text:
                self.plan.notes.skip(place, "no solution written in the row: not read")
            return
        day = read_date(date_text) or self._date_in(date_text)
        for item in items:
            solution = ReadSolution(item.ref, item.description, place, day, factors_text, labelled=item.labelled)
            if date_text and day is None and not is_nothing(date_text):
                solution.description += f"\nTarget date: {date_text}"
                self.plan.notes.skip(place, f'"{excerpt(date_text)}" is not a date: kept in the solution\'s text')
            self.plan.solutions.append(solution)

    def _progress_row(self, cells: dict[str, list[Cell]], place: str) -> None:
        date_text = _text(cells.get("date"))
        paragraphs = tuple(p for cell in cells.get("comment", []) if not cell.continued for p in cell.paragraphs)
        comment, final = progress_comment(paragraphs)
        score_text = _text(cells.get("score"))
        if not comment:
            if date_text or score_text:
                self.plan.notes.skip(place, f'no comment beside "{excerpt(date_text or score_text)}": not read')
            return
        day = read_date(date_text) or self._date_in(date_text)
        if day is None:
            shown = f'"{excerpt(date_text)}" is not a date the import reads' if date_text else "no date"
            self.plan.errors.append(f'{place} ("{excerpt(comment)[:40]}"): {shown}: write it as 31/10/2026')
            return
        score, unit, whole, places = value_and_unit(score_text)
        if whole:
            self.plan.written(unit, places)
        else:
            self.plan.notes.skip(place, f'the PI Score "{excerpt(score_text)}" is not a number: left blank')
            score = None
        self.plan.progress.append(ReadProgress(day, comment, score, final))

    # ------------------------------------------------------------ the end

    def finish(self) -> WordPlan:
        plan = self.plan
        if not plan.author:
            plan.errors.append("Author: the document gives no Author (the template's first table: Author | name)")
        if plan.day is None and "date" not in plan.found:
            plan.errors.append("Date: the document gives no Date (the template's first table: Date | 3/10/2026)")
        if not plan.indicator.get("code"):
            plan.errors.append("Section 1: the document gives no PI Code (Section 1's first row: PI Code | WR01)")
        number_factors(plan.factors, plan.solutions, plan.notes)
        number_solutions(plan.solutions, plan.notes)
        return plan


def _text(cells: list[Cell] | None) -> str:
    return "\n".join(cell.text for cell in cells or () if cell.text).strip()
