"""The printed plan read from the database (webapp/pips/printed.py) tells each plan's state truthfully
(docs/meetings-and-papers.md#every-plan-state): when and why a plan was withdrawn, and the PI's own decimal places."""

from datetime import date

from docx.document import Document as WordDocument

from tests.docx_reading import reopen, table_after, table_texts
from webapp.domain.pips import SECTION_TITLES, PipStatus
from webapp.domain.units import Unit
from webapp.exports.pip_docx import pip_document
from webapp.models import Indicator, Pip, utcnow
from webapp.pips.printed import load_printed_plan, load_printed_plans, restored, stored


def _word(printed) -> WordDocument:
    return reopen(pip_document(restored(stored(printed))))  # as published papers keep and read it


def test_a_withdrawn_plan_carries_its_date_and_reason(make_pip, db):
    pip = make_pip()
    Pip.update(status=PipStatus.WITHDRAWN, closed_on=date(2026, 11, 2), closing_reason="Service restructured").where(
        Pip.id == pip.id
    ).execute()
    printed = load_printed_plan(pip.id, utcnow())
    assert printed["closed"] == {"on": "2026-11-02", "reason": "Service restructured"}
    assert load_printed_plans([pip.id], utcnow())[0]["closed"] == printed["closed"]
    assert table_texts(_word(printed).tables[0])[3:] == [
        ["Status", "Withdrawn"],
        ["Withdrawn on", "2 November 2026"],
        ["Reason for withdrawal", "Service restructured"],
    ]


def test_a_count_pi_of_no_decimal_places_prints_whole_numbers(make_pip, db):
    pip = make_pip()
    Indicator.update(unit=Unit.NUMBER, decimal_places=0).where(Indicator.id == pip.indicator_id).execute()
    Pip.update(score_value=7).where(Pip.id == pip.id).execute()
    printed = load_printed_plans([pip.id], utcnow())[0]
    assert printed["indicator"]["decimal_places"] == 0
    assert table_texts(table_after(_word(printed), SECTION_TITLES[1]))[4][1] == "7"
