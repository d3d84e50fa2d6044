"""The Word documents as an office suite lays them out: converted to PDF by headless LibreOffice, then
read back with poppler. Slow (1-2 s a document), so each document is converted once per module."""

import pytest

from tests.office import pdf_image_count, pdf_pages, pdf_text, to_pdf
from webapp.domain.pips import SECTION_TITLES
from webapp.exports.papers_docx import papers_document
from webapp.exports.pip_docx import pip_document

from .samples import MARKUP, completed_pip, empty_draft, full_pip, hostile_pip, papers
from .test_papers_docx import several_charts

RUNNING_HEADER = "Audit and Performance Committee – 8 December 2026 – Agenda item 7"


def _convert(tmp_path_factory, name, document):
    folder = tmp_path_factory.mktemp(name)
    path = folder / f"{name}.docx"
    document.save(path)
    pdf = to_pdf(path, folder)
    return pdf_text(pdf), pdf_pages(pdf)


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    return _convert(tmp_path_factory, "pip", pip_document(full_pip()))


@pytest.fixture(scope="module")
def draft_papers(tmp_path_factory):
    return _convert(
        tmp_path_factory, "papers", papers_document(papers([full_pip(), completed_pip(), empty_draft()], draft=True))
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return _convert(tmp_path_factory, "hostile", pip_document(hostile_pip()))


def _flat(text):
    """pdftotext's layout spreads words over columns and lines; compare with single spaces."""
    return " ".join(text.split())


def test_a_single_pip_reads_as_the_template(single):
    text, pages = single
    flat = _flat(text)
    for words in [
        "Performance Improvement Plan",
        *SECTION_TITLES.values(),
        "As at Date",
        "Score 12 Months Ago",
        "E1 Heavy snowfall in January.",
        "Factors Addressed",
        "E1, I2",
        "minute CMT/2026/41",
        "Approves S1, S2. Declines S3.",
        "31 October 2026",
        "93.4%",
    ]:
        assert words in flat, words
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat


def test_papers_put_each_appendix_on_its_own_pages(draft_papers):
    text, pages = draft_papers
    assert pages >= 1 + 3
    page_texts = text.split("\f")[:pages]
    # The appendix heading is the first thing on its page after the running header: "DRAFT", then the
    # committee, meeting and agenda item (the contents near the start name the appendices too).
    firsts = [[line.strip() for line in page.splitlines() if line.strip()][:3] for page in page_texts]
    assert all(lines[:2] == ["DRAFT – not yet published", RUNNING_HEADER] for lines in firsts)
    starts = {
        letter: next(
            number
            for number, lines in enumerate(firsts)
            if lines[2].startswith(f"Appendix {letter}: Performance Improvement Plan")
        )
        for letter in "ABC"
    }
    assert 0 < starts["A"] < starts["B"] < starts["C"]


def test_papers_cover_report_and_draft_marking(draft_papers):
    text, pages = draft_papers
    flat = _flat(text)
    for words in [
        "Borsetshire District Council",
        "Report of the Head of Performance",
        "1 Purpose of Report",
        "1.1 This report presents",
        "2 Executive Summary",
        "Deteriorating",
        "3 Appendices",
        "Appendix C: Performance Improvement Plan – PL03 Planning appeals allowed",
        "15 Background Papers",
        "No scores recorded: neither the PI register nor this plan holds a score for PL03.",
        "Final entry: the plan is complete.",
    ]:
        assert words in flat, words
    page_texts = text.split("\f")[:pages]
    assert all("DRAFT – not yet published" in page for page in page_texts)
    assert all(f"Page {number} of {pages}" in _flat(page) for number, page in enumerate(page_texts, 1))


def test_hostile_text_survives_the_round_trip(hostile):
    text, pages = hostile
    flat = _flat(text)
    assert MARKUP in flat
    assert "Complaints <w:p>&amp;</script> answered" in flat
    assert "smart quotes" in flat and "The crews reported delays on every round." in flat
    assert pages >= 2  # the 10,000-character comment runs over pages
    assert "Bins emptied" in flat  # the emoji's words; the glyphs depend on the fonts installed


def test_papers_with_several_charts_open_and_draw_every_chart(tmp_path):
    """Our own picture ids (webapp/exports/word.py) as an office suite reads them: every chart drawn,
    the same picture twice included."""
    path = tmp_path / "charts.docx"
    papers_document(several_charts()).save(path)
    pdf = to_pdf(path, tmp_path)
    assert pdf_image_count(pdf) == 4
    flat = _flat(pdf_text(pdf))
    for letter in "ABCDE":
        assert f"Appendix {letter}: Performance Improvement Plan" in flat
