"""Kept PostgreSQL connections are checked as they are taken without a round trip (webapp/core/db.py,
KeptPostgresqlDatabase): one the server has ended is replaced, and a healthy one is taken again with nothing
sent to the server to check it; through TCP and through the server's socket alike."""

import time

import psycopg2
import pytest

from tests.db.postgresql_server import PostgreSQLServer
from webapp.core.db import open_database


@pytest.fixture(scope="module")
def postgresql():
    made = PostgreSQLServer()
    yield made
    made.remove()


@pytest.fixture
def server_side(postgresql):
    """A connection of the test's own, to see and end the app's connections from the server's side."""
    connection = psycopg2.connect(postgresql.url)
    connection.autocommit = True
    yield connection.cursor()
    connection.close()


@pytest.fixture(params=["tcp", "socket"])
def app_url(request, postgresql):
    """How the app reaches the server: by its address, or through its socket on the same machine."""
    return postgresql.url if request.param == "tcp" else postgresql.socket_url


def _taken(db):
    db.connect()
    connection = db.connection()
    db.close()  # given back to the pool, as at the end of a request
    return connection


def test_a_healthy_kept_connection_is_taken_again_with_nothing_sent_to_check_it(app_url, server_side):
    db = open_database(app_url, ".")
    db.connect()
    kept = db.connection()
    db.execute_sql("SELECT 'the last thing the request sent'")
    db.close()
    assert _taken(db) is kept
    server_side.execute("SELECT query, client_addr FROM pg_stat_activity WHERE pid = %s", (kept.get_backend_pid(),))
    query, address = server_side.fetchone()
    assert query == "SELECT 'the last thing the request sent'"  # not peewee's SELECT 1
    assert (address is None) == ("?host=" in app_url)  # a socket's client has no address
    db.close_all()


def test_a_kept_connection_the_server_ended_is_replaced_as_it_is_taken(app_url, server_side):
    db = open_database(app_url, ".")
    kept = _taken(db)
    ended = kept.get_backend_pid()
    server_side.execute("SELECT pg_terminate_backend(%s)", (ended,))
    for _ in range(100):  # the server ends it at once; its process may take a moment to go
        server_side.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (ended,))
        if server_side.fetchone() == (0,):
            break
        time.sleep(0.05)
    db.connect()
    assert db.connection() is not kept
    assert db.execute_sql("SELECT 1").fetchone() == (1,)  # the request that took it carries on
    db.close()
    db.close_all()
