"""Schema step 5 (webapp/core/migrations.py): a council's existing database gains each PI's standing,
worked out for every PI already there, and the indexes the list pages walk."""

from datetime import date

from playhouse.migrate import SchemaMigrator, migrate

from webapp.core.migrations import LIST_INDEXES, current_version, init_db, latest_version
from webapp.domain.rating import Direction, Rag
from webapp.models import SchemaVersion, Standing


def indexes(db, table):
    return {index.name for index in db.get_indexes(table)}


def test_a_version_4_database_gains_standings_and_the_list_indexes(db, make_indicator):
    red = make_indicator(code="RED1", target=90, scores=[(date(2026, 8, 31), 80), (date(2026, 9, 30), 70)])
    amber = make_indicator(code="AMB1", target=90, scores=[(date(2026, 9, 30), 85)])
    waiting = make_indicator(code="NEW1")
    # The database as version 4 left it: no standings, the plans' old index, none of the lists' indexes.
    db.drop_tables([Standing])
    migrator = SchemaMigrator.from_database(db)
    migrate(
        *[migrator.drop_index(table, f"{table}_{'_'.join(columns)}") for table, columns in LIST_INDEXES],
        migrator.add_index("pip", ("service_id", "status"), False),
    )
    SchemaVersion.update(version=4).execute()

    assert init_db(db)[0] == 5 and current_version(db) == latest_version()
    assert (Standing[red.id].rag, Standing[red.id].trend) == (Rag.RED, Direction.DETERIORATING)
    assert (Standing[amber.id].rag, Standing[amber.id].trend) == (Rag.AMBER, None)
    assert Standing[waiting.id].rag is Rag.NOT_RATED and Standing.select().count() == 3
    for table, columns in LIST_INDEXES:
        assert f"{table}_{'_'.join(columns)}" in indexes(db, table)
    assert "pip_service_id_status" not in indexes(db, "pip")
    assert init_db(db) == []
