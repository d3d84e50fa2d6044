"""The words of committee papers and referrals (webapp/domain/papers.py, referrals.py)."""

from datetime import date

import pytest

from webapp.domain.papers import EDITABLE_SECTIONS, REPORT_SECTIONS, appendix_letter, listed_lines, numbered_paragraphs
from webapp.domain.referrals import DecisionKind, Outcome, missing_for_decision, missing_for_outcome


@pytest.mark.parametrize(
    "position, letter",
    [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")],
)
def test_appendix_letters(position, letter):
    assert appendix_letter(position) == letter


def test_no_appendix_before_the_first():
    with pytest.raises(ValueError):
        appendix_letter(-1)


def test_sections_follow_the_council_report_order():
    headings = [heading for _, heading in REPORT_SECTIONS]
    assert headings[:4] == ["Purpose of Report", "Executive Summary", "Appendices", "Proposed Action"]
    assert "appendices" not in EDITABLE_SECTIONS and "contact" not in EDITABLE_SECTIONS


def test_paragraphs_are_numbered_by_section_and_split_on_blank_lines():
    text = "First paragraph\nruns on.\n\n\n  Second.  \r\n\r\nThird"
    assert numbered_paragraphs(4, text) == [("4.1", "First paragraph runs on."), ("4.2", "Second."), ("4.3", "Third")]
    assert numbered_paragraphs(2, "   ") == []


def test_a_listed_section_is_a_line_an_entry():
    text = "Service Plans\r\n\n  Performance   Records \nComPaSS bulletin – June 2009\n"
    assert listed_lines(text) == ["Service Plans", "Performance Records", "ComPaSS bulletin – June 2009"]
    assert listed_lines(" \n ") == []


def test_the_discussion_follows_the_background_as_the_councils_reports_order_them():
    keys = [key for key, _ in REPORT_SECTIONS]
    assert keys[keys.index("background") + 1] == "discussion" and "discussion" in EDITABLE_SECTIONS


@pytest.mark.parametrize(
    "outcome, committee, reason, missing",
    [
        (Outcome.NOTED, None, "", []),
        (Outcome.REFERRED, 3, "Unachievable", []),
        (Outcome.REFERRED, None, "Unachievable", ["referred_to"]),
        (Outcome.REFERRED, 3, "  ", ["reason"]),
        ("referred", None, None, ["referred_to", "reason"]),
    ],
)
def test_a_referral_needs_a_committee_and_a_reason(outcome, committee, reason, missing):
    assert [field for field, _ in missing_for_outcome(outcome, committee, reason)] == missing


@pytest.mark.parametrize(
    "kind, target, start, amount, description, missing",
    [
        (DecisionKind.AMEND_TARGET, 95.0, date(2027, 4, 1), None, "", []),
        (DecisionKind.AMEND_TARGET, 0.0, date(2027, 4, 1), None, "", []),  # a target of nought is a target
        (DecisionKind.AMEND_TARGET, None, None, None, "", ["target_value", "target_from"]),
        (DecisionKind.ADDITIONAL_RESOURCES, None, None, 25000, "An officer", []),
        (DecisionKind.ADDITIONAL_RESOURCES, None, None, None, "", ["amount", "description"]),
        (DecisionKind.STILL_ACHIEVABLE, None, None, None, "", []),
        (DecisionKind.OTHER, None, None, None, " ", ["description"]),
        (DecisionKind.OTHER, None, None, None, "Review in six months", []),
    ],
)
def test_each_decision_states_what_it_decided(kind, target, start, amount, description, missing):
    assert [field for field, _ in missing_for_decision(kind, target, start, amount, description)] == missing
