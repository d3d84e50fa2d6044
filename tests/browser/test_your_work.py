"""Your work in a real browser (docs/your-work.md): each demo user lands on it after signing in, it passes
axe-core, and every item on it is a link reached by pressing Tab."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in
from webapp.demo import DEMO_USERS


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda user: user[0].split("@")[0])
def test_each_user_lands_on_their_work_which_passes_axe_and_is_reached_by_keyboard(page, live_server, user):
    email = user[0]
    page.goto("/sign-in")
    sign_in(page, email)
    assert urlsplit(page.url).path == "/"
    expect(page.get_by_role("heading", level=1, name="Your work")).to_be_visible()
    expect(page.locator(".govuk-service-navigation nav a").first).to_have_text("Your work")
    check_axe(page)

    links = page.locator("main a[href]")
    count = links.count()
    assert count > 0, f"{email} has nothing to follow on Your work"
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    # Every item is a link the keyboard reaches, in the page's order.
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('main') ? document.activeElement.getAttribute('href') : null"
        )
        if focused is not None:
            reached.append(focused)
        if len(reached) == count:
            break
    assert reached == hrefs

    # The first item leads to a page that loads.
    # Waited for, not raced: a navigation still under way when the test ends hangs the browser's close.
    links.first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path not in ("/", "/sign-in")
