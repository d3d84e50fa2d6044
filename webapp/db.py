"""The database: bound late from DATABASE_URL, a connection per request, write transactions.

SQLite (the default) runs in WAL mode with foreign keys, a busy timeout and IMMEDIATE write
transactions: with several gunicorn workers a DEFERRED read-then-write transaction fails with
"database is locked" where IMMEDIATE waits its turn (STACK.md).
"""
import os
from urllib.parse import urlparse

from flask import g
from playhouse.db_url import connect

from webapp.models import database

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}


def open_database(url, root_path):
    """A peewee database for `url`; a relative SQLite path is taken from `root_path`."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):]
        if path and path != ":memory:" and not os.path.isabs(path):
            path = os.path.join(root_path, path)
        if path != ":memory:":
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        return connect("sqlite:///" + path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    if scheme in ("postgres", "postgresql"):
        return connect(url)
    raise RuntimeError(f"DATABASE_URL must start sqlite:/// or postgresql:// (it starts {scheme}://)")


def is_sqlite(db):
    return db.__class__.__name__.startswith("Sqlite")


def init_app(app):
    project_root = os.path.dirname(app.root_path)
    database.initialize(open_database(app.config["DATABASE_URL"], project_root))

    @app.before_request
    def connect_to_database():
        # Close only what this request opened: a CLI command or a test may already hold one.
        g.opened_database = database.connect(reuse_if_open=True)

    @app.teardown_request
    def close_database(exc):
        if g.pop("opened_database", False) and not database.is_closed():
            database.close()
