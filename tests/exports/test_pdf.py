"""A Word document as a PDF (webapp/core/office.py, docs/meetings-and-papers.md#pdf), by a real LibreOffice, from
any document with Heading styles: a contents list with each heading's page, bookmarks, tags, title and language."""

from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from flask import Flask

from tests.pdf_reading import read_pdf
from webapp.core.config import Defaults
from webapp.core.office import OfficeUnavailable, to_pdf

FILES = Path(__file__).parent / "files"


@pytest.fixture
def office_app():
    """Only the settings the conversion reads: no database, no pages."""
    app = Flask(__name__)
    app.config.update(SOFFICE_PATH=Defaults.SOFFICE_PATH, OFFICE_TIMEOUT_SECONDS=Defaults.OFFICE_TIMEOUT_SECONDS)
    with app.app_context():
        yield app


def _document():
    """Three chapters of a page or more each, under Heading 1, with sections under Heading 2."""
    document = Document()
    document.core_properties.title, document.core_properties.language = "Annual pack", "en-GB"
    document.add_paragraph("Cover page of the pack")
    for number, name in enumerate(("Alpha", "Beta", "Gamma"), 1):
        document.add_heading(f"Chapter {name}", 1)
        document.add_heading(f"Section {number}.1", 2)
        document.add_paragraph(f"Text of chapter {name}.").add_run().add_break(WD_BREAK.PAGE)
    return document


def test_a_document_without_a_contents_list_gets_one_before_its_first_heading(office_app, tmp_path):
    pdf = read_pdf(to_pdf(_document(), contents_levels=1), tmp_path)
    assert pdf.tagged and pdf.title == "Annual pack" and pdf.shows_title
    top = {title: page for depth, title, page in pdf.bookmarks if depth == 0}
    assert list(top) == ["Chapter Alpha", "Chapter Beta", "Chapter Gamma"]
    assert "Section 2.1" in [title for depth, title, _ in pdf.bookmarks if depth == 1]
    # The list sits on the cover's page; the first chapter starts a page after it.
    assert "Cover page of the pack" in pdf.text.split("\f")[0] and pdf.contents() == top
    assert top["Chapter Alpha"] == 2 and top["Chapter Beta"] > top["Chapter Alpha"]


def test_without_a_contents_level_the_document_is_converted_as_it_is(office_app, tmp_path):
    pdf = read_pdf(to_pdf(_document()), tmp_path)
    assert "Contents" not in pdf.text and pdf.contents() == {}
    assert [title for depth, title, _ in pdf.bookmarks if depth == 0][0] == "Chapter Alpha"


def test_a_missing_libreoffice_is_named(office_app, tmp_path):
    office_app.config["SOFFICE_PATH"] = str(tmp_path / "soffice")
    with pytest.raises(OfficeUnavailable, match="LibreOffice was not found"):
        to_pdf(_document())


def test_a_row_that_must_not_split_at_a_page_foot_is_printed_not_lost(office_app, tmp_path):
    """Committee papers (the demo council's, with Section 3's heading moved down 10.25 pt) whose two-row
    factors table starts at the foot of a page. LibreOffice 7.4 lost the second row there: a row that may
    not split (every row we write, webapp/exports/word.py `add_row`) overflowed by its border and vanished
    rather than move to the next page. The PDF lets such rows break (`LetRowsBreak` in webapp/core/office.py);
    the Word file still keeps each row whole."""
    document = Document(str(FILES / "papers_with_a_row_at_a_page_foot.docx"))
    rows = [row for table in document.tables for row in table.rows]
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    pdf = read_pdf(to_pdf(document, contents_levels=1), tmp_path)
    assert "The principal planning officer post has been hard to fill." in " ".join(pdf.text.split())
