"""The database: bound late from DATABASE_URL, connections kept between requests, write transactions.

Each worker keeps its connections open in a pool (peewee's pooled database classes): a request
takes one and gives it back at its end, so it pays neither the connect (6 ms to PostgreSQL) nor the
settings run on each new connection. A connection taken from the pool is checked first and
discarded when dead (PostgreSQL restarted, the network dropped it), and a new one made; one given
back in a broken state is closed rather than kept.

SQLite (the default) runs in WAL mode with foreign keys, a busy timeout and IMMEDIATE write
transactions: with several gunicorn workers a DEFERRED read-then-write transaction fails with
"database is locked" where IMMEDIATE waits its turn (a known SQLite pitfall).
"""

import os
import select
import sqlite3
from urllib.parse import urlparse

import psycopg2.extensions
from flask import g
from peewee import PeeweeException, SqliteDatabase
from playhouse.db_url import parseresult_to_dict
from playhouse.pool import PooledDatabase, PooledPostgresqlDatabase, PooledSqliteDatabase

from webapp.core.config import Defaults
from webapp.models import database
from webapp.models.base import COLUMN_TYPES

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


# Connections one worker keeps: a sync gunicorn worker uses one at a time, the development server
# one a thread. A request that finds them all in use waits up to POOL_WAIT_SECONDS for one.
POOL_SIZE = 8
POOL_WAIT_SECONDS = 10
# A kept connection is replaced after an hour, so that nothing the server holds for it grows for ever.
POOL_RECYCLE_SECONDS = 3600


def open_database(url, root_path, lock_timeout_ms=LOCK_TIMEOUT_MS):
    """A peewee database for `url`; a relative SQLite path is taken from `root_path`."""
    parsed = urlparse(url)
    pool = {"max_connections": POOL_SIZE, "timeout": POOL_WAIT_SECONDS, "stale_timeout": POOL_RECYCLE_SECONDS}
    if parsed.scheme == "sqlite":
        path = url[len("sqlite:///") :]
        pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(lock_timeout_ms)}
        settings = {"pragmas": pragmas, "lock_type": "IMMEDIATE", "field_types": COLUMN_TYPES["sqlite"]}
        if path == ":memory:":  # each connection would be a database of its own: one, not kept
            return SqliteDatabase(path, **settings)
        if not os.path.isabs(path):
            path = os.path.join(root_path, path)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        # A kept connection may serve another thread next time (never two at once).
        return PooledSqliteDatabase(path, check_same_thread=False, **settings, **pool)
    if parsed.scheme in ("postgres", "postgresql"):
        return KeptPostgresqlDatabase(
            **parseresult_to_dict(parsed),
            options=f"-c lock_timeout={int(lock_timeout_ms)}",
            field_types=COLUMN_TYPES["postgresql"],
            connection_factory=KeptConnection,
            **pool,
        )
    raise RuntimeError(f"DATABASE_URL must start sqlite:/// or postgresql:// (it starts {parsed.scheme}://)")


class KeptPostgresqlDatabase(PooledPostgresqlDatabase):
    """Peewee's pool, checking a kept connection as it is taken without a round trip to the server.

    Peewee sends `SELECT 1` on each connection it takes: a round trip on every request. An idle connection
    has nothing to read, so one whose socket is readable has heard the server end it (a restart, an
    administrator's command, an idle timeout) or close it, and is discarded; so is one whose state the driver
    no longer knows, or that fails rolling back a transaction left open. A healthy connection that happens
    to have something to read (a notice) is only replaced by a new one."""

    def _is_closed(self, conn):
        if conn.closed or conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_UNKNOWN:
            return True
        try:
            if conn.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE:
                conn.rollback()
            waiting = select.poll()  # poll, not select: no limit on the descriptor's number
            waiting.register(conn.fileno(), select.POLLIN)
            readable = waiting.poll(0)
        except (psycopg2.Error, OSError, ValueError):
            return True
        return bool(readable)


class KeptConnection(psycopg2.extensions.connection):
    """A PostgreSQL connection that remembers the statements prepared on it (webapp/models/reading.py),
    which live as long as it does: a connection made after a restart starts with none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = set()


def is_sqlite(db):
    return isinstance(getattr(db, "obj", db), SqliteDatabase)  # `db` may be the models' proxy


def is_database_error(error):
    """Raised by the database or its driver: the database is down, broken or busy."""
    driver = type(error).__module__.split(".")[0]
    return isinstance(error, (PeeweeException, sqlite3.Error)) or driver in ("psycopg2", "psycopg")


def is_busy(error):
    """A lock held longer than the lock timeout, or a transaction to retry: trying again will work."""
    cause = getattr(error, "orig", error)  # the driver's exception, which peewee wraps
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return code in BUSY_POSTGRESQL_CODES or any(message in str(cause).lower() for message in BUSY_SQLITE_MESSAGES)


def use_database(app, url=None):
    """Bind the models to `url` (the app's DATABASE_URL by default), closing the idle kept connections of the
    database bound before. Tests made of one app give each test a database of its own this way."""
    if url is not None:
        app.config["DATABASE_URL"] = url
    if isinstance(database.obj, PooledDatabase):  # bound before in this process (by another app, or test)
        database.obj.close_idle()
    project_root = os.path.dirname(app.root_path)
    database.initialize(open_database(app.config["DATABASE_URL"], project_root, app.config["DATABASE_LOCK_TIMEOUT_MS"]))


def init_app(app):
    use_database(app)

    @app.before_request
    def connect_to_database():
        # Noted before connecting: if the connect fails and an error page then reconnects (or anything
        # else in the request does), the connection is still this request's to give back. Given back, it
        # is checked before it serves again; one left open past its request would serve the next however
        # dead it was.
        g.database_was_open = not database.is_closed()
        if not g.database_was_open:
            database.connect()

    @app.teardown_request
    def close_database(exc):
        # Give back (to the pool) only what this request took: a CLI command or a test may already hold one.
        if not g.pop("database_was_open", True) and not database.is_closed():
            database.close()
