"""A row's id is never given to another row (webapp/models/base.py, NEVER_REUSED; schema step 16): a page drawn
before someone removed a row must not save to, or remove, the row added after it. SQLite gave the largest id
again once its row was deleted, unless the key says AUTOINCREMENT; PostgreSQL's sequences never do."""

from datetime import date

import peewee
from playhouse.db_url import connect

from webapp.core.migrations import init_db, latest_version
from webapp.domain.bodies import BodyKind
from webapp.models import ALL_MODELS, AgendaItem, Body, Meeting, RiskRow, SchemaVersion, database
from webapp.models.base import EXACT, RowIdField


def _risk(item, nature):
    return RiskRow.create(item=item, position=1, nature=nature, likelihood="low")


def _item():
    meeting = Meeting.create(body=Body.create(name="A&P", kind=BodyKind.AUDIT_AND_PERFORMANCE), date=date(2026, 12, 10))
    return AgendaItem.create(meeting=meeting)


def test_the_id_of_a_deleted_row_is_not_given_again(db):
    item = _item()
    _risk(item, "First")
    last = _risk(item, "Second")
    last.delete_instance()
    assert _risk(item, "Third").id > last.id


def test_every_table_keyed_by_an_id_is_made_so_on_sqlite(db):
    if not isinstance(database.obj, peewee.SqliteDatabase):
        assert all(
            db.execute_sql(
                "SELECT column_default FROM information_schema.columns WHERE table_name = %s AND column_name = 'id'",
                (model._meta.table_name,),
            )
            .fetchone()[0]
            .startswith("nextval(")
            for model in ALL_MODELS
            if isinstance(model._meta.primary_key, RowIdField)
        )
        return
    for model in ALL_MODELS:
        (create,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = ?", (model._meta.table_name,)).fetchone()
        keyed = isinstance(model._meta.primary_key, RowIdField)
        assert ('"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT' in create) == keyed, create


def test_a_version_15_database_keeps_its_rows_and_gives_no_deleted_id_again(database_url):
    """Made as version 15 made it (no AUTOINCREMENT on SQLite): upgraded in place, every row and foreign key kept,
    and from then on a deleted row's id is not given to the next row. (An id deleted before the upgrade, when it
    was the largest, the table has no record of: the upgrade counts on from the largest there is.)"""
    old = connect(database_url, field_types={EXACT: "TEXT" if database_url.startswith("sqlite") else "NUMERIC(19, 6)"})
    database.initialize(old)
    with old.connection_context():
        old.drop_tables(ALL_MODELS)
        old.create_tables(ALL_MODELS)
        SchemaVersion.create(version=15)
        item = _item()
        _risk(item, "Kept")
        last = _risk(item, "Last")
    old.close()

    from webapp.core.db import open_database

    new = open_database(database_url, "/")
    database.initialize(new)
    with new.connection_context():
        assert init_db(new) == list(range(16, latest_version() + 1))  # step 16, and those after it
        assert [(row.nature, row.item_id) for row in RiskRow.select().order_by(RiskRow.id)] == [
            ("Kept", item.id),
            ("Last", item.id),
        ]
        RiskRow.delete_by_id(last.id)
        assert _risk(AgendaItem.get_by_id(item.id), "Added after").id > last.id
        assert init_db(new) == []
