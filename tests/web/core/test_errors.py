"""Failures are seen and nothing typed is lost (docs/quality.md, issue 8 item 4), at the HTTP level: what
the server answers an htmx request whose session ended, a stale CSRF token, a database whose write lock
is held too long, and a database that is gone. tests/browser/test_failures.py shows the same in a browser.
"""

import contextlib
import logging
import re
import shutil
import socket
import sqlite3
from datetime import timedelta
from urllib.parse import quote

import psycopg2
import pytest

from tests.conftest import _PASSWORD_HASH, PASSWORD, CouncilClient
from webapp import create_app
from webapp.core.errors import SENT_SIGNED_OUT
from webapp.core.migrations import init_db
from webapp.models import Factor, Pip, SignInSession, User, database, utcnow

# Long enough for a write to wait its turn in normal use, short enough for a test held up by a lock.
LOCK_TIMEOUT_MS = 200
HIDDEN_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SIGN_IN_LINK = re.compile(r'<a class="govuk-link" href="/sign-in\?next=/resume/signed-in" target="_blank"')


@pytest.fixture
def app(database_url):
    """tests/conftest.py's app, waiting only briefly for another connection's write lock."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": database_url,
            "DATABASE_LOCK_TIMEOUT_MS": LOCK_TIMEOUT_MS,
        }
    )
    app.test_client_class = CouncilClient
    with database.connection_context():
        init_db()
    yield app
    if not database.is_closed():
        database.close()


@contextlib.contextmanager
def write_lock(database_url, table):
    """Another connection holding a write lock: on SQLite the whole file (BEGIN IMMEDIATE), on
    PostgreSQL `table` (EXCLUSIVE mode, which lets reads through as SQLite's WAL does)."""
    if database_url.startswith("sqlite:///"):
        holder = sqlite3.connect(database_url[len("sqlite:///") :], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = psycopg2.connect(database_url)
        holder.cursor().execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
    try:
        yield
    finally:
        holder.rollback() if not isinstance(holder, sqlite3.Connection) else holder.execute("ROLLBACK")
        holder.close()


def factor_data(pip, text):
    return {"version": pip.version, "kind": "external", "duration": "temporary", "description": text}


@pytest.fixture
def hos_and_plan(login_as, make_service, make_pip):
    service = make_service()
    user = login_as("hos", services=[service])
    return user, make_pip(service=service)


# ---- a session that ended -----------------------------------------------------------------------


def test_an_htmx_request_after_the_session_ended_says_so_and_saves_after_signing_in_again(
    app, client, hos_and_plan, db
):
    user, pip = hos_and_plan
    page_token = client.csrf
    SignInSession.delete().where(SignInSession.user == user.id).execute()  # timed out, server side

    response = client.htmx("post", f"/pips/{pip.id}/factors", data=factor_data(pip, "Heavy snow"))
    assert response.status_code == 401  # not a sign-in page swapped into the section
    html = response.get_data(as_text=True)
    assert "Your session has ended" in html
    assert SIGN_IN_LINK.search(html), html
    assert 'data-refresh-token="/resume/token"' in html

    # Signing in again (in a new tab) lands on a page that says to go back to the first one.
    response = client.post(
        "/sign-in?next=%2Fresume%2Fsigned-in", data={"email": user.email, "password": "correct horse battery staple"}
    )
    assert response.headers["Location"] == "/resume/signed-in"
    assert "You are signed in again" in client.get("/resume/signed-in").get_data(as_text=True)

    # The first page's token belongs to the old session; the page fetches the new one and sends again.
    response = client.htmx(
        "post", f"/pips/{pip.id}/factors", data=factor_data(pip, "Heavy snow"), headers={"X-CSRFToken": page_token}
    )
    assert response.status_code == 400
    assert "This page was out of date" in response.get_data(as_text=True)
    token = client.get("/resume/token", headers={"Accept": "application/json"}).get_json()
    assert token["name"] == user.name
    response = client.htmx(
        "post",
        f"/pips/{pip.id}/factors",
        data=factor_data(pip, "Heavy snow"),
        headers={"X-CSRFToken": token["csrf_token"]},
    )
    assert response.status_code == 200
    assert [f.description for f in Factor.select().where(Factor.pip == pip.id)] == ["Heavy snow"]


def test_without_javascript_a_page_asked_for_after_the_session_ended_comes_after_signing_in(client, hos_and_plan, db):
    user, pip = hos_and_plan
    SignInSession.delete().where(SignInSession.user == user.id).execute()
    response = client.get(f"/pips/{pip.id}/history")
    assert response.headers["Location"] == f"/sign-in?next=%2Fpips%2F{pip.id}%2Fhistory"
    response = client.post(response.headers["Location"], data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == f"/pips/{pip.id}/history"
    assert client.get(f"/pips/{pip.id}/history").status_code == 200


def test_without_javascript_a_form_sent_after_the_session_ended_is_sent_again_from_its_page(client, hos_and_plan, db):
    """Signing in goes back to the form's page, not to the address the form was sent to: that only
    takes a POST, and landing there said "not allowed here"."""
    user, pip = hos_and_plan
    page = f"/pips/{pip.id}/factors/new?kind=external"
    token = HIDDEN_TOKEN.search(client.get(page).get_data(as_text=True)).group(1)
    SignInSession.delete().where(SignInSession.user == user.id).execute()  # timed out, server side

    sent = {**factor_data(pip, "Heavy snow"), "csrf_token": token}
    response = client.post(
        f"/pips/{pip.id}/factors", data=sent, headers={"Referer": f"http://localhost{page}"}, csrf=False
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=" + quote(page, safe="")
    assert Factor.select().count() == 0
    assert SENT_SIGNED_OUT in client.get(response.headers["Location"]).get_data(as_text=True)

    response = client.post(response.headers["Location"], data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == page
    token = HIDDEN_TOKEN.search(client.get(page).get_data(as_text=True)).group(1)
    response = client.post(f"/pips/{pip.id}/factors", data={**sent, "csrf_token": token}, csrf=False)
    assert response.status_code == 302
    assert [f.description for f in Factor.select().where(Factor.pip == pip.id)] == ["Heavy snow"]


@pytest.mark.parametrize(
    "referer", [None, "https://elsewhere.example/pips/", "http://localhost.elsewhere.example/pips/"]
)
def test_without_javascript_a_form_sent_signed_out_from_no_page_of_this_site_leads_home(
    client, hos_and_plan, db, referer
):
    user, pip = hos_and_plan
    SignInSession.delete().where(SignInSession.user == user.id).execute()
    headers = {"Referer": referer} if referer else {}
    response = client.post(f"/pips/{pip.id}/factors", data=factor_data(pip, "Heavy snow"), headers=headers)
    assert response.headers["Location"] == "/sign-in?next=%2F"


def test_a_csrf_failure_with_no_session_at_all_says_the_session_ended(client, make_pip, db):
    pip = make_pip()
    response = client.htmx(
        "post",
        f"/pips/{pip.id}/factors",
        data=factor_data(pip, "Heavy snow"),
        headers={"X-CSRFToken": "a-token-from-a-session-long-gone"},
    )
    assert response.status_code == 401
    assert "Your session has ended" in response.get_data(as_text=True)


def test_the_token_answers_401_not_a_sign_in_page_when_signed_out(client, db):
    response = client.get("/resume/token", headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_the_token_is_never_cached(client, hos_and_plan):
    response = client.get("/resume/token", headers={"Accept": "application/json"})
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json()["csrf_token"]


# ---- the security log names the user, never what was typed -------------------------------------


def test_a_csrf_failure_is_logged_with_the_user_and_explained(client, hos_and_plan, caplog):
    user, pip = hos_and_plan
    with caplog.at_level(logging.WARNING, logger="webapp.security"):
        response = client.htmx(
            "post", f"/pips/{pip.id}/factors", data=factor_data(pip, "Secret words"), headers={"X-CSRFToken": "stale"}
        )
    assert response.status_code == 400
    assert 'data-refresh-token="/resume/token"' in response.get_data(as_text=True)
    [line] = [r.getMessage() for r in caplog.records if r.name == "webapp.security"]
    assert f"user {user.id}," in line and "Secret words" not in line


def test_a_403_is_logged_with_the_user(client, login_as, make_pip, caplog):
    user = login_as("hos")  # of a service of their own, not this plan's
    pip = make_pip()
    with caplog.at_level(logging.WARNING, logger="webapp.security"):
        response = client.htmx("post", f"/pips/{pip.id}/factors", data=factor_data(pip, "Secret words"))
    assert response.status_code == 403
    assert "You do not have permission" in response.get_data(as_text=True)
    [line] = [r.getMessage() for r in caplog.records if r.name == "webapp.security"]
    assert f"Forbidden: user {user.id}," in line and "Secret words" not in line


# ---- a write lock held longer than the lock timeout ---------------------------------------------


@pytest.mark.parametrize("with_htmx", [True, False], ids=["htmx", "no JavaScript"])
def test_a_locked_database_answers_503_and_saving_again_works(client, database_url, hos_and_plan, with_htmx):
    user, pip = hos_and_plan
    send = (
        (lambda: client.htmx("post", f"/pips/{pip.id}/factors", data=factor_data(pip, "Heavy snow")))
        if with_htmx
        else (lambda: client.post(f"/pips/{pip.id}/factors", data=factor_data(pip, "Heavy snow")))
    )
    with write_lock(database_url, Pip._meta.table_name):
        response = send()
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "The service is busy: try again" in html
    assert ("Press the button again" if with_htmx else "Back button") in html
    assert Factor.select().count() == 0

    response = send()  # the lock is gone: Save again
    assert response.status_code == (200 if with_htmx else 302)
    assert [f.description for f in Factor.select()] == ["Heavy snow"]


def test_an_error_page_that_fails_itself_gives_way_to_one_that_needs_no_database(client, database_url, hos_and_plan):
    """A signed-in user's first request after a minute writes when they were last seen: with the
    database locked, drawing the 404 page's header fails; the page that needs nothing is shown."""
    user, pip = hos_and_plan
    SignInSession.update(last_seen_at=utcnow() - timedelta(minutes=2)).execute()
    with write_lock(database_url, SignInSession._meta.table_name):
        response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and 'class="govuk-template"' in html
    assert "Signed in as" not in html


# ---- the database is gone -----------------------------------------------------------------------

PRODUCTION = {"SECRET_KEY": "test-secret-key", "SESSION_COOKIE_SECURE": False}


def _sqlite_whose_folder_is_removed(folder):
    """The database the user signed in with, its folder then removed (root reads any file: not chmod)."""
    return f"sqlite:///{folder / 'pips.db'}", lambda: shutil.rmtree(folder)


def _stopped_postgresql(folder):
    """A PostgreSQL server that has stopped: nothing listens on its port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql://postgres@127.0.0.1:{port}/pips", lambda: None


def signed_in_cookie(folder):
    """A browser's cookie from signing in while the database was up."""
    app = create_app({**PRODUCTION, "DATABASE_URL": f"sqlite:///{folder / 'pips.db'}"})
    app.test_client_class = CouncilClient
    with database.connection_context():
        init_db()
        User.create(email="jane@example.org", name="Jane Smith", password_hash=_PASSWORD_HASH)
    client = app.test_client()
    response = client.post("/sign-in", data={"email": "jane@example.org", "password": PASSWORD})
    assert response.status_code == 302
    return client.get_cookie("pips_session").value


@pytest.mark.parametrize(
    "database_down", [_sqlite_whose_folder_is_removed, _stopped_postgresql], ids=["sqlite", "postgresql"]
)
@pytest.mark.parametrize("with_htmx", [True, False], ids=["htmx", "page"])
def test_with_the_database_down_the_error_page_needs_no_database(tmp_path, database_down, with_htmx):
    cookie = signed_in_cookie(tmp_path)
    url, take_down = database_down(tmp_path)
    client = create_app({**PRODUCTION, "DATABASE_URL": url}).test_client()
    take_down()
    client.set_cookie("pips_session", cookie)
    response = client.get("/pips/", headers={"HX-Request": "true"} if with_htmx else {})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in html, html
    assert ("<html" in html) is not with_htmx
    if not with_htmx:
        assert 'class="govuk-template"' in html and "govuk-frontend.min.css" in html
        assert "Signed in as" not in html
