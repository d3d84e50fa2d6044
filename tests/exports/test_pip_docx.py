"""The single-PIP Word document (docs/meetings-and-papers.md#a-single-plan), read back with python-docx."""

import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from tests.docx_reading import (
    default_language,
    field_codes,
    headings,
    is_header_row,
    page_break_before,
    pictures,
    reopen,
    row_properties,
    row_spans,
    style_fonts,
    table_after,
    table_texts,
    texts,
)
from webapp.domain.dates import uk_date
from webapp.domain.pips import SECTION_TITLES
from webapp.exports.pip_docx import add_pip, pip_document
from webapp.exports.word import new_document, safe_text

from .samples import ARABIC, EMOJI, HEBREW, LONG_COMMENT, MARKUP, completed_pip, empty_draft, full_pip, hostile_pip


@pytest.fixture(scope="module")
def document():
    return reopen(pip_document(full_pip()))


def test_headings_follow_the_template_as_real_heading_styles(document):
    assert headings(document) == [("Heading 1", "Performance Improvement Plan")] + [
        ("Heading 2", SECTION_TITLES[number]) for number in range(1, 7)
    ]


def test_author_date_service_and_status(document):
    assert table_texts(document.tables[0]) == [
        ["Author", "Jane Smith"],
        ["Date", "3 October 2026"],
        ["Service", "Waste and Recycling"],
        ["Status", "Live"],
    ]


def test_section_1_is_the_label_value_as_at_date_grid(document):
    table = table_after(document, SECTION_TITLES[1])
    assert table_texts(table) == [
        ["PI Code", "WR01"],
        ["PI Name", "Household waste collected on time"],
        ["PI Description", "Percentage of scheduled collections made on the scheduled day"],
        ["Target", "98.0%", "As at Date", "31 March 2027"],
        ["Score", "91.2%", "As at Date", "30 September 2026"],
        ["Last Year End Score", "97.5%", "As at Date", "31 March 2026"],
        ["Score 12 Months Ago", "96.1%", "As at Date", "30 September 2025"],
        ["Comments", "Target set at the upper quartile of our nearest neighbours."],
    ]
    assert [row_spans(row) for row in table.rows][:4] == [[1, 3], [1, 3], [1, 3], [1, 1, 1, 1]]


def test_the_chart_follows_section_1_with_alt_text_and_a_caption(document):
    ((description, title),) = pictures(document)
    assert "WR01 Household waste collected on time" in description
    assert "Latest score 91.2% for September 2026 against a target of 98.0%: Amber." in description
    assert title == "Chart of WR01 Household waste collected on time against target"
    body = texts(document)
    caption = next(text for text in body if text.startswith("Chart: WR01"))
    assert body.index(caption) < body.index(SECTION_TITLES[2])


def test_factors_are_listed_under_their_references(document):
    assert table_texts(table_after(document, SECTION_TITLES[2])) == [
        ["Temporary Factors", "E1  Heavy snowfall in January."],
        ["Long Term Factors", "E2  New estates added 900 homes."],
    ]
    assert table_texts(table_after(document, SECTION_TITLES[3])) == [
        ["Temporary Factors", "I2  Route software upgrade."],
        ["Long Term Factors", "I1  Two HGV driver posts vacant."],
    ]


def test_solutions_show_resourcing_alternatives_and_the_factors_they_address(document):
    table = table_after(document, SECTION_TITLES[4])
    rows = table_texts(table)
    assert rows[0] == ["Solutions", "Target Date", "Factors Addressed"]
    assert rows[1] == [
        "S1  Agency drivers for the winter rounds.\n"
        "Resourcing: Extra funding sought: £18,000 – Bid to the winter pressures reserve.\n"
        "Status: Approved",
        "1 December 2026",
        "E1, I2",
    ]
    assert rows[2] == [
        "S2  Recruit and train two drivers.\nResourcing: Within the service\n"
        "Time lag: Three months' training before new drivers run rounds alone.\n"
        "Option group: Option A\nStrengths: Lasting fix.\nWeaknesses: Slow to take effect.\n"
        "Status: Approved",
        "1 February 2027",
        "I1",
    ]
    assert rows[3][1:] == ["Not set", "I1, E2"]
    assert "Resourcing: Extra funding sought: £42,500.50" in rows[3][0]
    assert [is_header_row(row) for row in table.rows] == [True, False, False, False]


def test_management_comments_cite_their_meetings_and_decisions(document):
    rows = table_texts(table_after(document, SECTION_TITLES[5]))
    assert [row[0] for row in rows] == ["Head of Service", "CMT", "Members"]  # no OMT comment, so no OMT row
    assert rows[0][1] == "The plan has my support.\nHead of Waste, 5 October 2026"
    assert rows[1][1] == (
        "S1 and S2 approved; S3 is too costly.\n"
        "Chief Executive, 14 October 2026 – CMT, 14 October 2026, minute CMT/2026/41\n"
        "Approves S1, S2. Declines S3."
    )
    assert rows[2][1].endswith("Audit and Performance Committee, 8 December 2026, minute AP/26/7")


def test_progress_tracking_has_a_repeating_header_and_scores_with_units(document):
    table = table_after(document, SECTION_TITLES[6])
    assert table_texts(table) == [
        ["Date", "Comment", "PI Score"],
        ["31 October 2026", "Agency drivers started.", "93.4%"],
        ["30 November 2026", "Two drivers recruited.", "95.0%"],
    ]
    assert row_properties(table.rows[0]) == {"tblHeader", "cantSplit"}


def test_a_completed_plan_shows_omt_and_its_final_entry():
    document = reopen(pip_document(completed_pip()))
    comments = table_texts(table_after(document, SECTION_TITLES[5]))
    assert [row[0] for row in comments] == ["Head of Service", "CMT", "OMT", "Members"]
    assert comments[2][1] == "Progress is good.\nDirector of Services, 2 November 2026 – OMT, 2 November 2026"
    assert table_texts(table_after(document, SECTION_TITLES[6]))[-1] == [
        "31 December 2026",
        "All solutions in place.\nFinal entry: the plan is complete.",
        "30.0 days",
    ]
    assert table_texts(document.tables[0])[-1] == ["Status", "Completed"]


def test_the_page_is_a4_portrait_arial_12_with_black_arial_headings(document):
    section = document.sections[0]
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.0, 29.7)  # to the twip
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.0
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Arial", Pt(12))
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 1 Char", "Heading 2 Char"):
        fonts = style_fonts(document, name)
        assert not {"asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"} & fonts.keys()
        assert fonts["ascii"] == fonts["hAnsi"] == fonts["cs"] == "Arial"
        colour = document.styles[name].font.color
        assert colour.theme_color is None and max(colour.rgb) < 0x20


def test_title_language_and_page_x_of_y_footer(document):
    assert document.core_properties.title == "Performance Improvement Plan – WR01 Household waste collected on time"
    assert document.core_properties.language == "en-GB"
    assert default_language(document) == "en-GB"
    footer = document.sections[0].footer
    assert field_codes(footer) == ["PAGE", "NUMPAGES"]
    assert footer.paragraphs[0].text == "Page 1 of 1"  # the placeholders LibreOffice and Word replace


def test_an_empty_draft_says_what_is_missing():
    document = reopen(pip_document(empty_draft()))
    assert pictures(document) == []
    body = texts(document)
    assert "No scores recorded: neither the PI register nor this plan holds a score for PL03." in body
    assert table_texts(table_after(document, SECTION_TITLES[1]))[3] == ["Target", "Not recorded", "As at Date", ""]
    assert table_texts(table_after(document, SECTION_TITLES[2])) == [
        ["Temporary Factors", "None recorded."],
        ["Long Term Factors", "None recorded."],
    ]
    assert table_texts(table_after(document, SECTION_TITLES[4]))[1:] == [["None recorded."]]
    assert [row[1] for row in table_texts(table_after(document, SECTION_TITLES[5]))] == ["None recorded."] * 3
    assert table_texts(table_after(document, SECTION_TITLES[6]))[1:] == [["None recorded."]]
    assert table_texts(document.tables[0])[3] == ["Status", "Draft"]


def test_hostile_text_is_written_literally_and_safely():
    document = reopen(pip_document(hostile_pip()))
    body = "\n".join(texts(document))
    assert headings(document)[0] == ("Heading 1", "Performance Improvement Plan")
    assert f"E1  {MARKUP}" in body and f"E2  {ARABIC}" in body
    assert f"I1  {HEBREW}\n{EMOJI}" in body
    assert "First line\nsecond line with \u201csmart quotes\u201d and\u00a0a non-breaking space" in body
    assert LONG_COMMENT.strip() in body
    assert f"{MARKUP}\n{EMOJI}\n{ARABIC}" in body
    assert not any(ord(character) < 32 and character not in "\t\n" for character in body)
    assert document.core_properties.title == f"Performance Improvement Plan – CS09 Complaints {MARKUP} answered"
    assert table_texts(document.tables[0])[0] == ["Author", f"{HEBREW} \n{EMOJI}"]


def test_add_pip_writes_an_appendix_into_another_document():
    title = "Appendix A: Performance Improvement Plan – WR01 Household waste collected on time"
    document = new_document("Papers")
    add_pip(document, full_pip(), title, new_page=True)
    document = reopen(document)
    first = document.paragraphs[0]
    assert (first.style.name, first.text) == ("Heading 1", title)
    assert page_break_before(first)


@pytest.mark.parametrize(
    "value, words",
    [
        ("2026-09-30", "30 September 2026"),
        ("2027-01-01", "1 January 2027"),
        (None, ""),
        ("", ""),
    ],
)
def test_uk_dates(value, words):
    assert uk_date(value) == words


@pytest.mark.parametrize(
    "value, safe",
    [
        ("a\x0bb", "a\nb"),
        ("\x00x\x1f", "x"),
        (None, ""),
        ("\ud800lone", "lone"),
        (MARKUP, MARKUP),
    ],
)
def test_safe_text_keeps_what_word_can_hold(value, safe):
    assert safe_text(value) == safe


def test_a_withdrawn_plan_prints_when_and_why():
    """docs/meetings-and-papers.md#every-plan-state"""
    printed = full_pip()
    printed["plan"]["status"] = "withdrawn"
    printed["closed"] = {"on": "2026-11-02", "reason": "The PI was deleted from the service plan."}
    document = reopen(pip_document(printed))
    assert table_texts(document.tables[0])[3:] == [
        ["Status", "Withdrawn"],
        ["Withdrawn on", "2 November 2026"],
        ["Reason for withdrawal", "The PI was deleted from the service plan."],
    ]
    printed["closed"] = {"on": None, "reason": ""}  # withdrawn before either was kept
    rows = table_texts(reopen(pip_document(printed)).tables[0])
    assert rows[4:] == [["Withdrawn on", "Not recorded"], ["Reason for withdrawal", "Not recorded"]]


def test_a_completed_plan_prints_when_it_was_completed_and_a_live_one_nothing_more():
    printed = completed_pip()
    printed["closed"] = {"on": "2026-12-31", "reason": ""}
    assert table_texts(reopen(pip_document(printed)).tables[0])[3:] == [
        ["Status", "Completed"],
        ["Completed on", "31 December 2026"],
    ]
    live = full_pip()
    live["closed"] = {"on": None, "reason": "Reopened: the score fell again."}  # the reason a plan reopened
    assert table_texts(reopen(pip_document(live)).tables[0])[3:] == [["Status", "Live"]]


def test_a_plan_without_register_scores_says_where_its_section_1_scores_come_from():
    """An imported plan whose PI has no scores on the register: no chart, and a note in place of
    "No scores recorded." under a Section 1 that shows the plan's own score."""
    printed = full_pip()
    printed["scores"] = []
    document = reopen(pip_document(printed))
    assert pictures(document) == []
    assert table_texts(table_after(document, SECTION_TITLES[1]))[4][:2] == ["Score", "91.2%"]
    body = texts(document)
    note = body[body.index(SECTION_TITLES[2]) - 1]
    assert note == (
        "No chart: the PI register holds no scores for WR01. The values in Section 1 are those recorded in "
        "this plan itself, not read from the register."
    )
    assert "No scores recorded." not in body


@pytest.mark.parametrize("places, score, progress", [(0, "7", "6"), (1, "7.0", "6.0"), (2, "7.00", "6.00")])
def test_values_print_with_the_pis_decimal_places(places, score, progress):
    """A count PI of 0 decimal places prints 7, not 7.0 (docs/meetings-and-papers.md#every-plan-state)."""
    printed = full_pip()
    printed["plan"]["indicator"]["unit"] = "number"
    printed["plan"]["details"]["score"]["value"] = 7
    printed["plan"]["progress"][0]["score"] = 6
    printed["indicator"]["decimal_places"] = places
    document = reopen(pip_document(printed))
    assert table_texts(table_after(document, SECTION_TITLES[1]))[4][1] == score
    assert table_texts(table_after(document, SECTION_TITLES[6]))[1][2] == progress


def test_the_chart_prints_at_the_size_it_was_drawn_for(document):
    """Its text is then the size chart_drawing sets (docs/meetings-and-papers.md#the-chart): 10 pt on paper."""
    from docx.shared import Cm

    from webapp.exports.chart_drawing import TEXT_POINTS, WIDTH_CM

    (shape,) = document.inline_shapes
    assert abs(shape.width - Cm(WIDTH_CM)) < Cm(0.05)
    assert TEXT_POINTS >= 9
