"""Schema step 8 (webapp/core/migrations.py): a database made before the cover report had a Discussion section
and Risk Analysis rows gains both, and its reports print as they did: no Discussion, their risk text and no rows."""

from datetime import date

from webapp.core.migrations import STEPS, current_version, init_db
from webapp.domain.bodies import BodyKind
from webapp.models import AgendaItem, Body, Meeting, RiskRow, SchemaVersion


def test_a_version_7_database_gains_the_discussion_and_the_risk_rows(db):
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    meeting = Meeting.create(body=body, date=date(2026, 12, 10), title="Audit and Performance Committee")
    item = AgendaItem.create(meeting=meeting, risk="Targets missed: regular scrutiny.")
    db.drop_tables([RiskRow])
    db.execute_sql('ALTER TABLE "agenda_item" DROP COLUMN "discussion"')
    SchemaVersion.update(version=7).execute()

    assert init_db(db, [step for step in STEPS if step[0] <= 8]) == [8]
    assert current_version(db) == 8
    assert db.table_exists("risk_row")
    kept = AgendaItem.get_by_id(item.id)
    assert (kept.discussion, kept.risk) == ("", "Targets missed: regular scrutiny.")
    assert list(kept.risks) == []
    row = RiskRow.create(item=kept, position=1, nature="Targets missed", likelihood="Low")
    assert [r.nature for r in kept.risks] == ["Targets missed"]
    assert row.version == 1
    created = AgendaItem.create(meeting=Meeting.create(body=body, date=date(2027, 1, 14), title="A&P"))
    assert created.discussion.startswith("Each plan sets out")


def test_step_8_comes_right_after_step_7():
    numbers = [number for number, *_ in STEPS]
    assert numbers == sorted(numbers)
    assert numbers[numbers.index(7) + 1] == 8
