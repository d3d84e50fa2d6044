"""What the browser tests share: watching a page for problems, signing in, running axe-core."""

import contextlib
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from webapp.demo import DEMO_PASSWORD

HERE = Path(__file__).parent
AXE_SCRIPT = HERE / "assets" / "axe-4.14.1.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

# Requests the browser makes only sometimes, so that a 404 for them would fail tests at random:
# Chromium asks for /favicon.ico on its own when no page names an icon, and, now and then, falls
# back from the local fonts app.css names to GOV.UK's @font-face files under /assets/fonts/.
# test_static_assets.py checks both, deterministically.
IGNORED_URL_PREFIXES = ("/favicon.ico", "/assets/fonts/")


# ---- serving the app -------------------------------------------------------------------------


@contextlib.contextmanager
def serving(app, name="live-server"):
    """`app` on http://127.0.0.1:<free port>, in a thread, until the block ends; yields the base URL."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(timeout=10)
        http.server_close()


# ---- watching a page for problems ---------------------------------------------------------------


def _ignored(url):
    return urlsplit(url or "").path.startswith(IGNORED_URL_PREFIXES)


def watch(page):
    """Record on `page.problems` everything that went wrong while it loaded and ran."""
    if hasattr(page, "problems"):
        return page
    page.problems = []

    def on_console(message):
        if message.type == "error" and not _ignored(message.location.get("url")):
            source = message.location.get("url")
            page.problems.append(f"console error on {page.url}: {message.text}" + (f" ({source})" if source else ""))

    def on_page_error(error):
        page.problems.append(f"uncaught exception on {page.url}: {error}")

    def on_request_failed(request):
        # Aborted: a download, or a request cut short by the next navigation. A 404 is caught below.
        if not _ignored(request.url) and request.failure != "net::ERR_ABORTED":
            page.problems.append(f"request failed: {request.method} {request.url} ({request.failure}) on {page.url}")

    def on_response(response):
        if response.status >= 400 and not _ignored(response.url):
            page.problems.append(f"HTTP {response.status} for {response.request.method} {response.url} on {page.url}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return page


def take_problems(page):
    """The console errors, failed requests and error responses seen since the last look, cleared."""
    problems, page.problems[:] = list(page.problems), []
    return problems


def assert_no_problems(page):
    """Fail with every console error, failed request or error response seen since the last check."""
    problems = take_problems(page)
    if problems:
        pytest.fail("Problems in the browser:\n  " + "\n  ".join(problems), pytrace=False)


# ---- signing in and axe-core ------------------------------------------------------------------


def sign_in(page, email, password=None):
    """Sign in through the real form, as a person would. The page must show the sign-in form."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD if password is None else password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def wait_for_htmx(page):
    """Until no htmx request is in flight (htmx marks the element that sent one with .htmx-request)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def tab_to(page, locator, max_presses=20):
    """Press Tab until `locator` has the focus; returns how many presses it took."""
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return presses
    raise AssertionError(f"{locator} never took the focus after {max_presses} presses of Tab")


_axe_source = None


def axe_violations(page, within=None):
    """axe-core's violations on the page (or only `within` a CSS selector). The app's CSP
    (script-src 'self') blocks the inline <script> add_script_tag would add, so the script goes in
    through page.evaluate, which the CSP does not govern: the page keeps its real CSP."""
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_SCRIPT.read_text(encoding="utf-8")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source)
    results = page.evaluate(
        """([within, tags]) => axe.run(within || document, {
               runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [within, AXE_TAGS],
    )
    violations = []
    for violation in results["violations"]:
        nodes = [node for node in violation["nodes"] if not _govuk_reveal_expanded(violation["id"], node)]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


def _govuk_reveal_expanded(rule, node):
    """The one finding let through: GOV.UK Frontend's Radios component sets aria-expanded on a radio that
    reveals conditional content. ARIA allows no aria-expanded on a radio, so axe-core flags it, but GOV.UK
    keeps it on purpose, as screen readers announce it (a documented known issue: alphagov/govuk-frontend
    #979 and #1280). Only that attribute, on a GOV.UK radio that controls a conditional reveal."""
    if rule != "aria-allowed-attr" or node["any"] or node["none"]:
        return False
    html = node["html"]
    if not html.startswith("<input ") or 'class="govuk-radios__input"' not in html or " aria-controls=" not in html:
        return False
    values = [value for check in node["all"] for value in (check.get("data") or {}).get("values", [])]
    return bool(values) and all(value.startswith("aria-expanded=") for value in values)


def check_axe(page, within=None):
    """Fail with a readable list of axe-core's violations on the page, if there are any."""
    violations = axe_violations(page, within)
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} violation(s) on {page.url}:\n" + format_violations(violations),
            pytrace=False,
        )


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            target = " ".join(map(str, node["target"]))
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)
