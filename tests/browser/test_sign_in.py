"""Signing in and out in a real browser: by keyboard alone, with a wrong password, without
JavaScript, and under the app's own Content-Security-Policy."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_problems, check_axe, sign_in, tab_to
from webapp.demo import DEMO_PASSWORD

MEMBER = "member@example.org"
HEAD_OF_SERVICE = "hos@example.org"

# Written before any page script runs (init scripts come in through the DevTools protocol, which
# the CSP does not govern); every CSP violation the page causes lands in this list.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


def _path(page):
    return urlsplit(page.url).path


def test_sign_in_with_the_keyboard_alone(page):
    page.goto("/sign-in")
    check_axe(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(MEMBER)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(lambda url: urlsplit(url).path != "/sign-in")
    expect(page.locator(".app-account")).to_contain_text("Signed in as")
    assert_no_problems(page)


def test_a_wrong_password_moves_focus_to_the_error_summary(page):
    page.goto("/sign-in")
    sign_in(page, HEAD_OF_SERVICE, password="not-the-password")

    assert _path(page) == "/sign-in"
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend's ErrorSummary does this as the page loads
    expect(summary).to_contain_text("There is a problem")
    check_axe(page)

    # The summary's link takes the keyboard user to the field to correct.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Email")).to_be_focused()
    assert_no_problems(page)


def test_sign_in_and_out_work_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/meetings/")
    assert _path(page) == "/sign-in"

    sign_in(page, MEMBER)
    assert _path(page) == "/meetings/", "sign-in should return to the page first asked for"
    expect(page.locator(".app-account")).to_contain_text("Signed in as")
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert _path(page) == "/sign-in"
    expect(page.get_by_text("You have signed out")).to_be_visible()

    page.goto("/meetings/")
    assert _path(page) == "/sign-in", "a protected page was shown after signing out"
    assert_no_problems(page)


def _assert_the_page_runs_under_its_csp(page, response):
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, f"{page.url} was served without the app's CSP: {policy!r}"
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => window.__cspViolations") == []
    # What the page loads did load and run: GOV.UK Frontend (through app.mjs), htmx, both stylesheets.
    assert "js-enabled" in page.locator("body").get_attribute("class")
    assert page.evaluate("() => typeof window.htmx === 'object'")
    assert page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet]')]
                                  .every((link) => link.sheet && link.sheet.cssRules.length > 0)""")
    assert_no_problems(page)  # a CSP violation is also a console error


def test_the_csp_blocks_nothing_the_app_loads(page):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    _assert_the_page_runs_under_its_csp(page, page.goto("/sign-in"))

    sign_in(page, HEAD_OF_SERVICE)
    _assert_the_page_runs_under_its_csp(page, page.goto("/indicators/"))
