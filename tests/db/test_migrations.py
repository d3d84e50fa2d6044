"""Schema versions: a council's existing database upgrades in place (webapp/migrations.py)."""
import peewee
import pytest
from playhouse.migrate import migrate

from webapp.migrations import STEPS, current_version, init_db, latest_version
from webapp.models import AgendaItem, AgendaPip, Directorate, ReferralDecision, SchemaVersion

NEXT = latest_version() + 1


def add_phone_column(migrator, db):
    migrate(migrator.add_column("directorate", "phone", peewee.CharField(max_length=20, default="")))


def broken_step(migrator, db):
    migrate(migrator.add_column("directorate", "fax", peewee.CharField(max_length=20, default="")))
    raise RuntimeError("step failed half way")


def columns(db, table):
    return {column.name for column in db.get_columns(table)}


def test_a_new_database_is_created_at_the_latest_version(db):
    assert current_version(db) == latest_version()
    assert init_db(db) == []  # running again changes nothing


def test_an_existing_database_runs_each_later_step_once_and_keeps_its_data(db):
    Directorate.create(name="Place")
    steps = STEPS + [(NEXT, "Directorates have a phone number", add_phone_column)]
    assert init_db(db, steps) == [NEXT]
    assert current_version(db) == NEXT
    assert "phone" in columns(db, "directorate")
    assert [d.name for d in Directorate.select()] == ["Place"]
    assert init_db(db, steps) == []


def test_a_failing_step_leaves_the_database_as_it_was(db):
    steps = STEPS + [(NEXT, "Directorates have a phone number", add_phone_column),
                     (NEXT + 1, "broken", broken_step)]
    with pytest.raises(RuntimeError):
        init_db(db, steps)
    assert current_version(db) == NEXT
    assert "fax" not in columns(db, "directorate")


def test_tables_without_a_schema_version_are_not_touched(db):
    db.drop_tables([SchemaVersion])
    with pytest.raises(RuntimeError, match="no schema version"):
        init_db(db)


def test_a_version_1_database_gains_the_agenda_tables(db):
    """Version 2 added A&P agenda items: a database made before it is upgraded in place."""
    db.drop_tables([ReferralDecision, AgendaPip, AgendaItem])
    SchemaVersion.update(version=1).execute()
    Directorate.create(name="Place")
    assert 2 in init_db(db)
    assert all(db.table_exists(table) for table in ("agenda_item", "agenda_pip", "referral_decision"))
    assert current_version(db) == latest_version()
    assert [d.name for d in Directorate.select()] == ["Place"]
