"""A Word document's body as plain blocks, paragraphs and tables, for the plan reader
(docs/word-import.md#how-a-document-is-read).

The file is opened with python-docx after the checks that keep a hostile file harmless: its size, that it
is a zip archive at all, and how large its parts say they unpack to (a "zip bomb" of a few kilobytes can
unpack to gigabytes; the zip reader never unpacks more than a part declares). What Word keeps of a table
is read from its XML: each cell once, at the grid column it starts in, however cells were merged or split
(python-docx's own cells repeat a merged cell once for every column and row it covers).

Text is read as Word shows it: tracked insertions kept and deletions left out, line breaks as "\\n", tabs as
"\\t", the text of content controls and fields' shown results included; pictures and text boxes are not text.
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from webapp.domain.limits import MAX_IMPORT_BYTES

# What the parts of a .docx may unpack to. A council's plan is a few hundred kilobytes of XML; a real
# document with photographs a few megabytes. Past these, the file is refused before it is unpacked.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_BODY_BYTES = 10 * 1024 * 1024  # word/document.xml, the part the plan is read from
MAX_PARTS = 1000
# Tables inside tables: read to this depth (their text joins the cell's), ignored below it.
MAX_NESTING = 5
# Paragraphs read from the body, cells included: a 40-page plan has a few thousand.
MAX_PARAGRAPHS = 50_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc), and other OLE files
_ZIP_MAGIC = b"PK\x03\x04"
# Wrappers whose children are read as if they stood in their place: content controls, custom XML,
# tracked insertions and moves, smart tags, hyperlinks, simple fields.
_WRAPPERS = {f"{_W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag", "hyperlink")}
_WRAPPERS |= {f"{_W}fldSimple", f"{_W}dir", f"{_W}bdo"}
# Never text: deletions, moved-away text, text boxes and pictures, field instructions, the properties
# of a content control (its placeholder) and the fallback copy of alternate content.
_SKIPPED = {f"{_W}{tag}" for tag in ("del", "moveFrom", "txbxContent", "drawing", "pict", "object", "sdtPr")}
_SKIPPED |= {f"{_W}instrText", f"{_W}delText", f"{_MC}Fallback", f"{_W}footnoteReference", f"{_W}rPr", f"{_W}pPr"}
_TEXT_OF = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


class UnreadableWord(ValueError):
    """The file is not a Word document this app reads; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph: its text, whether Word shows it as a list item (a bullet or a number), whether its
    style is a heading's or all its text is bold or italic."""

    text: str
    listed: bool = False
    heading: bool = False
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell, once, at the grid column it starts in and the columns it spans; `continued` when it
    carries on a cell merged down from the row above (its text is that cell's)."""

    column: int
    span: int
    paragraphs: tuple[Para, ...]
    continued: bool = False

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs).strip()

    def covers(self, column: int) -> bool:
        return self.column <= column < self.column + self.span


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: its rows of cells."""

    rows: tuple[tuple[Cell, ...], ...]


Block = Para | Grid


def read_blocks(data: bytes) -> list[Block]:
    """The body of a .docx file as paragraphs and tables, in order; UnreadableWord when it is not one."""
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except RecursionError:
        raise UnreadableWord("The file is not a readable Word document: its XML nests too deep") from None
    except (PackageNotFoundError, zipfile.BadZipFile, etree.LxmlError, KeyError, ValueError, OSError) as error:
        raise UnreadableWord(
            f"The file is not a readable Word document ({_why(error)}): save it again as .docx"
        ) from None
    except Exception as error:  # python-docx meets a package it does not expect: the file is still unreadable
        raise UnreadableWord(
            f"The file is not a readable Word document ({type(error).__name__}): save it again as .docx"
        ) from None
    styles = _Styles(document.styles.element)
    reader = _BodyReader(styles)
    return reader.blocks(document.element.body)


def _why(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 80 else text[:80] + "…"


def _check_archive(data: bytes) -> None:
    """Refuses what is not a .docx, or would unpack to too much, before python-docx unpacks anything."""
    if len(data) > MAX_IMPORT_BYTES:
        raise UnreadableWord(f"The file must be {MAX_IMPORT_BYTES // (1024 * 1024)} MB or smaller")
    if not data:
        raise UnreadableWord("The file is empty")
    if data.startswith(_OLE_MAGIC):
        raise UnreadableWord(
            "This is an older Word file (.doc): open it in Word and save it as a Word document (.docx)"
        )
    if not data.startswith(_ZIP_MAGIC):
        raise UnreadableWord("The file is not a Word document (.docx)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UnreadableWord("The file is not a readable Word document: it is damaged or not a .docx") from None
    if len(parts) > MAX_PARTS:
        raise UnreadableWord(f"The file has {len(parts):,} parts: a Word document has a few dozen")
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise UnreadableWord(
            f"The file unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB: it is not a plan this app reads"
        )
    body = next((part for part in parts if part.filename == "word/document.xml"), None)
    if body is None:
        raise UnreadableWord("The file is not a Word document (.docx): it has no document in it")
    if body.file_size > MAX_BODY_BYTES:
        raise UnreadableWord(
            f"The document's text unpacks to more than {MAX_BODY_BYTES // (1024 * 1024)} MB: it is not a plan this "
            "app reads"
        )


def _on(element: Any, tag: str) -> bool:
    """Whether a toggle property (w:b, w:i) is on: present, and not w:val="0"/"false"/"off"."""
    found = element.find(f"{_W}{tag}") if element is not None else None
    return found is not None and found.get(f"{_W}val", "true").lower() not in ("0", "false", "off", "none")


class _Styles:
    """What the styles say of a paragraph: a heading, a list, bold or italic (following "based on")."""

    def __init__(self, root: Any) -> None:
        self._by_id: dict[str, Any] = {}
        for style in root.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if style_id:
                self._by_id[style_id] = style

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 20:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                return
            yield style
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None

    def heading(self, style_id: str | None) -> bool:
        for style in self._chain(style_id):
            name = style.find(f"{_W}name")
            words = (name.get(f"{_W}val", "") if name is not None else "").lower()
            if words.startswith(("heading", "title", "subtitle")):
                return True
            properties = style.find(f"{_W}pPr")
            if properties is not None and properties.find(f"{_W}outlineLvl") is not None:
                return True
        return False

    def listed(self, style_id: str | None) -> bool:
        for style in self._chain(style_id):
            name = style.find(f"{_W}name")
            if name is not None and name.get(f"{_W}val", "").lower().startswith("list"):
                return True
            properties = style.find(f"{_W}pPr")
            if properties is not None and properties.find(f"{_W}numPr") is not None:
                return True
        return False

    def toggled(self, style_id: str | None, tag: str) -> bool:
        for style in self._chain(style_id):
            properties = style.find(f"{_W}rPr")
            if properties is not None and properties.find(f"{_W}{tag}") is not None:
                return _on(properties, tag)
        return False


class _BodyReader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.paragraphs = 0

    def blocks(self, body: Any) -> list[Block]:
        found: list[Block] = []
        for element in self._children(body):
            if element.tag == f"{_W}p":
                found.append(self.paragraph(element))
            elif element.tag == f"{_W}tbl":
                found.append(self.grid(element, 1))
        return found

    def _children(self, parent: Any) -> Iterator[Any]:
        """Paragraphs, tables, rows and cells under `parent`, looking through content controls and the like."""
        for child in parent:
            if child.tag in _WRAPPERS:
                yield from self._children(child)
            elif child.tag in (f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"):
                yield child

    def paragraph(self, p: Any) -> Para:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise UnreadableWord(f"The document has more than {MAX_PARAGRAPHS:,} paragraphs: it is not a plan")
        properties = p.find(f"{_W}pPr")
        style_element = properties.find(f"{_W}pStyle") if properties is not None else None
        style = style_element.get(f"{_W}val") if style_element is not None else None
        pieces: list[str] = []
        runs: list[tuple[bool, bool]] = []
        self._text(p, pieces, runs, style)
        listed = (properties is not None and properties.find(f"{_W}numPr") is not None) or self.styles.listed(style)
        heading = self.styles.heading(style) or (
            properties is not None and properties.find(f"{_W}outlineLvl") is not None
        )
        return Para(
            text="".join(pieces),
            listed=listed,
            heading=heading,
            bold=bool(runs) and all(bold for bold, _ in runs),
            italic=bool(runs) and all(italic for _, italic in runs),
        )

    def _text(self, element: Any, pieces: list[str], runs: list[tuple[bool, bool]], style: str | None) -> None:
        """The text under `element`, in order; each run's bold and italic noted in `runs`."""
        stack = [iter([element])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue  # comments and processing instructions have no string tag
            if tag == f"{_W}t":
                pieces.append(child.text or "")
            elif tag in _TEXT_OF:
                pieces.append(_TEXT_OF[tag])
            elif tag == f"{_W}r":
                self._note_run(child, runs, style)
                stack.append(iter(child))
            else:
                stack.append(iter(child))

    def _note_run(self, run: Any, runs: list[tuple[bool, bool]], style: str | None) -> None:
        has_text = any(t.text and t.text.strip() for t in run.iter(f"{_W}t"))
        if not has_text:
            return
        properties = run.find(f"{_W}rPr")
        bold = _on(properties, "b") if _has(properties, "b") else self.styles.toggled(style, "b")
        italic = _on(properties, "i") if _has(properties, "i") else self.styles.toggled(style, "i")
        runs.append((bold, italic))

    def grid(self, table: Any, depth: int) -> Grid:
        rows: list[tuple[Cell, ...]] = []
        above: dict[int, Cell] = {}  # the cell starting at each column in the row above, for merges down
        for tr in self._children(table):
            if tr.tag != f"{_W}tr":
                continue
            row = self.row(tr, depth, above)
            above = {cell.column: cell for cell in row}
            rows.append(row)
        return Grid(tuple(rows))

    def row(self, tr: Any, depth: int, above: dict[int, Cell]) -> tuple[Cell, ...]:
        properties = tr.find(f"{_W}trPr")
        before = properties.find(f"{_W}gridBefore") if properties is not None else None
        column = _number(before, 0)
        cells: list[Cell] = []
        for tc in self._children(tr):
            if tc.tag != f"{_W}tc":
                continue
            cell_properties = tc.find(f"{_W}tcPr")
            span = max(1, _number(cell_properties.find(f"{_W}gridSpan") if cell_properties is not None else None, 1))
            merge = cell_properties.find(f"{_W}vMerge") if cell_properties is not None else None
            sideways = cell_properties.find(f"{_W}hMerge") if cell_properties is not None else None
            if sideways is not None and sideways.get(f"{_W}val", "continue") == "continue" and cells:
                cells[-1] = Cell(cells[-1].column, cells[-1].span + span, cells[-1].paragraphs, cells[-1].continued)
                column += span
                continue
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue" and column in above:
                cells.append(Cell(column, span, above[column].paragraphs, continued=True))
            else:
                cells.append(Cell(column, span, tuple(self.cell_paragraphs(tc, depth))))
            column += span
        return tuple(cells)

    def cell_paragraphs(self, tc: Any, depth: int) -> Iterator[Para]:
        for element in self._children(tc):
            if element.tag == f"{_W}p":
                yield self.paragraph(element)
            elif element.tag == f"{_W}tbl" and depth < MAX_NESTING:
                for row in self.grid(element, depth + 1).rows:
                    for cell in row:
                        if not cell.continued:
                            yield from cell.paragraphs


def _has(properties: Any, tag: str) -> bool:
    return properties is not None and properties.find(f"{_W}{tag}") is not None


def _number(element: Any, default: int) -> int:
    """A w:val that should be a small whole number (a span, a count of grid columns)."""
    if element is None:
        return default
    value = element.get(f"{_W}val", "")
    return min(int(value), 64) if value.isascii() and value.isdigit() and len(value) < 4 else default
