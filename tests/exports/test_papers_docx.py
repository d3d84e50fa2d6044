"""Committee papers for an A&P meeting (docs/meetings-and-papers.md#the-committee-papers), read back with
python-docx."""

import pytest

from tests.docx_reading import (
    field_codes,
    heading_paragraph,
    headings,
    is_header_row,
    page_break_before,
    pictures,
    reopen,
    table_after,
    table_texts,
    texts,
)
from webapp.domain.papers import REPORT_SECTIONS
from webapp.domain.pips import SECTION_TITLES
from webapp.exports.papers_docx import papers_document

from .samples import completed_pip, empty_draft, full_pip, papers

REPORT_HEADINGS = [f"{number} {title}" for number, (_, title) in enumerate(REPORT_SECTIONS, 1)]
APPENDIX_A = "Appendix A: Performance Improvement Plan – WR01 Household waste collected on time"
APPENDIX_B = "Appendix B: Performance Improvement Plan – HS02 Homeless applications decided within 33 days"


@pytest.fixture(scope="module")
def document():
    return reopen(papers_document(papers([full_pip(), completed_pip()])))


def test_the_cover_report_then_lettered_appendices(document):
    pip_sections = [("Heading 2", SECTION_TITLES[number]) for number in range(1, 7)]
    assert headings(document) == (
        [("Heading 1", "Performance Improvement Plans"), ("Heading 2", "Contents")]
        + [("Heading 2", text) for text in REPORT_HEADINGS]
        + [("Heading 1", APPENDIX_A)]
        + pip_sections
        + [("Heading 1", APPENDIX_B)]
        + pip_sections
    )


def test_the_cover_names_the_council_meeting_item_and_author(document):
    first = document.paragraphs[:4]
    assert [p.text for p in first] == [
        "Borsetshire District Council",
        "Audit and Performance Committee – 8 December 2026",
        "Agenda item 7",
        "Report of the Head of Performance",
    ]
    assert first[3].runs[0].bold


def test_sections_are_numbered_paragraphs(document):
    body = texts(document)
    assert body[body.index("1 Purpose of Report") + 1].startswith("1.1\tThis report presents")
    background = body.index("5 Background")
    assert body[background + 1 : background + 3] == [
        "5.1\tFirst paragraph of background.",
        "5.2\tSecond paragraph of background.",
    ]
    assert body[body.index("4 Proposed Action") + 1].startswith("4.1\tThe committee is invited to RESOLVE")
    contact = body.index("13 Author and Contact Officer")
    assert body[contact + 1] == "Graham Stoppani, Head of Performance, 01234 567890"


def test_appendices_are_listed_in_section_3(document):
    body = texts(document)
    start = body.index("3 Appendices")
    assert body[start + 1 : start + 3] == [APPENDIX_A, APPENDIX_B]


def test_the_executive_summary_tabulates_the_plans_in_words(document):
    table = table_after(document, "2 Executive Summary")
    assert table_texts(table) == [
        ["Appendix", "PI", "Service", "RAG", "Direction of travel", "Status", "Last update", "Overdue"],
        [
            "A",
            "WR01 Household waste collected on time",
            "Waste and Recycling",
            "Amber",
            "Deteriorating",
            "Live",
            "30 November 2026",
            "No",
        ],
        [
            "B",
            "HS02 Homeless applications decided within 33 days",
            "Housing",
            "Green",
            "Improving",
            "Completed",
            "31 December 2026",
            "No",
        ],
    ]
    assert [is_header_row(row) for row in table.rows] == [True, False, False]


def test_each_appendix_starts_on_a_new_page_with_its_chart(document):
    assert page_break_before(heading_paragraph(document, APPENDIX_A))
    assert page_break_before(heading_paragraph(document, APPENDIX_B))
    assert not page_break_before(heading_paragraph(document, "Performance Improvement Plans"))
    assert len(pictures(document)) == 2 and all(description for description, _ in pictures(document))


def test_every_table_header_row_repeats(document):
    for table in document.tables:
        first = table_texts(table)[0]
        assert is_header_row(table.rows[0]) == (first[0] in ("Appendix", "Solutions", "Date", "Nature of risk"))


def test_published_papers_carry_no_draft_marking(document):
    assert document.core_properties.title == (
        "Performance Improvement Plans – Audit and Performance Committee, 8 December 2026"
    )
    assert document.core_properties.language == "en-GB"
    assert not any("DRAFT" in text for text in texts(document))
    assert [p.text for p in document.sections[0].header.paragraphs] == [
        "Audit and Performance Committee – 8 December 2026 – Agenda item 7"
    ]
    assert field_codes(document.sections[0].footer) == ["PAGE", "NUMPAGES"]


def test_a_draft_is_marked_plainly():
    document = reopen(papers_document(papers([full_pip()], draft=True)))
    assert document.paragraphs[0].text == "DRAFT – not yet published"
    assert document.sections[0].header.paragraphs[0].text == "DRAFT – not yet published"
    assert document.core_properties.title.startswith("DRAFT – Performance Improvement Plans")


def test_no_plans_no_appendices():
    document = reopen(papers_document(papers([])))
    body = texts(document)
    assert body[body.index("3 Appendices") + 1] == "None."
    assert [table_texts(table)[0][0] for table in document.tables] == ["Nature of risk"]  # the risks alone
    assert [text for _, text in headings(document)] == ["Performance Improvement Plans"] + REPORT_HEADINGS


def test_an_empty_section_says_none():
    content = papers([empty_draft()])
    content["sections"]["equalities"] = "  \n\n "
    body = texts(reopen(papers_document(content)))
    assert body[body.index("12 Implications for Equalities") + 1] == "None."


def test_the_cover_report_reads_as_the_councils_do(document):
    """docs/meetings-and-papers.md#cover-report: a Discussion section, the resolution in bold, the risks in
    a four-column table, Consultees and Background Papers a line an entry."""
    body = texts(document)
    assert body[body.index("6 Discussion") + 1].startswith("6.1\tEach plan sets out")
    resolution = next(p for p in document.paragraphs if p.text.startswith("4.1\t"))
    assert all(run.bold for run in resolution.runs if run.text.strip())
    background = next(p for p in document.paragraphs if p.text.startswith("5.1\t"))
    assert not any(run.bold for run in background.runs)
    risks = table_texts(table_after(document, "9 Risk Analysis"))
    assert risks == [
        ["Nature of risk", "Consequences if realised", "Likelihood of occurrence", "Control measures"],
        [
            "Performance targets not achieved",
            "Services not delivered in time or to the required quality",
            "Medium",
            "Regular scrutiny of performance data by senior officers and Members",
        ],
        [
            "Performance targets not appropriate",
            "Either too little or too many resources are allocated to a service",
            "Low",
            "Regular scrutiny of performance data by senior officers and Members",
        ],
    ]
    assert body[body.index("9 Risk Analysis") + 1].startswith("9.1\tThis table needs to be completed")
    assert body[body.index("14 Consultees") + 1] == "Corporate Management Team"
    papers_at = body.index("15 Background Papers")
    assert body[papers_at + 1 : papers_at + 3] == ["Service plans", "Performance records"]


def test_a_report_written_before_the_discussion_section_prints_as_it_did():
    content = papers([full_pip()])
    content["sections"]["discussion"] = ""
    content["risks"] = []
    document = reopen(papers_document(content))
    body = texts(document)
    assert "6 Legal Powers" in body and not any(text.endswith("Discussion") for text in body)
    assert body[body.index("8 Risk Analysis") + 1].startswith("8.1\t")
    assert body[body.index("8 Risk Analysis") + 2] == "9 Implications for Resources"


def test_appendix_letters_run_past_z():
    document = reopen(papers_document(papers([empty_draft() for _ in range(27)])))
    appendices = [p for p in document.paragraphs if p.style.name == "Heading 1"][1:]
    assert [p.text.split(":")[0] for p in appendices][-3:] == ["Appendix Y", "Appendix Z", "Appendix AA"]
    assert all(page_break_before(p) for p in appendices)


def _picture_ids(document):
    """The id of every picture in the body (wp:docPr/@id): Word asks to repair a document where two match."""
    return [int(shape._inline.docPr.get("id")) for shape in document.inline_shapes]


def several_charts():
    """Committee papers with four charts, two of them the same picture (the same scores), around a plan
    with no chart."""
    return papers([full_pip(), completed_pip(), empty_draft(), full_pip("WR02", "Recycling rate"), completed_pip()])


def test_every_picture_in_the_papers_has_its_own_id():
    document = reopen(papers_document(several_charts()))
    ids = _picture_ids(document)
    assert len(ids) == 4 and len(set(ids)) == 4 and min(ids) >= 1
    assert all(description and title for description, title in pictures(document))


def test_picture_ids_are_counted_per_document():
    first, second = papers_document(several_charts()), papers_document(papers([full_pip()]))
    assert _picture_ids(second) == [1]
    assert len(set(_picture_ids(first))) == 4


def test_everything_written_comes_before_the_section_properties():
    """webapp/exports/word.py adds paragraphs and tables to the body from its end, where the schema keeps
    the page settings: they must stay last, or Word would ask to repair the file."""
    body = papers_document(several_charts()).element.body
    tags = [child.tag.split("}")[1] for child in body]
    assert tags[-1] == "sectPr" and tags.count("sectPr") == 1
    assert {"p", "tbl"} == set(tags[:-1])


@pytest.mark.parametrize(
    "typed",
    [
        "Head of Performance",
        "The Head of Performance",
        "the  Head of Performance ",
        "Report of the Head of Performance",
        "Report of: Head of Performance",
    ],
)
def test_report_of_names_the_role_once_whatever_the_clerk_typed(typed):
    document = reopen(papers_document(papers([]) | {"report_of": typed}))
    assert "Report of the Head of Performance" in texts(document)


def test_a_single_line_break_in_a_section_stays_a_line_break():
    sections = papers([])["sections"] | {"purpose": "• Bullet one\n• Bullet two\n\nA second paragraph."}
    body = texts(reopen(papers_document(papers([]) | {"sections": sections})))
    start = body.index("1 Purpose of Report")
    assert body[start + 1 : start + 3] == ["1.1\t• Bullet one\n• Bullet two", "1.2\tA second paragraph."]


def test_labels_and_the_revision_note_keep_their_spaces():
    pip = full_pip() | {
        "changes_since": {
            "committee": "Audit and Performance Committee",
            "meeting_date": "2026-09-10",
            "sections": [
                ["Section 1 Performance Indicator Details", [{"kind": "changed", "text": "Score: 71 as at 30 June"}]],
                ["Section 5 Management Comment", [{"kind": "added", "text": "Members comment (Members asked)"}]],
            ],
        }
    }
    version = {"number": 2, "issued_on": "2026-11-30", "reason": "Appendix A corrected."}
    body = texts(reopen(papers_document(papers([pip]) | {"version": version})))
    assert "Changed: Score: 71 as at 30 June" in body
    assert "Added: Members comment (Members asked)" in body
    assert "Revised papers: version 2, issued 30 November 2026. Reason: Appendix A corrected." in body
