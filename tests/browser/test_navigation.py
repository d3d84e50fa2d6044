"""Every demo user signs in through the real form, walks every page their header navigation offers
and a few links from each, and every one of those pages loads cleanly and passes axe-core."""

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_no_problems,
    axe_violations,
    check_axe,
    format_violations,
    sign_in,
    take_problems,
    wait_for_htmx,
)
from webapp.demo import DEMO_USERS
from webapp.domain.roles import Role

# Links followed from each navigation page: enough to reach each kind of page below it
# (a PI, a PIP, a meeting, a user) without walking the whole demo council.
LINKS_PER_NAV_PAGE = 5
SKIPPED_PATHS = ("/static/", "/sign-out", "/sign-in")

NAV_LINKS = ".govuk-service-navigation nav a"


def _user_id(user):
    return user[0].split("@")[0]


def _shape(url):
    """Pages with the same shape show the same template: /pips/12 and /pips/40 are both /pips/N."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path), tuple(sorted(key for key, _ in parse_qsl(parts.query)))


def _without_fragment(url):
    return url.split("#", 1)[0]


def visit(page, url):
    """Open `url` as a signed-in user. Returns what is wrong with it (empty when nothing): an error
    status, a detour to the sign-in page, console errors or failed requests, axe violations."""
    response = page.goto(url)
    if response is None or response.status >= 400:
        return [f"HTTP {response.status if response else 'no response'}"] + take_problems(page)
    assert urlsplit(page.url).path != "/sign-in", f"{url} sent a signed-in user back to the sign-in page"
    wait_for_htmx(page)
    found = take_problems(page)
    violations = axe_violations(page)
    if violations:
        found.append(f"{len(violations)} axe-core violation(s):\n" + format_violations(violations))
    return found


def links_to_follow(page, origin, seen_shapes):
    """Same-site links in the page's main content that lead to a kind of HTML page not seen yet."""
    here = _without_fragment(page.url)
    found = []
    for href in page.eval_on_selector_all("main a[href]:not([download])", "links => links.map(a => a.href)"):
        url = _without_fragment(urljoin(here, href))
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin or url == here:
            continue
        if parts.path.startswith(SKIPPED_PATHS):
            continue
        shape = _shape(url)
        if shape in seen_shapes:
            continue
        # A download (a Word document, JSON) is no page to check: ask first, with the user's cookies.
        head = page.request.head(url)
        if not head.headers.get("content-type", "").startswith("text/html"):
            continue
        seen_shapes.add(shape)
        found.append(url)
        if len(found) == LINKS_PER_NAV_PAGE:
            break
    return found


@pytest.mark.parametrize("user", DEMO_USERS, ids=_user_id)
def test_every_page_a_user_can_reach_loads_and_passes_axe(page, live_server, user):
    email, name, roles, _services = user
    page.goto("/sign-in")
    sign_in(page, email)
    assert urlsplit(page.url).path != "/sign-in", f"{email} could not sign in"
    expect(page.locator(".app-account")).to_contain_text(f"Signed in as {name}")

    nav = page.locator(NAV_LINKS)
    labels = [text.strip() for text in nav.all_inner_texts()]
    assert any(re.search(r"\bIndicators\b", label) for label in labels), labels
    is_admin = Role.ADMIN in roles
    assert any(re.search(r"\bAdministration\b", label) for label in labels) == is_admin, labels
    nav_pages = [urljoin(page.url, href) for href in nav.evaluate_all("links => links.map(a => a.href)")]

    # Every page is visited before failing, so one run reports every page that has a problem.
    seen_shapes = {_shape(url) for url in nav_pages}
    failures = {}
    for nav_page in nav_pages:
        failures[nav_page] = visit(page, nav_page)
        for url in links_to_follow(page, live_server.url, seen_shapes):
            failures[url] = visit(page, url)

    page.goto(nav_pages[0])
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    check_axe(page)
    page.goto(nav_pages[0])
    assert urlsplit(page.url).path == "/sign-in", f"{nav_pages[0]} was shown after signing out"
    expect(page.get_by_label("Email")).to_be_visible()
    assert_no_problems(page)

    report = [f"{url}\n  " + "\n  ".join(problems) for url, problems in failures.items() if problems]
    if report:
        pytest.fail(
            f"{len(report)} of the {len(failures)} pages {email} visited have problems:\n" + "\n".join(report),
            pytrace=False,
        )
