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

import re
from collections.abc import Sequence

from docx.document import Document as WordDocument
from docx.shared import Cm

from webapp.domain.dates import uk_date
from webapp.domain.papers import appendix_letter
from webapp.domain.pips import PipStatus
from webapp.domain.rating import Direction, Rag

from .changes_docx import add_changes_since
from .cover_docx import add_section_text, report_sections
from .pip_docx import TITLE as PIP_TITLE
from .pip_docx import add_pip, pi_title
from .plain import Plain
from .revised_docx import add_version_note
from .word import (
    add_header_text,
    add_row,
    add_table,
    heading,
    new_document,
    safe_text,
    start_section,
    write,
)

DRAFT_MARK = "DRAFT – not yet published"
NONE = "None."
CONTENTS = "Contents"
SUMMARY_CAPTION = "Summary of the plans presented"
SUMMARY_HEADER = ("Appendix", "PI", "Service", "RAG", "Direction of travel", "Status", "Last update", "Overdue")
# In cm, 25.7 in all: the summary has a landscape page of its own, so 30 plans and more stay readable, the PI's
# name on one or two lines and a date ("30 September 2026") on one.
SUMMARY_WIDTHS = (2.2, 7.0, 3.8, 1.6, 3.0, 2.6, 3.6, 1.9)
SUMMARY_TEXT_SIZE = 11  # points
HEADER_TEXT_SIZE = 10
NUMBER_INDENT = Cm(1.25)
# What the clerk may have typed before the role itself: "Report of", "Report of:", "the", "The".
_REPORT_OF = re.compile(r"^(report\s+of\b\s*:?\s*)?(the\s+)?", re.IGNORECASE)


def papers_document(papers: Plain, *, exported_by: str | None = None) -> WordDocument:
    """The committee papers: the cover report, then the PIPs as Appendix A, B, ... `exported_by` is the
    person downloading them, their author in Word's properties (docs/meetings-and-papers.md#every-document)."""
    draft = bool(papers.get("draft"))
    title = f"{papers['title']} – {papers['committee']}, {uk_date(papers['meeting_date'])}"
    document = new_document(f"DRAFT – {title}" if draft else title, author=exported_by)
    if draft:
        add_header_text(document, DRAFT_MARK)
    add_header_text(document, running_header(papers), bold=False, size=HEADER_TEXT_SIZE)
    if draft:
        write(document, DRAFT_MARK, bold=True)
    add_version_note(document, papers)  # revised papers say which version (revised_docx.py)
    _add_cover(document, papers)
    for position, pip in enumerate(papers["pips"]):
        add_pip(document, pip, appendix_title(position, pip), new_page=True)
        add_changes_since(document, pip)  # when the clerk asked for it (changes_docx.py)
    return document


def running_header(papers: Plain) -> str:
    """Which pack a page belongs to, at the top of every page: "Audit and Performance Committee –
    8 December 2026 – Agenda item 7"."""
    parts = [papers["committee"], uk_date(papers["meeting_date"])]
    if papers.get("item_number"):
        parts.append(f"Agenda item {papers['item_number']}")
    return " – ".join(parts)


def report_of_line(report_of: str | None) -> str:
    """ "Report of the Head of Performance", as the council's reports write it, from the role the clerk typed
    (the form's hint: "Head of Performance"), said once whether they typed "Head of Performance", "The Head of
    Performance" or the whole "Report of the Head of Performance"."""
    who = _REPORT_OF.sub("", " ".join(safe_text(report_of).split()))
    return f"Report of the {who}" if who else "Report of"


def appendix_title(position: int, pip: Plain) -> str:
    """An appendix named the one way the papers name it, in the contents, the Appendices section and
    its own heading: "Appendix A: Performance Improvement Plan – WR01 Household waste collected on time"."""
    return f"Appendix {appendix_letter(position)}: {PIP_TITLE} – {pi_title(pip['plan'])}"


def _add_cover(document: WordDocument, papers: Plain) -> None:
    write(document, papers["council"], bold=True)
    write(document, f"{papers['committee']} – {uk_date(papers['meeting_date'])}")
    if papers.get("item_number"):
        write(document, f"Agenda item {papers['item_number']}")
    write(document, report_of_line(papers["report_of"]), bold=True)
    heading(document, papers["title"], 1)
    _add_contents(document, papers)
    for number, key, title in report_sections(papers):
        heading(document, f"{number} {title}", 2)
        if key == "appendices":
            _add_appendix_list(document, papers["pips"])
        elif key == "contact":
            write(document, papers.get("contact_officer") or NONE)
        else:
            add_section_text(document, number, key, papers)
        if key == "executive_summary" and papers["pips"]:
            _add_summary_table(document, papers["pips"])


def _add_contents(document: WordDocument, papers: Plain) -> None:
    """What the pack holds, near its start: the report, then each appendix by letter and title (a static
    list; the PDF adds page numbers)."""
    if not papers["pips"]:
        return
    heading(document, CONTENTS, 2)
    write(document, f"Report: {papers['title']}")
    for position, pip in enumerate(papers["pips"]):
        write(document, appendix_title(position, pip))


def _add_appendix_list(document: WordDocument, pips: Sequence[Plain]) -> None:
    for position, pip in enumerate(pips):
        write(document, appendix_title(position, pip))
    if not pips:
        write(document, NONE)


def _add_summary_table(document: WordDocument, pips: Sequence[Plain]) -> None:
    """One row per PIP; RAG and direction of travel in words, never colour alone. On landscape pages of
    their own, the report going on in portrait after them."""
    start_section(document, landscape=True)
    table = add_table(
        document,
        SUMMARY_WIDTHS,
        SUMMARY_HEADER,
        size=SUMMARY_TEXT_SIZE,
        side_margin_cm=0.1,
        caption=SUMMARY_CAPTION,
    )
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
    start_section(document, landscape=False)
