"""The database: bound late from DATABASE_URL, a connection per request, write transactions.

SQLite (the default) runs in WAL mode with foreign keys, a busy timeout and IMMEDIATE write
transactions: with several gunicorn workers a DEFERRED read-then-write transaction fails with
"database is locked" where IMMEDIATE waits its turn (STACK.md).
"""
import os
import sqlite3
from urllib.parse import urlparse

from flask import g
from peewee import PeeweeException
from playhouse.db_url import connect

from webapp.config import Defaults
from webapp.models import database
from webapp.models.base import EXACT_COLUMN_TYPES

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
}
# How long a write waits for another's lock before giving up with "the service is busy" (503):
# SQLite's busy timeout, PostgreSQL's lock_timeout. DATABASE_LOCK_TIMEOUT_MS in the app's config.
LOCK_TIMEOUT_MS = Defaults.DATABASE_LOCK_TIMEOUT_MS

# Lock waits that ran out and transactions the database refused to serialise: worth trying again.
BUSY_SQLITE_MESSAGES = ("database is locked", "database table is locked", "database is busy")
BUSY_POSTGRESQL_CODES = {"55P03", "40001", "40P01"}  # lock_not_available, serialization_failure, deadlock


def open_database(url, root_path, lock_timeout_ms=LOCK_TIMEOUT_MS):
    """A peewee database for `url`; a relative SQLite path is taken from `root_path`."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):]
        if path and path != ":memory:" and not os.path.isabs(path):
            path = os.path.join(root_path, path)
        if path != ":memory:":
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(lock_timeout_ms)}
        return connect("sqlite:///" + path, pragmas=pragmas, lock_type="IMMEDIATE",
                       field_types=EXACT_COLUMN_TYPES["sqlite"])
    if scheme in ("postgres", "postgresql"):
        return connect(url, options=f"-c lock_timeout={int(lock_timeout_ms)}",
                       field_types=EXACT_COLUMN_TYPES["postgresql"])
    raise RuntimeError(f"DATABASE_URL must start sqlite:/// or postgresql:// (it starts {scheme}://)")


def is_sqlite(db):
    return db.__class__.__name__.startswith("Sqlite")


def is_database_error(error):
    """Raised by the database or its driver: the database is down, broken or busy."""
    driver = type(error).__module__.split(".")[0]
    return isinstance(error, (PeeweeException, sqlite3.Error)) or driver in ("psycopg2", "psycopg")


def is_busy(error):
    """A lock held longer than the lock timeout, or a transaction to retry: trying again will work."""
    cause = getattr(error, "orig", error)  # the driver's exception, which peewee wraps
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return code in BUSY_POSTGRESQL_CODES or any(message in str(cause).lower() for message in BUSY_SQLITE_MESSAGES)


def init_app(app):
    project_root = os.path.dirname(app.root_path)
    lock_timeout_ms = app.config["DATABASE_LOCK_TIMEOUT_MS"]
    database.initialize(open_database(app.config["DATABASE_URL"], project_root, lock_timeout_ms))

    @app.before_request
    def connect_to_database():
        # Noted before connecting: if the connect fails and an error page then reconnects (or anything
        # else in the request does), the connection is still this request's to close. A connection
        # left open past its request would be reused by the next one however dead it was.
        g.database_was_open = not database.is_closed()
        if not g.database_was_open:
            database.connect()

    @app.teardown_request
    def close_database(exc):
        # Close only what this request opened: a CLI command or a test may already hold one.
        if not g.pop("database_was_open", True) and not database.is_closed():
            database.close()
