"""Make one table refuse writes, for real, with a database trigger (no mocks of our own database):
SQLite's RAISE(ABORT) or a PostgreSQL function that raises. Used to prove a step is one transaction."""

from contextlib import contextmanager

from webapp.core.db import is_sqlite
from webapp.models import database

MESSAGE = "write made to fail by the test"


@contextmanager
def _connected():
    """The test's own connection when it holds one (the `db` fixture), else one for the block."""
    opened = database.connect(reuse_if_open=True)
    try:
        yield
    finally:
        if opened:
            database.close()


@contextmanager
def failing(table, event="INSERT"):
    """Every `event` (INSERT or UPDATE) on `table` fails while the block runs."""
    name = f"test_fail_{table}_{event.lower()}"
    with _connected():
        if is_sqlite(database.obj):
            database.execute_sql(
                f"CREATE TRIGGER {name} BEFORE {event} ON \"{table}\" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
        else:
            database.execute_sql(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql"
            )
            database.execute_sql(
                f'CREATE TRIGGER {name} BEFORE {event} ON "{table}" FOR EACH ROW EXECUTE FUNCTION {name}()'
            )
    try:
        yield
    finally:
        with _connected():
            if is_sqlite(database.obj):
                database.execute_sql(f"DROP TRIGGER {name}")
            else:
                database.execute_sql(f'DROP TRIGGER {name} ON "{table}"')
                database.execute_sql(f"DROP FUNCTION {name}()")
