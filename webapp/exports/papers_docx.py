"""Committee papers for an Audit and Performance Committee meeting (docs/meetings-and-papers.md#the-committee-papers): a
cover report in
the style of the council's committee reports, a summary table of the PIPs on the agenda, then each PIP as a lettered
appendix starting on a new page.

Pure, like the single-PIP builder: the printed papers are plain data (dates as ISO strings; webapp/papers/printed.py)

    {
      "council": "Borsetshire District Council",
      "committee": "Audit and Performance Committee",
      "meeting_date": "2026-12-08",
      "item_number": "7",
      "title": "Performance Improvement Plans",
      "report_of": "Head of Performance",
      "contact_officer": "Graham Stoppani, Head of Performance, 01234 567890",
      "sections": {key: text for each key in webapp.domain.papers.EDITABLE_SECTIONS},
      "draft": True,
      "pips": [<printed plan, see webapp.exports.pip_docx>, ...],   # in agenda order
    }
"""

from collections.abc import Sequence

from docx.document import Document as WordDocument
from docx.shared import Cm

from webapp.domain.dates import uk_date
from webapp.domain.papers import REPORT_SECTIONS, appendix_letter, numbered_paragraphs
from webapp.domain.pips import PipStatus
from webapp.domain.rating import Direction, Rag

from .pip_docx import TITLE as PIP_TITLE
from .pip_docx import add_pip, pi_title
from .plain import Plain
from .word import add_header_text, add_row, add_run, add_table, heading, new_document, safe_text, write

DRAFT_MARK = "DRAFT – not yet published"
NONE = "None."
SUMMARY_HEADER = ("Appendix", "PI", "Service", "RAG", "Direction of travel", "Status", "Last update", "Overdue")
# In cm, 17 in all: each column as wide as its longest word ("Deteriorating", "September") at 10 pt.
SUMMARY_WIDTHS = (1.85, 3.25, 2.1, 1.35, 2.35, 2.05, 2.15, 1.9)
SUMMARY_TEXT_SIZE = 10  # points: eight columns do not fit across A4 portrait at 12 pt
NUMBER_INDENT = Cm(1.25)


def papers_document(papers: Plain) -> WordDocument:
    """The committee papers: the cover report, then the PIPs as Appendix A, B, ..."""
    draft = bool(papers.get("draft"))
    title = f"{papers['title']} – {papers['committee']}, {uk_date(papers['meeting_date'])}"
    document = new_document(f"DRAFT – {title}" if draft else title, author=papers.get("report_of"))
    if draft:
        add_header_text(document, DRAFT_MARK)
        write(document, DRAFT_MARK, bold=True)
    _add_cover(document, papers)
    for position, pip in enumerate(papers["pips"]):
        add_pip(
            document, pip, f"Appendix {appendix_letter(position)}: {PIP_TITLE} – {pi_title(pip['plan'])}", new_page=True
        )
    return document


def _add_cover(document: WordDocument, papers: Plain) -> None:
    write(document, papers["council"], bold=True)
    write(document, f"{papers['committee']} – {uk_date(papers['meeting_date'])}")
    if papers.get("item_number"):
        write(document, f"Agenda item {papers['item_number']}")
    write(document, f"Report of the {papers['report_of']}", bold=True)
    heading(document, papers["title"], 1)
    for number, (key, title) in enumerate(REPORT_SECTIONS, 1):
        heading(document, f"{number} {title}", 2)
        if key == "appendices":
            _add_appendix_list(document, papers["pips"])
        elif key == "contact":
            write(document, papers.get("contact_officer") or NONE)
        else:
            _add_numbered(document, number, papers["sections"].get(key))
        if key == "executive_summary" and papers["pips"]:
            _add_summary_table(document, papers["pips"])


def _add_numbered(document: WordDocument, number: int, text: str | None) -> None:
    """A section's text as the council numbers it: "1.1", "1.2", with the text hanging clear of them."""
    paragraphs = numbered_paragraphs(number, safe_text(text))
    for reference, words in paragraphs:
        paragraph = write(document, reference)
        add_run(paragraph, "\t", clean=False)
        add_run(paragraph, words)
        layout = paragraph.paragraph_format
        layout.left_indent, layout.first_line_indent = NUMBER_INDENT, -NUMBER_INDENT
        layout.tab_stops.add_tab_stop(NUMBER_INDENT)
    if not paragraphs:
        write(document, NONE)


def _add_appendix_list(document: WordDocument, pips: Sequence[Plain]) -> None:
    for position, pip in enumerate(pips):
        write(document, f"Appendix {appendix_letter(position)} – {PIP_TITLE}: {pi_title(pip['plan'])}")
    if not pips:
        write(document, NONE)


def _add_summary_table(document: WordDocument, pips: Sequence[Plain]) -> None:
    """One row per PIP; RAG and direction of travel in words, never colour alone."""
    table = add_table(document, SUMMARY_WIDTHS, SUMMARY_HEADER, size=SUMMARY_TEXT_SIZE, side_margin_cm=0.1)
    for position, pip in enumerate(pips):
        plan, where = pip["plan"], pip.get("position") or {}
        trend = where.get("direction")
        values = (
            appendix_letter(position),
            pi_title(plan),
            plan.get("service"),
            Rag(where.get("rag") or Rag.NOT_RATED).label,
            Direction(trend).label if trend else "No previous score",
            PipStatus(plan["status"]).label,
            uk_date(pip.get("last_update")) or "None yet",
            "Yes" if pip.get("overdue") else "No",
        )
        for cell, value in zip(add_row(table, keep_together=True), values):
            write(cell, value, size=SUMMARY_TEXT_SIZE)
