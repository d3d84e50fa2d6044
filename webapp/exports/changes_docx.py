""" "Changes since last presented" in the committee papers (docs/meetings-and-papers.md#changes-since-last-presented):
after a plan's appendix, what was added, changed and removed since the committee last saw it, when the clerk
asked for it. Pure: it reads the printed plan's "changes_since" (webapp/papers/changes.py), plain data:

    {"committee": "Audit and Performance Committee", "meeting_date": "2026-09-10",
     "sections": [["Section 4 Proposed Solutions", [{"kind": "changed", "text": "S1 status: ..."}]], ...]}
"""

from docx.document import Document as WordDocument

from webapp.domain.dates import uk_date

from .plain import Plain
from .word import add_run, heading, write

NOTHING_CHANGED = "Nothing has changed."


def add_changes_since(document: WordDocument, printed: Plain) -> None:
    """The paragraph, when the printed plan carries one; nothing otherwise."""
    since = printed.get("changes_since")
    if not since:
        return
    heading(
        document,
        f"Changes since last presented to {since['committee']} on {uk_date(since['meeting_date'])}",
        2,
    )
    for section, changes in since["sections"]:
        write(document, section, bold=True)
        for change in changes:
            # The label's trailing space is the builder's own, which cleaning the text would trim away.
            paragraph = write(document, None)
            add_run(paragraph, f"{str(change['kind']).capitalize()}: ", bold=True, clean=False)
            add_run(paragraph, change["text"])
    if not since["sections"]:
        write(document, NOTHING_CHANGED)
