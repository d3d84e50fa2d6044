"""Schema step 9 (webapp/core/migrations.py): a database made before revisions gains the versions of published
papers; papers already published become version 1, each plan as it was presented, and drafts have none."""

from datetime import date, datetime

from webapp.core.migrations import STEPS, current_version, init_db
from webapp.domain.bodies import BodyKind
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    Meeting,
    PapersVersion,
    PresentedPlan,
    PublishedPdf,
    SchemaVersion,
)
from webapp.pips.raising import raise_plan


def test_a_version_8_database_keeps_its_published_papers_as_version_1(db, make_indicator, make_user):
    clerk = make_user("clerk")
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    published = AgendaItem.create(
        meeting=Meeting.create(body=body, date=date(2026, 9, 10)),
        published_at=datetime(2026, 9, 1, 10, 30),
        published_by=clerk,
        council="Borsetshire District Council",
    )
    draft = AgendaItem.create(meeting=Meeting.create(body=body, date=date(2026, 12, 10)))
    first, second = (raise_plan(make_indicator(), clerk, date(2026, 8, 1)) for _ in range(2))
    AgendaPip.create(item=published, pip=first, position=1, as_presented='{"plan": {"status": "live"}}')
    AgendaPip.create(item=published, pip=second, position=2, as_presented='{"plan": {"status": "completed"}}')
    AgendaPip.create(item=draft, pip=first, position=1)
    db.drop_tables([PublishedPdf, PresentedPlan, PapersVersion])
    SchemaVersion.update(version=8).execute()

    assert init_db(db, [step for step in STEPS if step[0] <= 9]) == [9]
    assert current_version(db) == 9
    (version,) = PapersVersion.select()
    assert (version.item_id, version.number, version.issued_at, version.issued_by_id, version.reason) == (
        published.id,
        1,
        datetime(2026, 9, 1, 10, 30),
        clerk.id,
        "",
    )
    kept = {
        row.entry.pip_id: row.as_presented for row in PresentedPlan.select().where(PresentedPlan.version == version)
    }
    assert kept == {first.id: '{"plan": {"status": "live"}}', second.id: '{"plan": {"status": "completed"}}'}
    assert AgendaItem.get_by_id(draft.id).versions.count() == 0


def test_step_9_is_the_last_so_far_and_in_order():
    numbers = [number for number, *_ in STEPS]
    assert numbers == sorted(numbers) and 9 in numbers
