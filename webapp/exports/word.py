"""The plumbing every Word document of the council shares (docs/meetings-and-papers.md#every-document): A4 portrait
(with landscape sections where a wide table needs them), Arial 12 pt, real heading styles kept with what follows
them, en-GB, a "Page X of Y" footer, grid tables whose header rows repeat and whose rows never split across pages,
pictures with alt text, user text made safe for Word, and a package Word opens as its own
(webapp/exports/word_package.py).

python-docx has no API for several of these, so a little WordprocessingML is written here
and nowhere else.
"""

import io
import re
import weakref
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl, CT_TblPr
from docx.oxml.text.font import CT_RPr
from docx.parts.document import DocumentPart
from docx.section import Section
from docx.shape import InlineShape
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from webapp.domain.text import clean_text

from .word_package import correct_package

FONT = "Arial"
LANGUAGE = "en-GB"
BODY_SIZE = Pt(12)
# Heading sizes in points; headings are black, not the template's theme blue, for contrast.
HEADING_SIZES = {"Heading 1": 16, "Heading 2": 14, "Heading 3": 12}
HEADING_COLOUR = RGBColor(0x0B, 0x0C, 0x0C)
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21.0), Cm(29.7), Cm(2.0)  # A4; 17 cm of text across
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
LANDSCAPE_TEXT_WIDTH_CM = 25.7  # A4 landscape less the 2 cm margins

# Style ids in python-docx's default template, set directly on the XML: assigning a style by name
# looks it up among every style each time, which took a fifth of the time to build committee papers.
_STYLE_IDS = {"Heading 1": "Heading1", "Heading 2": "Heading2", "Heading 3": "Heading3", "Table Grid": "TableGrid"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# What XML 1.0 allows; clean_text already removes the rest, this is the last line of defence.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def new_document(title: str, author: str | None = "") -> WordDocument:
    """An empty council document: A4 portrait, 2 cm margins, Arial everywhere, en-GB, page numbers.
    `author` is the person exporting it, named as its author and last modifier; it is made now."""
    document = Document()
    correct_package(document, safe_text(title), safe_text(author), LANGUAGE)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = Cm(1.0)
    _set_default_font(document)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, BODY_SIZE
    for name, size in HEADING_SIZES.items():
        _set_heading_style(document, name, size)
    _add_page_number_footer(section)
    return document


def _set_arial(rPr: CT_RPr, half_points: int | None = None) -> None:
    """Arial for every script, in place of any theme font, which Word would otherwise prefer."""
    fonts = rPr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rPr.insert(0, fonts)
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if half_points is not None:
        size = rPr.get_or_add_sz()  # python-docx puts it in its place in the schema's order
        size.set(qn("w:val"), str(half_points))
        # szCs sizes right-to-left and other complex-script text, which w:sz does not reach.
        complex_size = rPr.find(qn("w:szCs"))
        if complex_size is None:
            complex_size = OxmlElement("w:szCs")
            size.addnext(complex_size)
        complex_size.set(qn("w:val"), str(half_points))


def _set_default_font(document: WordDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_arial(defaults, half_points=int(BODY_SIZE.pt * 2))
    language = defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        defaults.append(language)
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)


def _set_heading_style(document: WordDocument, name: str, points: int) -> None:
    """Bold black Arial, for the heading paragraph style and its linked character style ("Heading 1
    Char", which Word uses when a heading style is applied to part of a paragraph). A heading is kept on
    the page of what follows it, never left alone at a page's foot."""
    layout = document.styles[name].paragraph_format
    layout.space_after = Pt(6)
    layout.keep_with_next = layout.keep_together = True
    for style in (document.styles[name], document.styles[f"{name} Char"]):
        style.font.bold = True
        style.font.color.rgb = HEADING_COLOUR
        _set_arial(style.element.get_or_add_rPr(), half_points=points * 2)


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field such as PAGE: Word and LibreOffice fill it in when they lay out the pages."""

    def mark(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    mark("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    mark("separate")
    paragraph.add_run("1")  # shown until the pages are laid out
    mark("end")


def _add_page_number_footer(section: Section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _add_field(paragraph, "NUMPAGES")


def add_header_text(document: WordDocument, text: str, *, bold: bool = True, size: float | None = None) -> Paragraph:
    """A line at the top of every page (a draft's mark, bold; the papers' committee, meeting and item).
    Each call adds a line below the last; later sections show the same header."""
    header = document.sections[0].header
    paragraph: Paragraph = header.paragraphs[-1]
    if paragraph.text:
        paragraph = header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, text, bold=bold, size=size)
    return paragraph


def keep_with_next(paragraph: Paragraph) -> Paragraph:
    """Keep this paragraph on the same page as the next one (or the first row of the table after it)."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def start_section(document: WordDocument, *, landscape: bool) -> Section:
    """A new section from here on, on a new page, A4 landscape or portrait. Its header and footer are the
    first section's (a new section's are linked to the one before)."""
    section: Section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = max(PAGE_WIDTH, PAGE_HEIGHT), min(PAGE_WIDTH, PAGE_HEIGHT)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    return section


def safe_text(value: str | None) -> str:
    """Text as Word can hold it: cleaned like every user input (smart quotes, emoji and right-to-left
    scripts kept; Word's vertical-tab line breaks made newlines), with anything XML cannot carry dropped."""
    if value is None:
        return ""
    return _NOT_XML.sub("", clean_text(value))


def write(
    container: WordDocument | _Cell,
    text: str | None,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    style: str | None = None,
) -> Paragraph:
    """A paragraph of user text in a document or a table cell; newlines become line breaks.

    A new table cell already holds one empty paragraph, which is used first so the cell does not
    start with a blank line."""
    paragraph = _next_paragraph(container)
    if style is not None:
        paragraph._p.style = _STYLE_IDS[style]
    if text:
        add_run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def heading(document: WordDocument, text: str | None, level: int) -> Paragraph:
    """A real Word heading (Heading 1, 2 or 3): it shows in the navigation pane and in a screen
    reader's list of headings."""
    return write(document, text, style=f"Heading {level}")


def _next_paragraph(container: WordDocument | _Cell) -> Paragraph:
    if isinstance(container, _Cell):
        paragraphs = container._tc.p_lst
        if len(paragraphs) == 1 and not len(paragraphs[0]):
            return Paragraph(paragraphs[0], container)
        return Paragraph(SubElement(container._tc, _W + "p"), container)
    return Paragraph(_add_to_body(container, container.element.body.makeelement(_W + "p")), container)


_Element = TypeVar("_Element")


def _add_to_body(document: WordDocument, element: _Element) -> _Element:
    """Puts `element` last in the document's body, before the section properties the schema puts at its
    end. They are found from the end: python-docx's add_paragraph and add_table search the body from
    its start for them, once per paragraph and table, which made committee papers cost more a plan the
    more plans they held."""
    body = document.element.body
    try:
        last = body[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == _W + "sectPr":
        last.addprevious(element)
    else:
        body.append(element)
    return element


def add_run(
    paragraph: Paragraph,
    text: str | None,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    clean: bool = True,
) -> None:
    r"""A run of text at the end of a paragraph: "
    " becomes a line break and "	" a tab. User text is
        made safe first; `clean=False` is for the builders' own spacing, which cleaning would trim away.

        Written straight into the XML: python-docx's run API re-reads the run for every property it
        sets. Building runs and rows directly halved the time to build committee papers."""
    run = SubElement(paragraph._p, _W + "r")
    if bold or italic or size:
        _add_run_properties(run, bold, italic, size)
    for number, line in enumerate((safe_text(text) if clean else cast(str, text)).split("\n")):
        if number:
            SubElement(run, _W + "br")
        _add_line(run, line)


def _add_run_properties(run: Any, bold: bool, italic: bool, size: float | None) -> None:
    properties = SubElement(run, _W + "rPr")  # children in the schema's order: b, i, sz, szCs
    if bold:
        SubElement(properties, _W + "b")
    if italic:
        SubElement(properties, _W + "i")
    if size:
        for tag in ("sz", "szCs"):
            SubElement(properties, _W + tag).set(_W + "val", str(round(size * 2)))


def _add_line(run: Any, line: str) -> None:
    """One line of a run's text, its tabs as Word's tabs."""
    for index, words in enumerate(line.split("\t")):
        if index:
            SubElement(run, _W + "tab")
        if words:
            element = SubElement(run, _W + "t")
            element.text = words
            if words[0] == " " or words[-1] == " ":
                element.set(_XML_SPACE, "preserve")


def add_table(
    document: WordDocument,
    widths_cm: Sequence[float],
    header: Sequence[str] | None = None,
    *,
    size: float | None = None,
    side_margin_cm: float | None = None,
    caption: str | None = None,
) -> Table:
    """A "Table Grid" table with fixed column widths (in cm). `header` names the columns; that row
    repeats at the top of every page the table runs onto. `side_margin_cm` narrows the space inside
    each cell's left and right edges, for tables with many narrow columns. A `caption` is a bold line
    above the table, kept on the page of its first row."""
    if caption is not None:
        keep_with_next(write(document, caption, bold=True))
    table = Table(_add_to_body(document, CT_Tbl.new_tbl(0, len(widths_cm), TEXT_WIDTH)), document)
    table._tbl.tblPr.style = _STYLE_IDS["Table Grid"]
    table.autofit = False
    if side_margin_cm is not None:
        _set_side_margins(table._tbl.tblPr, side_margin_cm)
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    if header:
        for cell, name in zip(add_row(table, header=True), header):
            write(cell, name, bold=True, size=size)
    return table


def _set_side_margins(table_properties: CT_TblPr, margin_cm: float) -> None:
    margins = SubElement(table_properties, _W + "tblCellMar")
    look = table_properties.find(_W + "tblLook")  # the schema puts tblCellMar before tblLook
    if look is not None:
        look.addprevious(margins)
    for side in ("left", "right"):
        edge = SubElement(margins, _W + side)
        edge.set(_W + "w", str(round(Cm(margin_cm).twips)))
        edge.set(_W + "type", "dxa")


def add_row(
    table: Table, spans: Sequence[int] | None = None, *, header: bool = False, keep_together: bool = False
) -> list[_Cell]:
    """A new row's cells. `spans` joins grid columns into wider cells: (1, 3) is a label and one value
    across the other three columns. A header row repeats at the top of each page the table runs
    onto. No row is split across two pages (a date is never "15 March" at one page's foot and "2026"
    at the next's top); a row taller than a page is the office suite's to break. `keep_together` is
    kept for the callers that ask for it: every row is kept together now.

    Built straight into the XML: python-docx's merge() measures the whole table on every call, and
    its row and cell objects re-read the grid for each cell."""
    widths = [int(column.get(_W + "w")) for column in table._tbl.tblGrid.iterchildren(_W + "gridCol")]
    row = SubElement(table._tbl, _W + "tr")
    properties = SubElement(row, _W + "trPr")  # cantSplit comes before tblHeader in the schema
    SubElement(properties, _W + "cantSplit")
    if header:
        SubElement(properties, _W + "tblHeader")
    cells, column = [], 0
    for span in spans or [1] * len(widths):
        cell = SubElement(row, _W + "tc")
        properties = SubElement(cell, _W + "tcPr")
        width = SubElement(properties, _W + "tcW")
        width.set(_W + "w", str(sum(widths[column : column + span])))
        width.set(_W + "type", "dxa")
        if span > 1:
            SubElement(properties, _W + "gridSpan").set(_W + "val", str(span))
        SubElement(cell, _W + "p")
        cells.append(_Cell(cell, table))
        column += span
    return cells


def start_on_new_page(paragraph: Paragraph) -> Paragraph:
    """Start this paragraph on a new page. Setting "page break before" on the paragraph itself avoids
    the stray empty line a separate page-break paragraph leaves at the top of the next page."""
    paragraph.paragraph_format.page_break_before = True
    return paragraph


def add_picture(document: WordDocument, png: bytes, width: Length, alt_text: str, title: str) -> InlineShape:
    """A picture in its own paragraph, with the alt text a screen reader reads (docPr descr/title).

    Built from python-docx's own parts rather than `document.add_picture`, which finds the picture's
    id by reading every id in the document: once per chart, 830 ms of a 100-plan committee pack.
    Here each document's ids are counted out instead (`_picture_id`)."""
    part = document.part
    relationship, image = part.get_or_add_image(io.BytesIO(png))
    width, height = image.scaled_dimensions(width, None)
    inline = CT_Inline.new_pic_inline(_picture_id(part), relationship, image.filename, width, height)
    inline.docPr.set("descr", safe_text(alt_text))
    inline.docPr.set("title", safe_text(title))
    _next_paragraph(document).add_run()._r.add_drawing(inline)
    return InlineShape(inline)


# The next picture id of each document being built. A picture's id (wp:docPr/@id) must be unique in
# its document; the first picture takes python-docx's next free id, found by reading the document
# once, and each later one the number after. So every picture of a document goes through add_picture.
_next_picture_ids: weakref.WeakKeyDictionary[DocumentPart, int] = weakref.WeakKeyDictionary()


def _picture_id(part: DocumentPart) -> int:
    number = _next_picture_ids.get(part) or part.next_id
    _next_picture_ids[part] = number + 1
    return number
