"""Connections survive the database (issue 9, item 1): the production server (gunicorn, two workers)
runs against a PostgreSQL server that is restarted three times while requests run, then stopped and
started, and restarted under an idle app, three times more. While it is down requests get the page that
needs no database; afterwards every request answers correctly, without restarting the app."""

import contextlib
import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import _PASSWORD_HASH, PASSWORD
from tests.db.postgresql_server import PostgreSQLServer, free_port
from webapp.core.db import open_database
from webapp.core.migrations import init_db
from webapp.models import User, UserRole, database

PAGES = ["/pips/", "/indicators/", "/"]
WORKERS = 2


@pytest.fixture
def postgresql():
    made = PostgreSQLServer()
    db = open_database(made.url, ".")
    database.initialize(db)
    with database.connection_context():
        init_db()
        user = User.create(email="perf@example.org", name="Pat Officer", password_hash=_PASSWORD_HASH)
        UserRole.create(user=user, role="performance")
    yield made
    made.remove()


@pytest.fixture
def gunicorn(postgresql):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": postgresql.url,
        "SECRET_KEY": "restart-test-secret-key",
        "SESSION_COOKIE_SECURE": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "webapp.wsgi:app"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/sign-in", timeout=2)
            break
        except OSError:  # not listening yet, or a worker still starting on a busy machine
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=30)


class Browser:
    """Cookies kept between requests, as a browser keeps them."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        try:
            response = self.opener.open(self.base + path, timeout=30)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self):
        _, page = self.get("/sign-in")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "email": "perf@example.org", "password": PASSWORD})
        response = self.opener.open(self.base + "/sign-in", data.encode(), timeout=30)
        assert response.status == 200 and "/sign-in" not in response.url


def _answers(browser):
    """Each page asked for twice per worker, so that every worker's connection is tried."""
    return [(page, browser.get(page)[0]) for page in PAGES for _ in range(2 * WORKERS)]


@contextlib.contextmanager
def requests_running(base):
    """Another person asking for pages back to back, in a thread, until the block ends."""
    browser, stop, seen = Browser(base), threading.Event(), []
    browser.sign_in()

    def ask():
        while not stop.is_set():
            for page in PAGES:
                seen.append(browser.get(page)[0])

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join(timeout=60)


def test_every_request_answers_after_the_database_restarts_three_times(postgresql, gunicorn):
    browser = Browser(gunicorn)
    browser.sign_in()
    assert {status for _, status in _answers(browser)} == {200}
    with requests_running(gunicorn) as seen:
        for _ in range(3):
            postgresql.restart()
    assert len(seen) > 0 and set(seen) <= {200, 500, 503}  # refused while down, never anything worse
    assert {status for _, status in _answers(browser)} == {200}, _answers(browser)
    for _ in range(3):
        postgresql.stop()
        status, page = browser.get("/pips/")
        assert status in (500, 503) and "Sorry, there is a problem with the service" in page
        postgresql.start()
        assert {status for _, status in _answers(browser)} == {200}, _answers(browser)
        postgresql.restart()  # under an idle app, between two requests
        assert {status for _, status in _answers(browser)} == {200}, _answers(browser)
