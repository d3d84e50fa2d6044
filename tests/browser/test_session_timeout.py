"""The warning before a session ends, in Chromium (WCAG 2.2.1, docs/accessibility.md#the-session-time-limit):
it opens as a modal dialog with the focus on its heading, clean under axe-core; "Stay signed in" (or Escape)
puts the end off on the server and gives the focus back; once the session has ended, the page says so and
what was typed stays. The warning is set to come a few seconds after each page or use, not two minutes
before a half-hour limit."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, take_problems
from webapp.models import SignInSession, User, database, utcnow

EMAIL = "hos@example.org"
SOON = 4  # seconds from a use of the service to the warning


@pytest.fixture
def warned_soon(live_server):
    app = live_server.app
    saved = app.config["SESSION_WARNING_BEFORE"]
    app.config["SESSION_WARNING_BEFORE"] = app.config["SESSION_IDLE_TIMEOUT"] - timedelta(seconds=SOON)
    yield
    app.config["SESSION_WARNING_BEFORE"] = saved


def _last_used():
    with database.connection_context():
        session = SignInSession.select().join(User).where(User.email == EMAIL).order_by(SignInSession.id.desc()).get()
        return session.last_seen_at


def _end_sessions():
    with database.connection_context():
        SignInSession.delete().where(SignInSession.user.in_(User.select(User.id).where(User.email == EMAIL))).execute()


def test_the_warning_lets_a_person_stay_signed_in_and_says_when_they_have_been_signed_out(page, warned_soon):
    page.goto("/sign-in")
    sign_in(page, EMAIL)
    page.goto("/account/password")
    typed = page.get_by_label("Current password", exact=True)
    typed.fill("half-typed")
    typed.focus()
    dialog = page.get_by_role("dialog", name="You will be signed out soon")

    expect(dialog).to_be_visible(timeout=(SOON + 10) * 1000)
    expect(page.get_by_role("heading", name="You will be signed out soon")).to_be_focused()
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_visible()
    check_axe(page)
    before = _last_used()
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(typed).to_be_focused()
    assert _last_used() > before and utcnow() - _last_used() < timedelta(seconds=10)

    expect(dialog).to_be_visible(timeout=(SOON + 10) * 1000)  # warned again, and kept by the keyboard alone
    before = _last_used()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert _last_used() > before

    _end_sessions()  # as the idle limit would, or signing out in another tab
    ended = page.get_by_role("dialog", name="You have been signed out")
    expect(ended).to_be_visible(timeout=(SOON + 10) * 1000)
    expect(ended.get_by_role("link", name="Sign in again (opens in a new tab)")).to_be_visible()
    expect(page.get_by_role("heading", name="You have been signed out")).to_be_focused()
    check_axe(page)
    # The page asked when the session ends and was told it had (401), as it should be; nothing else failed.
    assert {problem for problem in take_problems(page) if "/account/session" not in problem} == set()
    ended.get_by_role("button", name="Close").click()
    expect(ended).to_be_hidden()
    expect(typed).to_have_value("half-typed")
