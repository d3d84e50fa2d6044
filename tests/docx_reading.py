"""Reading a generated Word document back, for tests: headings, tables (merged cells once each),
repeating header rows, footer fields, pictures' alt text and the core properties."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph


def reopen(document):
    """Save and load again, as Word would: proves the file is well formed and reads what was written."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return Document(buffer)


def headings(document):
    """[(style name, text)] for every heading, in document order."""
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def heading_paragraph(document, text):
    return next(p for p in document.paragraphs if p.style.name.startswith("Heading") and p.text == text)


def texts(document):
    """Every paragraph's text in the body, tables included, in document order."""
    found = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            found.append(block.text)
        else:
            found.extend(text for row in table_texts(block) for text in row)
    return found


def row_texts(row):
    """A row's cell texts, a merged (spanning) cell once."""
    return [_Cell(tc, row.table).text for tc in row._tr.tc_lst]


def row_spans(row):
    return [tc.grid_span for tc in row._tr.tc_lst]


def table_texts(table):
    return [row_texts(row) for row in table.rows]


def table_after(document, heading_text):
    """The first table after the heading with this text."""
    seen = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.style.name.startswith("Heading"):
            seen = seen or block.text == heading_text
        elif seen and isinstance(block, Table):
            return block
    raise AssertionError(f"no table after the heading {heading_text!r}")


def row_properties(row):
    """The w:trPr flags set on a row, e.g. {"tblHeader", "cantSplit"}."""
    properties = row._tr.trPr
    return set() if properties is None else {child.tag.split("}")[1] for child in properties}


def is_header_row(row):
    return "tblHeader" in row_properties(row)


def field_codes(part):
    """The field instructions in a header or footer, e.g. ["PAGE", "NUMPAGES"]."""
    return [element.text.strip() for element in part._element.iter(qn("w:instrText"))]


def pictures(document):
    """[(descr, title)] of each inline picture: what a screen reader reads out."""
    return [(shape._inline.docPr.get("descr"), shape._inline.docPr.get("title")) for shape in document.inline_shapes]


def style_fonts(document, style_name):
    """The attributes of a style's w:rFonts, by local name: {"ascii": "Arial", ...}."""
    fonts = document.styles[style_name].element.rPr.find(qn("w:rFonts"))
    return {name.split("}")[1]: value for name, value in fonts.attrib.items()}


def default_run_properties(document):
    return document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def default_language(document):
    return default_run_properties(document).find(qn("w:lang")).get(qn("w:val"))


def page_break_before(paragraph):
    return paragraph.paragraph_format.page_break_before is True
