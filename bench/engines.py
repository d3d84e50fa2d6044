"""The databases a benchmark runs on: a SQLite file, and, when a PostgreSQL server is named, a fresh
database on it, so that every PostgreSQL figure is measured beside SQLite's in the same run.

`make bench` starts a throwaway PostgreSQL server (scripts/with-postgresql) and names it in
TEST_DATABASE_URL; run without it, the benches measure SQLite alone and say so.
"""

import os
from urllib.parse import urlparse, urlunparse

import psycopg2

from webapp.models import database


def postgresql_server():
    """The URL of the PostgreSQL server to measure, or None."""
    return os.environ.get("BENCH_POSTGRESQL_URL") or os.environ.get("TEST_DATABASE_URL")


def fresh_postgresql_database(name):
    """A URL of an empty database `name` on the server (made again if it was there)."""
    server = urlparse(postgresql_server())
    connection = psycopg2.connect(urlunparse(server._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return urlunparse(server._replace(path=f"/{name}"))


class Engines:
    """Apps on different databases in one process. The models' database handle is one for the process,
    so `use(app)` points it at that app's database before its requests: the two can then be timed in
    the same rounds, each seeing the same load on a shared machine."""

    def __init__(self):
        self._databases = {}

    def add(self, app):
        self._databases[app] = database.obj
        return app

    def use(self, app):
        if database.obj is not self._databases[app]:
            database.initialize(self._databases[app])
