"""Signing in with the council's directory in Chromium (docs/single-sign-on.md): the demo's CMT member
presses "Sign in with your council account", signs in at the directory (oidc-provider, tests/web/auth/directory.py)
and lands on their work; signing out ends the session here and takes them to the directory's sign-out."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_axe
from tests.web.auth.directory import CLIENT_ID, CLIENT_SECRET, Directory


@pytest.fixture
def directory(live_server):
    directory = Directory([live_server("/sign-in/council/callback")], [live_server("/sign-in?signed_out=1")]).start()
    app = live_server.app
    saved = dict(app.config)
    app.config.update(
        OIDC_ISSUER=directory.issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        BASE_URL=live_server.url,
    )
    yield directory
    app.config.clear()
    app.config.update(saved)
    directory.stop()


def test_a_demo_user_signs_in_through_the_directory_and_lands_on_their_work(page, directory):
    page.goto("/sign-in")
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in with your council account").click()
    assert page.url.startswith(directory.issuer)
    page.get_by_label("Directory e-mail").fill("david")
    with page.expect_navigation(url=lambda url: urlsplit(url).path == "/"):
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your work", exact=True)).to_be_visible()
    check_axe(page)
    # signing out here, then at the directory, which asks the person to confirm and sends them back
    with page.expect_navigation(url=lambda url: url.startswith(directory.issuer)):
        page.get_by_role("button", name="Sign out").click()
    with page.expect_navigation(url=lambda url: urlsplit(url).path == "/sign-in"):
        page.get_by_role("button", name="Yes, sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/")
    assert urlsplit(page.url).path == "/sign-in"
