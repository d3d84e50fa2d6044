"""Failures are seen and nothing typed is lost (docs/quality.md, issue 8 item 4), in a real browser.

The Head of Service types a factor on the draft plan HS01 and presses Add factor while something goes
wrong: a 403, a 500, the network, a session that ended, a write lock held too long. Each time a GOV.UK
error message appears just above the form, takes the focus, is announced and passes axe-core; the form
keeps what was typed; and once the cause is gone, pressing Add factor again saves it.

These tests break things on purpose, so they run their own server on their own database (a short lock
timeout, and nothing another test relies on).
"""

import contextlib
import re
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_problems, check_axe, serving, sign_in, take_problems, wait_for_htmx, watch
from webapp import create_app
from webapp.core.migrations import init_db
from webapp.demo import load_demo_data
from webapp.domain.pips import PipStatus
from webapp.models import Factor, Pip, Service, SignInSession, User, UserService, database

HEAD_OF_SERVICE = "hos@example.org"
PLAN = "HS01"  # the Head of Service's draft, in the demo data
LOCK_TIMEOUT_MS = 300


class Server:
    def __init__(self, url, db, path):
        self.url, self.db, self.path = url, db, path

    def __call__(self, path=""):
        return self.url + path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("failures") / "pips.db"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "failures-test-secret-key",
            "DATABASE_URL": f"sqlite:///{path}",
            "DATABASE_LOCK_TIMEOUT_MS": LOCK_TIMEOUT_MS,
        }
    )
    with database.connection_context():
        init_db()
        load_demo_data()
    with serving(app, "failures-server") as url:
        yield Server(url, database.obj, path)


@pytest.fixture(autouse=True)
def _live_server_database(server):
    """Overrides conftest.py's: the app's one database handle points at this module's database."""
    database.initialize(server.db)


@contextlib.contextmanager
def sql(path):
    """Another connection to the server's database, as a second process or an administrator would have."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def plan_url(server):
    with database.connection_context():
        return server(f"/pips/{Pip.get(Pip.pi_code == PLAN).id}")


def typed_factor(page, server, text):
    """Signed in as the Head of Service, the Add external factor form open on HS01, a factor typed."""
    page.goto(server("/sign-in"))
    sign_in(page, HEAD_OF_SERVICE)
    page.goto(plan_url(server))
    page.locator("#section-2").get_by_role("link", name="Add external factor").click()
    form = page.locator("#factor-form-new-external form")
    form.get_by_label("Temporary Factors", exact=True).check()
    form.get_by_label("Describe the external factor").fill(text)
    return form


def press_add_factor(page, form):
    form.get_by_role("button", name="Add factor").click()
    wait_for_htmx(page)


def expect_message(page, form, *words):
    """The message is just above the form, announced, focused, says `words`; the form is as typed."""
    message = page.locator(".app-request-error")
    expect(message).to_have_count(1)
    expect(message).to_be_focused()
    assert form.evaluate("form => form.previousElementSibling.classList.contains('app-request-error')")
    expect(message.get_by_role("alert")).to_be_visible()
    for text in words:
        expect(message).to_contain_text(text)
    expect(message).to_contain_text("What you typed is still here.")
    check_axe(page)
    return message


def take_expected(page, *marks):
    """The failed request is rightly seen by the page watcher (the response, Chromium's console line,
    htmx's console line): take exactly those lines, which name one of `marks`; keep any other."""
    problems = take_problems(page)
    expected = [p for p in problems if any(mark in p for mark in marks)]
    assert expected, f"expected a failed request marked {marks}, saw {problems}"
    page.problems.extend(p for p in problems if p not in expected)


def expect_saved(page, text):
    expect(page.locator("#section-2 .app-row", has_text=text)).to_be_visible()
    expect(page.locator(".app-request-error")).to_have_count(0)
    check_axe(page)
    with database.connection_context():
        assert Factor.select().where(Factor.description == text).count() == 1


# ---- a 403 and a 500 ----------------------------------------------------------------------------------


def test_a_403_on_an_htmx_action_is_shown_and_the_form_kept(page, server):
    text = "Contractor insolvency delayed void repairs."
    form = typed_factor(page, server, text)
    with database.connection_context():
        link = (
            UserService.select()
            .join(User)
            .switch(UserService)
            .join(Service)
            .where((User.email == HEAD_OF_SERVICE) & (Service.id == Pip.get(Pip.pi_code == PLAN).service))
            .get()
        )
        service_id, user_id = link.service_id, link.user_id
        link.delete_instance()  # an administrator takes the service away while the page is open
    try:
        press_add_factor(page, form)
        expect_message(page, form, "You do not have permission")
        take_expected(page, "403")
        expect(form.get_by_label("Describe the external factor")).to_have_value(text)
    finally:
        with database.connection_context():
            UserService.create(user=user_id, service=service_id)
    press_add_factor(page, form)
    expect_saved(page, text)


def test_a_plan_completed_meanwhile_is_said_above_the_form_not_swapped_over_it(page, server):
    text = "Landlords withdrew four homes."
    form = typed_factor(page, server, text)
    with database.connection_context():  # someone else withdraws the plan while the form is open
        Pip.update(status=PipStatus.WITHDRAWN).where(Pip.pi_code == PLAN).execute()
    try:
        press_add_factor(page, form)
        expect_message(page, form, "This plan can no longer be changed")
        take_expected(page, "409")
        expect(form.get_by_label("Describe the external factor")).to_have_value(text)
        expect(page.locator("#section-2-heading")).to_be_visible()  # the section is still there, not replaced
    finally:
        with database.connection_context():
            Pip.update(status=PipStatus.DRAFT).where(Pip.pi_code == PLAN).execute()


def test_a_500_on_an_htmx_action_is_shown_and_saving_again_works(page, server):
    text = "Void inspections moved to a new team."
    form = typed_factor(page, server, text)
    with sql(server.path) as connection:  # the write fails in the database
        connection.execute(
            f"CREATE TRIGGER refuse_factors BEFORE INSERT ON {Factor._meta.table_name} "
            "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"
        )
    try:
        press_add_factor(page, form)
        expect_message(page, form, "Sorry, there is a problem with the service", "Error 500")
        take_expected(page, "500")
    finally:
        with sql(server.path) as connection:
            connection.execute("DROP TRIGGER refuse_factors")
    expect(form.get_by_label("Describe the external factor")).to_have_value(text)
    press_add_factor(page, form)
    expect_saved(page, text)


# ---- the network --------------------------------------------------------------------------------------


def test_a_network_failure_is_shown_and_saving_again_works(page, server):
    text = "Storm damage to twelve empty homes."
    form = typed_factor(page, server, text)
    factors = re.compile(r"/pips/\d+/factors$")
    page.route(factors, lambda route: route.abort("internetdisconnected"))
    press_add_factor(page, form)
    expect_message(page, form, "Your request could not be sent", "check your connection")
    take_expected(page, "ERR_INTERNET_DISCONNECTED", "htmx:sendError", "htmx:afterRequest")
    page.unroute(factors)
    press_add_factor(page, form)
    expect_saved(page, text)


# ---- a session that ended ----------------------------------------------------------------------------


def test_an_ended_session_says_so_and_saves_after_signing_in_in_a_new_tab(page, server):
    text = "Asbestos found in three voids."
    form = typed_factor(page, server, text)
    with database.connection_context():  # the idle timeout ends the session on the server
        SignInSession.delete().where(SignInSession.user == User.get(User.email == HEAD_OF_SERVICE).id).execute()
    press_add_factor(page, form)
    message = expect_message(page, form, "Your session has ended", "press the button again")
    take_expected(page, "401")
    expect(page.locator(".app-account")).to_be_hidden()  # no longer "Signed in as"

    with page.context.expect_page() as opened:
        message.get_by_role("link", name="Sign in again (opens in new tab)").click()
    tab = watch(opened.value)
    tab.wait_for_load_state()
    sign_in(tab, HEAD_OF_SERVICE)
    expect(tab.get_by_role("heading", name="You are signed in again")).to_be_visible()
    check_axe(tab)
    assert_no_problems(tab)
    tab.close()

    page.bring_to_front()
    expect(form.get_by_label("Describe the external factor")).to_have_value(text)
    press_add_factor(page, form)  # the page fetches the new session's CSRF token, then sends
    expect_saved(page, text)
    expect(page.locator(".app-account")).to_contain_text("Signed in as")


def test_without_javascript_an_ended_session_leads_back_to_the_form_after_signing_in(new_page, page, server):
    """The sign-in leads back to the page the form was sent from, by the Referer Chromium sends, not to the
    address the form was sent to (which only takes a POST), and says that nothing was saved."""
    no_js = new_page(java_script_enabled=False)
    text = "Scaffolding delayed by the storm."
    no_js.goto(server("/sign-in"))
    sign_in(no_js, HEAD_OF_SERVICE)
    no_js.goto(plan_url(server))
    limit = no_js.locator("noscript .app-session-limit")  # shown with JavaScript off: the page cannot warn
    expect(limit).to_be_visible()
    expect(limit).to_contain_text("no warning before you are signed out")
    no_js.locator("#section-2").get_by_role("link", name="Add external factor").click()
    form_page = no_js.url
    no_js.get_by_label("Temporary Factors", exact=True).check()
    no_js.get_by_label("Describe the external factor").fill(text)
    with database.connection_context():  # the idle timeout ends the session on the server
        SignInSession.delete().where(SignInSession.user == User.get(User.email == HEAD_OF_SERVICE).id).execute()
    no_js.get_by_role("button", name="Add factor").click()
    expect(no_js.get_by_text("what you sent was not saved")).to_be_visible()
    check_axe_as_served(page, no_js.url, no_js.content())

    sign_in(no_js, HEAD_OF_SERVICE)
    assert no_js.url == form_page
    no_js.get_by_label("Temporary Factors", exact=True).check()
    no_js.get_by_label("Describe the external factor").fill(text)
    no_js.get_by_role("button", name="Add factor").click()
    expect(no_js.locator("#section-2 .app-row", has_text=text)).to_be_visible()


# ---- a database locked for longer than the lock timeout ------------------------------------------


def test_a_locked_database_answers_busy_and_saving_again_works(page, server):
    text = "Lettings team short of two officers."
    form = typed_factor(page, server, text)
    with sql(server.path) as connection:
        connection.execute("BEGIN IMMEDIATE")  # another writer holds the lock for longer than the timeout
        press_add_factor(page, form)
        expect_message(page, form, "The service is busy: try again", "Press the button again", "Error 503")
        connection.execute("ROLLBACK")
    take_expected(page, "503")
    press_add_factor(page, form)
    expect_saved(page, text)


def test_without_javascript_a_locked_database_says_go_back_and_the_form_is_there(new_page, page, server):
    no_js = new_page(java_script_enabled=False)
    text = "Repairs budget frozen until the new year."
    no_js.goto(server("/sign-in"))
    sign_in(no_js, HEAD_OF_SERVICE)
    no_js.goto(plan_url(server))
    no_js.locator("#section-2").get_by_role("link", name="Add external factor").click()
    no_js.get_by_label("Temporary Factors", exact=True).check()
    no_js.get_by_label("Describe the external factor").fill(text)
    with sql(server.path) as connection:
        connection.execute("BEGIN IMMEDIATE")
        no_js.get_by_role("button", name="Add factor").click()
        expect(no_js.get_by_role("heading", name="The service is busy: try again")).to_be_visible()
        expect(no_js.get_by_text("Back button")).to_be_visible()
        connection.execute("ROLLBACK")
    take_expected(no_js, "503")
    check_axe_as_served(page, no_js.url, no_js.content())

    no_js.go_back()
    expect(no_js.get_by_label("Describe the external factor")).to_have_value(text)
    no_js.get_by_role("button", name="Add factor").click()
    expect(no_js.locator("#section-2 .app-row", has_text=text)).to_be_visible()


def check_axe_as_served(page, url, html):
    """axe-core on a page a browser with JavaScript off was given (axe-core itself needs script)."""
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
    page.goto(url)
    check_axe(page)
    page.unroute(url)
