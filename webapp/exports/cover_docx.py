"""The text of the cover report's sections in the committee papers (docs/meetings-and-papers.md#cover-report),
laid out as the council's cover reports are: numbered paragraphs ("5.1", "5.2"), the resolution in bold,
Consultees and Background Papers as lists, a line an entry, and the Risk Analysis as a four-column table
under its text. webapp/exports/papers_docx.py puts them in the papers; pure, like it.

The printed papers carry the sections' text under "sections" and the risk table's rows under "risks":

    "risks": [{"nature": "...", "consequences": "...", "likelihood": "Medium", "control_measures": "..."}, ...]
"""

from collections.abc import Iterator

from docx.document import Document as WordDocument
from docx.shared import Cm

from webapp.domain.papers import LISTED_SECTIONS, REPORT_SECTIONS, RISK_COLUMNS, listed_lines

from .plain import Plain
from .word import add_row, add_run, add_table, safe_text, write

NONE = "None."
NUMBER_INDENT = Cm(1.25)
RISK_WIDTHS = (4.1, 4.6, 3.0, 5.3)  # cm, 17 in all: the page's text width
RISK_FIELDS = ("nature", "consequences", "likelihood", "control_measures")


def report_sections(papers: Plain) -> Iterator[tuple[int, str, str]]:
    """(number, key, heading) of each section the report prints. A report written before it had a Discussion
    section (an empty one) prints without it, numbered as it was."""
    sections = papers["sections"]
    printed = [(key, title) for key, title in REPORT_SECTIONS if key != "discussion" or sections.get(key)]
    for number, (key, title) in enumerate(printed, 1):
        yield number, key, title


def add_section_text(document: WordDocument, number: int, key: str, papers: Plain) -> None:
    """The body of one of the sections the clerk writes."""
    text = papers["sections"].get(key)
    if key in LISTED_SECTIONS:
        _add_list(document, text)
        return
    _add_numbered(document, number, text, bold=key == "proposed_action")
    if key == "risk":
        _add_risk_table(document, papers.get("risks") or [])


def _add_numbered(document: WordDocument, number: int, text: str | None, *, bold: bool = False) -> None:
    """A section's text as the council numbers it: "1.1", "1.2", with the text hanging clear of them. A blank
    line starts a numbered paragraph; a single line break stays a line break inside it (a list of bullets the
    clerk typed prints as they see it on the page), its lines lined up under the text."""
    paragraphs = _numbered_lines(number, safe_text(text))
    for reference, words in paragraphs:
        paragraph = write(document, reference, bold=bold)
        add_run(paragraph, "\t", clean=False)
        add_run(paragraph, words, bold=bold)
        layout = paragraph.paragraph_format
        layout.left_indent, layout.first_line_indent = NUMBER_INDENT, -NUMBER_INDENT
        layout.tab_stops.add_tab_stop(NUMBER_INDENT)
    if not paragraphs:
        write(document, NONE)


def _numbered_lines(number: int, text: str) -> list[tuple[str, str]]:
    """The paragraphs numbered as numbered_paragraphs (webapp/domain/papers.py) numbers them, a blank line
    between two, each keeping its single line breaks, its lines' spaces evened out."""
    parts = (
        "\n".join(" ".join(line.split()) for line in part.split("\n") if line.strip()) for part in text.split("\n\n")
    )
    return [(f"{number}.{n}", lines) for n, lines in enumerate((part for part in parts if part), 1)]


def _add_list(document: WordDocument, text: str | None) -> None:
    """Each line an entry of its own, unnumbered: "Director of Resources", "Service Plans"."""
    lines = listed_lines(safe_text(text))
    for line in lines:
        write(document, line)
    if not lines:
        write(document, NONE)


def _add_risk_table(document: WordDocument, risks: list[Plain]) -> None:
    """Nature of risk | Consequences if realised | Likelihood of occurrence | Control measures, a row a risk."""
    if not risks:
        return
    table = add_table(document, RISK_WIDTHS, RISK_COLUMNS)
    for risk in risks:
        for cell, name in zip(add_row(table, keep_together=True), RISK_FIELDS):
            write(cell, risk.get(name))
