"""Hand-filled templates (docs/word-import.md#what-is-recognised): documents made to look like the plans officers
wrote in Word before this app (tests/web/pips/word_plans.py) import as Drafts with their factors, solutions and
the factors each addresses, management comments and progress."""

from datetime import date
from decimal import Decimal

import pytest

from tests.web.pips import word_plans
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.models import Body, Pip
from webapp.pips.from_word import Choices, check_word_plan, import_word_plan
from webapp.pips.store import load_plan


@pytest.fixture
def register(make_indicator, make_service, db):
    """The PIs the documents name, and the bodies whose meetings their comments cite."""
    waste = make_service("Waste and Recycling")
    Body.create(name="CMT", kind=BodyKind.CMT)
    Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    return {
        "WR01": make_indicator(code="WR01", service=waste),
        "RB02": make_indicator(code="RB02", service=make_service("Revenues"), unit="currency"),
        "WR02": make_indicator(code="WR02", service=waste, unit="number", polarity="lower_is_better"),
    }


def imported(builder, **choices):
    pip, check = import_word_plan(word_plans.docx_of(builder), Choices(**choices), filename="plan.docx")
    assert pip is not None, check.errors
    return load_plan(pip.id), check


def factors(plan):
    return [(f.ref, f.kind.value, f.duration.value, f.description) for f in plan.factors]


def solutions(plan):
    return [(s.ref, s.description, s.target_date, [f.ref for f in s.addressed]) for s in plan.solutions]


def progress(plan):
    return [(p.made_on, p.comment, p.score) for p in plan.progress]


def test_the_classic_hand_filled_template(register):
    plan, check = imported(word_plans.classic())
    pip = plan.pip
    assert (pip.status, pip.author, pip.raised_on, pip.indicator.code) == (
        PipStatus.DRAFT,
        "Jane Smith",
        date(2026, 9, 30),
        "WR01",
    )
    assert (pip.target_value, pip.target_as_at) == (Decimal("98"), date(2027, 3, 31))
    assert (pip.score_value, pip.score_as_at) == (Decimal("91.2"), date(2026, 9, 30))
    assert (pip.last_year_end_value, pip.last_year_end_as_at) == (Decimal("97.5"), date(2026, 3, 31))
    assert (pip.score_12_months_ago_value, pip.score_12_months_ago_as_at) == (None, None)
    assert pip.comments == "Target set at the upper quartile.\nReviewed each April."
    assert factors(plan) == [
        ("E1", "external", "temporary", "Heavy snowfall closed the rural rounds."),
        ("E2", "external", "temporary", "Fuel shortages in February."),
        ("E3", "external", "long_term", "A national shortage of HGV drivers."),
        ("E4", "external", "long_term", "New estates."),
        ("I1", "internal", "long_term", "Two HGV driver posts vacant since the summer.\nAgency cover is patchy."),
        ("I2", "internal", "temporary", "Route software still bedding in."),
        ("I3", "internal", "temporary", "Depot roof repairs."),
    ]
    assert solutions(plan) == [
        ("S1", "Agency drivers for the winter rounds.", date(2026, 9, 30), ["E1", "I1"]),
        ("S2", "Train two loaders as HGV drivers.", date(2027, 9, 30), ["I1"]),
        ("S3", "Refresher training on the in-cab software.\nDelivered by the supplier.", None, ["I1", "I2", "I3"]),
    ]
    hos, cmt = plan.comments
    assert (hos.role.value, hos.author, hos.made_on, hos.text) == (
        "head_of_service",
        "Jane Smith",
        date(2026, 10, 5),
        "The vacancies drive the drop.",
    )
    assert (cmt.role.value, cmt.made_on, cmt.meeting.body.name, cmt.meeting.date) == (
        "cmt",
        date(2026, 10, 14),
        "CMT",
        date(2026, 10, 14),
    )
    assert progress(plan) == [
        (date(2026, 10, 31), "Agency drivers started on the rural rounds.", Decimal("93.4")),
        (date(2026, 11, 30), "Both driver posts advertised.", Decimal("94.1")),
    ]
    assert (pip.last_external_number, pip.last_internal_number, pip.last_solution_number) == (4, 3, 3)
    assert 'Section 4, row 2: Factors Addressed "vacant posts" read as I1' in check.assumed


def test_merged_and_split_cells_in_one_table(register):
    plan, check = imported(word_plans.merged_and_split(code="RB02"))
    pip = plan.pip
    assert (pip.author, pip.raised_on) == ("Priya Shah", date(2026, 10, 3))
    assert (pip.target_value, pip.target_as_at) == (Decimal("18000"), date(2027, 3, 31))
    assert (pip.score_value, pip.score_as_at) == (Decimal("12500.5"), date(2026, 9, 30))
    assert factors(plan) == [
        ("E1", "external", "temporary", "Benefit changes delayed payments."),
        ("I1", "internal", "temporary", "Staff sickness in the income team."),
        ("I2", "internal", "temporary", "New payments system."),
    ]
    # S2's Target Date is the cell merged down from S1's row
    assert solutions(plan) == [
        ("S1", "Temporary staff for the income team.", date(2026, 12, 31), ["I1"]),
        ("S2", "Text reminders to tenants.", date(2026, 12, 31), ["E1", "I2"]),
    ]
    assert [(c.role.value, c.text) for c in plan.comments] == [("head_of_service", "Agreed.")]
    assert progress(plan) == [(date(2026, 11, 30), "Temporary staff started.", Decimal("13000"))]
    assert check.unread == []


def test_headings_in_other_styles_paragraph_factors_and_the_completion_notes(register):
    plan, check = imported(word_plans.other_styles(code="WR02"))
    pip = plan.pip
    assert (pip.author, pip.raised_on, pip.pi_name, pip.target_value) == (
        "Sam Green",
        date(2026, 9, 30),
        "Missed bins",
        Decimal("40"),
    )
    assert factors(plan) == [
        ("E1", "external", "temporary", "Road closures on the ring road."),
        ("E2", "external", "long_term", "Housing growth in the north of the district."),
        ("I1", "internal", "temporary", "A crew short every Monday."),
    ]
    assert solutions(plan) == [("S1", "Reroute the Monday rounds.", date(2027, 1, 31), ["E1", "I1"])]
    assert [(c.role.value, c.made_on) for c in plan.comments] == [
        ("head_of_service", date(2026, 9, 30)),
        ("cmt", date(2026, 10, 14)),
        ("cmt", date(2026, 11, 11)),
    ]
    # the content control's text is read; the tracked deletion is not
    assert progress(plan) == [(date(2026, 10, 31), "Rounds rerouted.", Decimal("35"))]
    assert check.unread == [
        'Section 1: "Please see the appendix for the full data." is not in a table of the template: not read'
    ]


def test_factor_tables_without_headings_are_read_in_the_templates_order(register):
    plan, check = imported(word_plans.no_headings())
    assert [(f.ref, f.description) for f in plan.factors] == [
        ("E1", "Snow."),
        ("E2", "Growth."),
        ("I1", "Sickness."),
        ("I2", "Vacancies."),
    ]
    assert "Section 2: no heading found: the factors were read in the template's order" in check.assumed


def test_references_written_are_kept_and_the_rest_numbered_after_them(register):
    doc = word_plans.HandFilled()
    doc.table([["Author", "Jane"], ["Date", "1/10/2026"], ["PI Code", "WR01"]])
    doc.heading("Section 2 External Factors Impacting Performance")
    doc.table([["Temporary Factors", "E3 Snow.\nE3 Ice.\nI4 Fog."], ["Long Term Factors", "Growth."]])
    doc.heading("Section 4 Proposed Solutions")
    doc.table(
        [
            ["Solutions", "Target Date", "Factors Addressed"],
            ["S2 Grit the routes.", "1/12/2026", "E3"],
            ["Salt bins.", "1/12/2026", "I4, E9"],
            ["Fog lamps.", "", "fog"],
        ]
    )
    plan, check = imported(doc)
    assert [(f.ref, f.description) for f in plan.factors] == [
        ("E3", "Snow."),
        ("E4", "Ice."),
        ("E5", "Fog."),
        ("E6", "Growth."),
    ]
    assert solutions(plan) == [
        ("S2", "Grit the routes.", date(2026, 12, 1), ["E3"]),
        ("S3", "Salt bins.", date(2026, 12, 1), ["E5"]),
        ("S4", "Fog lamps.", None, ["E5"]),
    ]
    assert "Section 2: E3 is numbered E4 (E3 is written twice)" in check.assumed
    assert "Section 2: I4 is numbered E5 (an external factor's reference starts E)" in check.assumed
    assert "Section 4, row 2: Factors Addressed names E9, which is no factor of the plan: left out" in check.unread


@pytest.mark.parametrize(
    "written, expected",
    [
        ("30/09/2026", date(2026, 9, 30)),
        ("30 Sept 2026", date(2026, 9, 30)),
        ("September 2026", date(2026, 9, 30)),
        ("30.09.26", date(2026, 9, 30)),
        ("Wednesday, 30th September 2026", date(2026, 9, 30)),
        ("2026-09-30", date(2026, 9, 30)),
        ("Feb 2028", date(2028, 2, 29)),
    ],
)
def test_progress_dates_in_every_form(register, written, expected):
    builder = word_plans.classic()
    builder.document.tables[-1].cell(1, 0).text = written
    plan, _ = imported(builder)
    entry = next(p for p in plan.progress if p.comment == "Agency drivers started on the rural rounds.")
    assert entry.made_on == expected


def test_a_plan_without_author_date_or_code_says_what_is_missing(register):
    doc = word_plans.HandFilled()
    doc.heading("Section 2 External Factors Impacting Performance")
    doc.table([["Temporary Factors", "Snow."]])
    check = check_word_plan(doc.bytes(), Choices())
    assert check.errors == [
        "Author: the document gives no Author (the template's first table: Author | name)",
        "Date: the document gives no Date (the template's first table: Date | 3/10/2026)",
        "Section 1: the document gives no PI Code (Section 1's first row: PI Code | WR01)",
        "Service: the document names no service: choose the plan's service",
    ]
    assert Pip.select().count() == 0


def test_values_outside_the_pis_range_are_refused_by_the_write_paths_rules(register):
    builder = word_plans.classic()
    builder.document.tables[1].cell(4, 1).text = "20,000%"
    check = check_word_plan(builder.bytes(), Choices())
    assert "Section 1, Score: must be between -10,000 and 10,000" in check.errors


def test_management_comments_in_a_table_with_columns(register):
    doc = word_plans.HandFilled()
    doc.table([["Author", "Jane"], ["Date", "1/10/2026"], ["PI Code", "WR01"]])
    doc.heading("Section 5 Management Comment")
    doc.table(
        [
            ["Role", "Author", "Date", "Comment", "Meeting"],
            ["CMT", "Chief Executive", "14 Oct 2026", "Agreed S1.", "CMT 14/10/2026 (min. 41)"],
            ["Members", "Cllr Ambridge", "8/12/2026", "Noted.", ""],
            ["Someone", "", "", "Not a role.", ""],
        ]
    )
    plan, check = imported(doc)
    cmt, members = plan.comments
    assert (cmt.author, cmt.made_on, cmt.meeting.body.name, cmt.minute_reference) == (
        "Chief Executive",
        date(2026, 10, 14),
        "CMT",
        "41",
    )
    assert (members.author, members.made_on, members.meeting.body.name, members.meeting.date) == (
        "Cllr Ambridge",
        date(2026, 12, 8),
        "Audit and Performance Committee",
        date(2026, 12, 8),
    )
    assert 'Section 5, row 3: "Someone" is not a role: comment not read' in check.unread
