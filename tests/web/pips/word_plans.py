"""Word documents made to look like plans people filled in by hand in the council's template (seed 002): built
with python-docx, with what real ones have: merged and split cells, empty rows, bullets (Word's own and typed),
dates written every way, extra paragraphs, headings in other styles, content controls and tracked changes.
And the requests that upload and confirm them."""

import copy
import io
import re

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class HandFilled:
    """A document written a paragraph and a table at a time."""

    def __init__(self):
        self.document = Document()

    def heading(self, text, style="Heading 2", bold=False):
        paragraph = self.document.add_paragraph(style=style)
        paragraph.add_run(text).bold = bold or None
        return self

    def paragraph(self, text, style=None, bold=False, bullet=False):
        paragraph = self.document.add_paragraph(style=style)
        paragraph.add_run(text).bold = bold or None
        if bullet:
            word_bullet(paragraph)
        return self

    def table(self, rows, columns=None, merges=(), widths=None):
        """A table of `rows`; a cell is text (its lines become paragraphs), a list of paragraphs (a paragraph
        "• x" stays typed, ("bullet", "x") is a Word bullet, ("List Bullet", "x") a bullet style), or None for a
        cell merged away. `merges` are ((row, column), (row, column)) corners, merged before text is written."""
        columns = columns or max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for top_left, bottom_right in merges:
            table.cell(*top_left).merge(table.cell(*bottom_right))
        for r, row in enumerate(rows):
            for c, content in enumerate(row):
                if content is not None:
                    fill(table.cell(r, c), content)
        return self

    def bytes(self):
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def fill(cell, content):
    paragraphs = content.split("\n") if isinstance(content, str) else list(content)
    first = True
    for item in paragraphs:
        paragraph = cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()
        first = False
        if isinstance(item, tuple):
            how, text = item
            if how == "bullet":
                paragraph.style = cell.part.document.styles["List Paragraph"]
                word_bullet(paragraph)
            else:
                paragraph.style = cell.part.document.styles[how]
            paragraph.add_run(text)
        else:
            paragraph.add_run(item)


def word_bullet(paragraph):
    """A bullet as Word makes one: numbering properties on the paragraph."""
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        numbering.append(element)
    properties.append(numbering)


def in_content_control(paragraph):
    """The paragraph's runs inside a content control, as a template with fill-in boxes has them."""
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    properties = OxmlElement("w:sdtPr")
    sdt.append(properties)
    sdt.append(content)
    for run in list(paragraph._p.iter(qn("w:r"))):
        content.append(run)
    paragraph._p.append(sdt)


def deleted(paragraph, text):
    """Text deleted with Track Changes on: still in the file, not in the document."""
    removal = OxmlElement("w:del")
    removal.set(qn("w:id"), "1")
    removal.set(qn("w:author"), "Jane")
    run = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.text = text
    run.append(gone)
    removal.append(run)
    paragraph._p.append(removal)


# ---------------------------------------------------------------- the plans


def classic(code="WR01"):
    """The template filled in as most officers do: bold section lines, dates and values typed every way,
    several factors to a cell, Word's bullets and typed ones, an empty row, a merged PI Code row."""
    doc = HandFilled()
    doc.heading("Performance Improvement Plan", style="Title")
    doc.table([["Author", "Jane Smith"], ["Date", "30/09/2026"]])
    doc.paragraph("Section 1 Performance Indicator Details", bold=True)
    doc.table(
        [
            ["PI Code", code, None, None],
            ["PI Name", "Household waste collected on time", None, None],
            ["PI Description", "Percentage of scheduled collections made on the scheduled day", None, None],
            ["Target", "98%", "As at Date", "31 March 2027"],
            ["Score", "91.2 %", "As at Date", "30 Sept 2026"],
            ["Last Year End Score", "97.5%", "As at Date", "March 2026"],
            ["Score 12 Months Ago", "N/A", "As at Date", ""],
            ["Comments:", "Target set at the upper quartile.\nReviewed each April.", None, None],
        ],
        merges=[((r, 1), (r, 3)) for r in (0, 1, 2, 7)],
    )
    doc.paragraph("Section 2 External Factors Impacting Performance", bold=True)
    doc.table(
        [
            ["Temporary Factors", "Heavy snowfall closed the rural rounds.\nFuel shortages in February."],
            ["Long Term Factors", [("bullet", "A national shortage of HGV drivers."), ("bullet", "New estates.")]],
        ]
    )
    doc.paragraph("Section 3 Internal Factors Impacting Performance", bold=True)
    doc.table(
        [
            ["Temporary Factors", ["• Route software still bedding in.", "• Depot roof repairs."]],
            ["Long Term Factors", ["I1 Two HGV driver posts vacant since the summer.", "Agency cover is patchy."]],
        ]
    )
    doc.paragraph("Section 4 Proposed Solutions", bold=True)
    doc.table(
        [
            ["Solutions", "Target Date", "Factors Addressed"],
            ["Agency drivers for the winter rounds.", "30 Sept 2026", "E1, I1"],
            ["", "", ""],
            ["Train two loaders as HGV drivers.", "September 2027", "vacant posts"],
            ["Refresher training on the in-cab software.\nDelivered by the supplier.", "TBC", "All internal"],
        ]
    )
    doc.paragraph("Section 5 Management Comment", bold=True)
    doc.table(
        [
            ["Head of Service", "The vacancies drive the drop.\nJane Smith, 5/10/2026"],
            ["CMT", "Approved the agency cover at CMT on 14/10/2026."],
            ["Members", ""],
        ]
    )
    doc.paragraph("Section 6 Progress Tracking", bold=True)
    doc.table(
        [
            ["Date", "Comment", "PI Score"],
            ["31/10/2026", "Agency drivers started on the rural rounds.", "93.4%"],
            ["Nov 2026", "Both driver posts advertised.", "94.1"],
            ["", "", ""],
        ]
    )
    return doc


def merged_and_split(code="WR01"):
    """One table holding the whole plan, as some services keep it: section lines merged across the table,
    the Solutions column split in two (reference | text) under one heading, a Target Date merged down over
    two solutions, and headings of another style."""
    doc = HandFilled()
    doc.heading("PERFORMANCE IMPROVEMENT PLAN", style="Heading 1")
    rows = [
        ["Author", "Priya Shah", None, None],
        ["Date", "3.10.26", None, None],
        ["SECTION 1 – PERFORMANCE INDICATOR DETAILS", None, None, None],
        ["PI Code", code, None, None],
        ["PI Name", "Rent collected", None, None],
        ["Target", "£18,000", "As at 31/03/2027", None],
        ["Score", "£12,500.50 as at 30 September 2026", None, None],
        ["SECTION 2 – EXTERNAL FACTORS", None, None, None],
        ["Temporary Factors", "E1: Benefit changes delayed payments.", None, None],
        ["Long Term Factors", "None", None, None],
        ["SECTION 3 – INTERNAL FACTORS", None, None, None],
        ["Temporary Factors", "I1 – Staff sickness in the income team.\nI2 – New payments system.", None, None],
        ["Long Term Factors", "", None, None],
        ["SECTION 4 – PROPOSED SOLUTIONS", None, None, None],
        ["Solutions", None, "Target Date", "Factors Addressed"],
        ["S1", "Temporary staff for the income team.", "31 Dec 2026", "I1"],
        ["S2", "Text reminders to tenants.", None, "E1 and I2"],
        ["SECTION 5 – MANAGEMENT COMMENT", None, None, None],
        ["Head of Service", "Agreed.", None, None],
        ["SECTION 6 – PROGRESS TRACKING", None, None, None],
        ["Date", "Comment", None, "PI Score"],
        ["30 November 2026", "Temporary staff started.", None, "£13,000"],
    ]
    merges = [((r, 0), (r, 3)) for r in (2, 7, 10, 13, 17, 19)]
    merges += [((r, 1), (r, 3)) for r in (0, 1, 3, 4, 6, 8, 9, 11, 12, 18)]
    merges += [((5, 2), (5, 3)), ((14, 0), (14, 1)), ((15, 2), (16, 2)), ((20, 1), (20, 2)), ((21, 1), (21, 2))]
    doc.table(rows, columns=4, merges=merges)
    return doc


def other_styles(code="WR01"):
    """Headings in other styles and words, extra paragraphs, factors as paragraphs under labels, the completion
    notes left in at the end, a content control and a tracked deletion."""
    doc = HandFilled()
    doc.heading("PIP – Household waste", style="Title")
    doc.paragraph("Author: Sam Green")
    doc.paragraph("Date: Wednesday 30 September 2026")
    doc.heading("1. PI details", style="Heading 3")
    doc.table([["Performance Indicator Code", code], ["PI Name", "Missed bins"], ["Current target", "40"]])
    doc.paragraph("Please see the appendix for the full data.")
    doc.heading("External factors", style="Heading 1")
    doc.paragraph("Temporary factors:")
    doc.paragraph("Road closures on the ring road.", style="List Bullet")
    doc.paragraph("Long term factors: Housing growth in the north of the district.")
    doc.heading("Internal factors", style="Heading 1")
    doc.table([["Temporary", "A crew short every Monday."], ["Long term", "n/a"]])
    doc.heading("Proposed solutions", style="Heading 1")
    doc.table(
        [
            ["Proposed solution", "Deadline", "Factors"],
            ["Reroute the Monday rounds.", "end of Jan 2027", "I1, E1"],
        ]
    )
    doc.heading("Management comments", style="Heading 1")
    doc.table([["Head of service", "Supported."], ["CMT", "14/10/2026: noted.\n11/11/2026: S1 approved."]])
    doc.heading("Progress", style="Heading 1")
    doc.table([["Update date", "Progress update", "Score"], ["2026-10-31", "Rounds rerouted.", "35"]])
    paragraph = doc.document.tables[-1].cell(1, 1).paragraphs[0]
    in_content_control(paragraph)
    deleted(paragraph, " Not yet.")
    doc.heading("Completion Notes:", style="Heading 2")
    doc.paragraph("Section 1")
    doc.paragraph("The comments section should include the rationale behind the original target.")
    doc.paragraph("Section 6")
    doc.paragraph("The final entry should formally state that the plan has been completed.")
    return doc


def no_headings(code="WR01"):
    """A template whose section lines were deleted: the factor tables follow each other in the template's order."""
    doc = HandFilled()
    doc.table([["Author", "Jane Smith"], ["Date", "1 Oct 2026"], ["PI Code", code]])
    doc.table([["Temporary Factors", "Snow."], ["Long Term Factors", "Growth."]])
    doc.table([["Temporary Factors", "Sickness."], ["Long Term Factors", "Vacancies."]])
    return doc


def docx_of(builder):
    return builder.bytes() if isinstance(builder, HandFilled) else builder


def changed(builder, change):
    """A copy of the builder's document with `change(document)` applied."""
    copied = HandFilled()
    copied.document = copy.deepcopy(builder.document)
    change(copied.document)
    return copied


# ---------------------------------------------------------------- the requests


def upload(client, data, name="plan.docx", create=False):
    # Encoded here, in memory: the test client would spool a large body to a temporary file it never closes.
    fields = {"document": FileStorage(io.BytesIO(data), name, content_type=DOCX)}
    if create:
        fields["create_indicators"] = "y"
    boundary, body = encode_multipart(fields)
    return client.post("/pips/import-word", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def token_of(html):
    found = re.search(r'name="token" type="hidden" value="([^"]+)"', html) or re.search(
        r'id="token" name="token" type="hidden" value="([^"]+)"', html
    )
    return found.group(1) if found else None


def confirm(client, html_or_token, **choices):
    token = token_of(html_or_token) or html_or_token
    return client.post("/pips/import-word/confirm", data={"token": token, **choices})
