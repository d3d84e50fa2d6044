"""The Word plan reader's pure parts (docs/word-import.md): headings, labels and values as the template's
cells hold them, the factors and comments in a cell, and tables read once per cell however merged."""

from datetime import date
from decimal import Decimal

import pytest

from tests.web.pips.word_plans import HandFilled
from webapp.exports.docx_blocks import Grid, Para, UnreadableWord, read_blocks
from webapp.exports.pip_docx_cells import factor_items, resourcing_of
from webapp.exports.pip_docx_comments import comment_items, decisions_of, source_of
from webapp.exports.pip_docx_words import DETAIL_LABELS, Section, Unit, label_of, read_value, section_of, table_of


@pytest.mark.parametrize(
    "heading, section",
    [
        ("Section 2 External Factors Impacting Performance", Section.EXTERNAL),
        ("SECTION 3 – INTERNAL FACTORS", Section.INTERNAL),
        ("4. Proposed solutions", Section.SOLUTIONS),
        ("Management Comments", Section.COMMENTS),
        ("Section 6", Section.PROGRESS),
        ("Completion Notes:", Section.NOTES),
        ("External factors include the weather and the national shortage of drivers", None),
        ("Section 9", None),
    ],
)
def test_section_headings_in_any_style(heading, section):
    assert section_of(heading) is section


def test_labels_are_compared_without_case_punctuation_or_brackets():
    assert label_of("Score 12 Months Ago:", DETAIL_LABELS) == "score_12_months_ago"
    assert label_of("Last Year-End Score", DETAIL_LABELS) == "last_year_end_score"
    assert label_of("Target (2026/27)", DETAIL_LABELS) == "target"
    assert table_of(["Solutions", "Target Date", "Factors Addressed"])[1] == ["description", "target_date", "factors"]
    assert table_of(["Date", "3 October 2026"]) is None


@pytest.mark.parametrize(
    "written, value, unit, rest",
    [
        ("91.2%", Decimal("91.2"), Unit.PERCENT, ""),
        ("£18,000.50", Decimal("18000.5"), Unit.CURRENCY, ""),
        ("-£12", Decimal("-12"), Unit.CURRENCY, ""),
        ("12.5 days", Decimal("12.5"), Unit.DAYS, ""),
        ("98 (2026/27)", Decimal("98"), None, "(2026/27)"),
        ("1.2m", None, None, "1.2m"),
        ("Not recorded", None, None, "Not recorded"),
    ],
)
def test_values_as_cells_hold_them(written, value, unit, rest):
    assert read_value(written) == (value, unit, rest)


def _paras(*texts, listed=()):
    return tuple(Para(text, listed=i in listed) for i, text in enumerate(texts))


def test_factors_by_reference_by_bullet_or_by_paragraph():
    assert factor_items(_paras("E1  Snow.", "More snow.", "E2 Ice."), "E") == [
        ("E1", "Snow.\nMore snow."),
        ("E2", "Ice."),
    ]
    assert factor_items(_paras("Intro.", "Snow.", "on the hills", "Ice.", listed=(1, 3)), "E") == [
        (None, "Intro."),
        (None, "Snow.\non the hills"),
        (None, "Ice."),
    ]
    assert factor_items(_paras("• Snow.", "- Ice."), "E") == [(None, "Snow."), (None, "Ice.")]
    assert factor_items(_paras("Snow.", "", "Ice."), "E") == [(None, "Snow."), (None, "Ice.")]
    assert factor_items(_paras("None recorded."), "E") == []
    assert factor_items(_paras("S106 money delayed."), "E") == [(None, "S106 money delayed.")]


def test_the_line_of_who_and_when_under_a_comment():
    assert source_of("Chief Executive, 14 October 2026 – CMT, 14 October 2026, minute CMT/2026/41") == (
        "Chief Executive",
        date(2026, 10, 14),
        source_of("x, 14 October 2026 – CMT, 14 October 2026, minute CMT/2026/41")[2],
    )
    assert source_of("Smith, Jane, 5/10/2026")[:2] == ("Smith, Jane", date(2026, 10, 5))
    assert source_of("We will recover by March.") is None
    assert decisions_of("Approves S1, S2. Declines S3.") == (["S1", "S2"], ["S3"])
    assert decisions_of("CMT approves S1 because it is cheap") is None


def test_comments_in_a_cell_as_the_export_writes_them_and_as_people_do():
    exported = (
        Para("First."),
        Para("Chief Executive, 14 October 2026 – CMT, 14 October 2026", italic=True),
        Para("Approves S1."),
        Para("Second."),
        Para("Leader, 11 November 2026 – CMT, 11 November 2026, minute 7", italic=True),
    )
    first, second = comment_items(exported)
    assert (first.text, first.author, first.approves, first.meeting.body) == (
        "First.",
        "Chief Executive",
        ["S1"],
        "CMT",
    )
    assert (second.text, second.meeting.reference) == ("Second.", "7")
    dated = comment_items(_paras("14/10/2026: noted.", "11/11/2026: approved.", "With thanks."))
    assert [(c.day, c.text) for c in dated] == [
        (date(2026, 10, 14), "14/10/2026: noted."),
        (date(2026, 11, 11), "11/11/2026: approved.\nWith thanks."),
    ]


def test_resourcing_as_the_export_writes_it():
    assert resourcing_of("Extra funding sought: £18,000 – Bid to the reserve: twice.") == (
        "extra_funding",
        Decimal("18000"),
        "Bid to the reserve: twice.",
    )
    assert resourcing_of("Within the service") == ("within_service", None, "")
    assert resourcing_of("Paid for by a grant") is None


def test_merged_cells_are_read_once_at_their_first_column():
    doc = HandFilled().table(
        [
            ["PI Code", "WR01", None, None],
            ["Target", "98%", "As at Date", "31/03/2027"],
            ["S1", "x", "1/1/2027", "E1"],
            ["S2", "y", None, "E2"],
        ],
        merges=[((0, 1), (0, 3)), ((2, 2), (3, 2))],
    )
    (grid,) = [block for block in read_blocks(doc.bytes()) if isinstance(block, Grid)]
    first, _, third, fourth = grid.rows
    assert [(c.column, c.span, c.text) for c in first] == [(0, 1, "PI Code"), (1, 3, "WR01")]
    assert (third[2].text, fourth[2].text, fourth[2].continued) == ("1/1/2027", "1/1/2027", True)


@pytest.mark.parametrize("data", [b"", b"plain text", b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"])
def test_what_is_not_a_docx_is_refused(data):
    with pytest.raises(UnreadableWord):
        read_blocks(data)
