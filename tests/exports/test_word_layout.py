"""How the Word documents lay out in an office suite (docs/meetings-and-papers.md#every-document): converted to PDF
by headless LibreOffice and read back page by page with poppler. Rows are never split across pages, headings stay
with what follows them, the papers' summary has landscape pages of its own, and every page of the papers names the
committee, the meeting and the agenda item."""

import re
import subprocess
from datetime import date, timedelta

import pytest

from tests.office import pdf_pages, pdf_text, to_pdf
from webapp.domain.dates import uk_date
from webapp.exports.papers_docx import SUMMARY_CAPTION, papers_document
from webapp.exports.pip_docx import pip_document

from .samples import full_pip, papers

RUNNING_HEADER = "Audit and Performance Committee – 8 December 2026 – Agenda item 7"
ENTRIES = 45
FILLER = "The crews covered the missed rounds on Saturday and the depot reported every delay to the team. "


def long_plan(code="WR01", name="Household waste collected on time"):
    """A plan whose progress table runs over several pages: each entry a few lines, each with its own date."""
    printed = full_pip(code, name)
    first = date(2025, 1, 15)
    printed["plan"]["progress"] = [
        {
            "date": (first + timedelta(days=9 * number)).isoformat(),
            "comment": f"Entry {number} begins. {FILLER * (1 + number % 3)}Entry {number} ends.",
            "score": 90.0 + number / 10,
        }
        for number in range(ENTRIES)
    ]
    return printed


def _pages(tmp_path_factory, name, document):
    folder = tmp_path_factory.mktemp(name)
    path = folder / f"{name}.docx"
    document.save(path)
    pdf = to_pdf(path, folder)
    count = pdf_pages(pdf)
    return pdf, [" ".join(page.split()) for page in pdf_text(pdf).split("\f")[:count]], pdf_text(pdf).split("\f")


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    return _pages(tmp_path_factory, "long-plan", pip_document(long_plan(), exported_by="Priya Patel"))


@pytest.fixture(scope="module")
def thirty(tmp_path_factory):
    plans = [long_plan(f"PI{number:02d}", f"Performance indicator number {number}") for number in range(1, 4)]
    plans += [full_pip(f"PI{number:02d}", f"Performance indicator number {number}") for number in range(4, 31)]
    return _pages(tmp_path_factory, "papers-30", papers_document(papers(plans)))


def _page_of(pages, words):
    found = [number for number, page in enumerate(pages) if words in page]
    assert found, words
    return found[0]


def _rows_kept_whole(pages, start=0):
    """Each progress entry's begins, ends and date found on one page."""
    for number in range(ENTRIES):
        entry_date = date(2025, 1, 15) + timedelta(days=9 * number)
        page = _page_of(pages[start:], f"Entry {number} begins.") + start
        assert f"Entry {number} ends." in pages[page], number
        day_month, year = uk_date(entry_date).rsplit(" ", 1)
        assert day_month in pages[page] and year in pages[page], (number, entry_date)


def test_a_long_plans_rows_and_dates_are_never_split_across_pages(single):
    _, pages, _ = single
    first, last = _page_of(pages, "Entry 0 begins."), _page_of(pages, f"Entry {ENTRIES - 1} begins.")
    assert last - first >= 2, "the progress table should run over at least three pages"
    _rows_kept_whole(pages)


def test_each_progress_page_repeats_the_header_row(single):
    _, pages, _ = single
    first, last = _page_of(pages, "Entry 0 begins."), _page_of(pages, f"Entry {ENTRIES - 1} begins.")
    assert all("Date Comment PI Score" in page for page in pages[first : last + 1])


def _lines(raw_page):
    return [line.strip() for line in raw_page.splitlines() if line.strip()]


def test_no_heading_is_left_alone_at_a_page_foot(single, thirty):
    """A heading is never the last line above the footer: what follows it starts on its page."""
    for _, _, raw_pages in (single, thirty):
        for raw in raw_pages:
            lines = _lines(raw)
            if len(lines) >= 2 and re.match(r"Page \d+ of \d+$", lines[-1]):
                last = lines[-2]
                assert not re.match(r"^(\d+ [A-Z][A-Za-z ,]+|Section \d .+)$", last) or "." in last, last


def test_background_papers_heading_shares_its_page_with_its_text(thirty):
    _, _, raw_pages = thirty
    for raw in raw_pages:
        lines = _lines(raw)
        for index, line in enumerate(lines):
            if re.match(r"^\d+ Background Papers$", line):
                assert not lines[index + 1].startswith("Page "), "the heading is alone at the foot of its page"
                return
    raise AssertionError("no Background Papers heading")


def test_every_page_of_the_papers_names_the_committee_meeting_and_item(thirty):
    _, pages, _ = thirty
    assert all(page.startswith(RUNNING_HEADER) for page in pages)
    assert all(f"Page {number} of {len(pages)}" in page for number, page in enumerate(pages, 1))


def _page_size(pdf, number):
    info = subprocess.run(
        ["pdfinfo", "-f", str(number), "-l", str(number), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    width, height = re.search(rf"Page\s+{number} size:\s+([\d.]+) x ([\d.]+)", info).groups()
    return float(width), float(height)


def test_the_summary_of_30_plans_has_landscape_pages_of_its_own(thirty):
    pdf, pages, _ = thirty
    first = _page_of(pages, SUMMARY_CAPTION)
    summary = range(first, _page_of(pages, "AD PI30 Performance indicator number 30") + 1)
    assert len(summary) <= 2, f"the summary of 30 plans runs over {len(summary)} pages"
    for number in summary:
        width, height = _page_size(pdf, number + 1)
        assert width > height, number
        assert "Appendix PI Service RAG Direction of" in pages[number] and "Last update Overdue" in pages[number]
    width, height = _page_size(pdf, summary[-1] + 2)
    assert width < height and "Appendices" in pages[summary[-1] + 1]


def test_the_contents_list_the_appendices_near_the_start(thirty):
    _, pages, _ = thirty
    start = " ".join(pages[:3])
    assert "Contents Report: Performance Improvement Plans Appendix A: Performance Improvement Plan – PI01" in start
    assert "Appendix AD: Performance Improvement Plan – PI30 Performance indicator number 30" in start


def test_the_papers_rows_are_never_split(thirty):
    _, pages, _ = thirty
    for letter in "ABC":
        _rows_kept_whole(pages, _page_of(pages, f"{RUNNING_HEADER} Appendix {letter}: Performance Improvement Plan"))
