"""Revised committee papers say so (docs/meetings-and-papers.md#revisions-after-publishing): at the top of the
first page, which version they are, when it was issued and why. Pure: it reads the printed papers' "version"
(webapp/papers/printed.py), {"number": 2, "issued_on": "2026-12-03", "reason": "..."}, or None."""

from docx.document import Document as WordDocument

from webapp.domain.dates import uk_date

from .plain import Plain
from .word import add_run, write


def add_version_note(document: WordDocument, papers: Plain) -> None:
    """ "Revised papers: version 2, issued 3 December 2026. Reason: ..." for a version after the first."""
    version = papers.get("version")
    if not version or version["number"] <= 1:
        return
    paragraph = write(
        document, f"Revised papers: version {version['number']}, issued {uk_date(version['issued_on'])}.", bold=True
    )
    if version.get("reason"):
        add_run(paragraph, " ", clean=False)  # cleaning the reason trims the space before it
        add_run(paragraph, f"Reason: {version['reason']}")
