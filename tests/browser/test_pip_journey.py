"""A Performance Improvement Plan from raising to completion, as its people would go through it
(docs/plans.md#the-plan, docs/plans.md#lifecycle, docs/plans.md#changes-and-history, docs/quality.md).

With JavaScript on, the Head of Service raises a plan and fills every section with the keyboard
alone, CMT approves its solution at a CMT meeting, and the Head of Service records progress, puts the
solution in place and completes the plan. Every htmx swap must leave the focus somewhere sensible
and pass axe-core. With JavaScript off, the same main path works as ordinary pages with
Post/Redirect/Get, and every page the user saw passes axe-core too.

Each journey raises its own plan, on a PI with no open plan in the demo data (HS03 and WR02, both
the Head of Service's), so the two never depend on each other's order.

Focus and axe-core problems are collected along the way and reported together at the end of each
journey, so that one run shows every one of them; anything else fails at once.
"""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_no_problems,
    axe_violations,
    format_violations,
    sign_in,
    take_problems,
    wait_for_htmx,
)
from webapp.demo import DEMO_PASSWORD

HEAD_OF_SERVICE = "hos@example.org"
CMT = "cmt@example.org"
KEYBOARD_PI = "HS03"  # Housing: no plan in the demo data
NO_JS_PI = "WR02"  # Waste and Recycling: no plan in the demo data

# Pressing Tab more often than this to reach one control means the page is too long to tab through.
MAX_TABS = 40
# How long the focus may take to move after a swap: GOV.UK Frontend's app.mjs moves it on htmx:afterSettle.
FOCUS_TIMEOUT_MS = 3_000

COMPLETION_STATEMENT = "This Performance Improvement Plan has been completed"


# ---- keyboard, focus and findings ------------------------------------------------------------------


def tab_to(page, locator, backwards=False, max_presses=MAX_TABS):
    """Press Tab (Shift+Tab when `backwards`) until `locator` has the focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, max_presses + 1):
        page.keyboard.press(key)
        if locator.evaluate("element => element === document.activeElement"):
            return presses
    raise AssertionError(
        f"{locator} never took the focus after {max_presses} presses of {key} (the focus is on {describe_focus(page)})"
    )


def activate(page, locator, key="Enter", backwards=False):
    """Tab to a link or button and press Enter (or Space) on it."""
    tab_to(page, locator, backwards=backwards)
    page.keyboard.press(key)


def type_into(page, locator, text, replace=False, backwards=False):
    """Tab to a text box and type, replacing what it held when `replace`."""
    tab_to(page, locator, backwards=backwards)
    if replace:
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.press("Delete")
    page.keyboard.type(text)


def type_date(page, group, day):
    """Tab into a GOV.UK date input (Day, Month, Year boxes) and type a date."""
    type_into(page, group.get_by_label("Day"), str(day.day), replace=True)
    page.keyboard.press("Tab")
    expect(group.get_by_label("Month")).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(str(day.month))
    page.keyboard.press("Tab")
    expect(group.get_by_label("Year")).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(str(day.year))


def describe_focus(page):
    return page.evaluate("""() => {
        const active = document.activeElement;
        if (!active || active === document.body) return '<body> (the focus was lost)';
        const id = active.id ? ` id="${active.id}"` : '';
        const text = (active.textContent || active.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
        return `<${active.tagName.toLowerCase()}${id}> "${text}"`;
    }""")


class Findings:
    """Focus and axe-core problems, collected so that one run reports all of them."""

    def __init__(self, page):
        self.page = page
        self.problems = []

    def axe(self, step):
        violations = axe_violations(self.page)
        if violations:
            self.problems.append(
                f"{step} ({self.page.url}): {len(violations)} axe-core violation(s):\n" + format_violations(violations)
            )

    def focus_within(self, selector, step):
        """The focus must be on or inside `selector` (a saved row, a section, a form), never on <body>."""
        try:
            self.page.wait_for_function(
                """(selector) => {
                    const active = document.activeElement;
                    return !!active && active !== document.body && !!active.closest(selector);
                }""",
                arg=selector,
                timeout=FOCUS_TIMEOUT_MS,
            )
        except PlaywrightError:
            self.problems.append(
                f"{step}: the focus should be on or inside {selector}, but is on {describe_focus(self.page)}"
            )

    def after_swap(self, step, focus_within):
        """After an htmx swap: nothing in flight, the focus where it belongs, and axe-core clean."""
        wait_for_htmx(self.page)
        self.focus_within(focus_within, step)
        self.axe(step)

    def check(self):
        if self.problems:
            pytest.fail(f"{len(self.problems)} problem(s) on the way:\n- " + "\n- ".join(self.problems), pytrace=False)


def take_expected_refusal(page, path_part, status=422):
    """A validation error is an HTTP 422, which the page watcher (rightly) records as a problem, and
    Chromium logs as a console error. Take exactly those away; anything else is still a problem."""
    problems = take_problems(page)
    expected = [p for p in problems if str(status) in p and path_part in p]
    assert expected, f"expected an HTTP {status} for {path_part}, saw {problems}"
    page.problems.extend(p for p in problems if p not in expected)


def expect_error_summary(page, form, message):
    """The form comes back with GOV.UK's error summary inside it, naming the problem."""
    summary = form.locator(".govuk-error-summary")
    try:
        expect(summary).to_contain_text(message)
        came_back = True
    except AssertionError:
        came_back = False
    if not came_back:
        pytest.fail(
            f"No error summary saying {message!r} came back in {form}. The browser saw:\n  "
            + "\n  ".join(page.problems or ["nothing wrong"]),
            pytrace=False,
        )
    expect(summary).to_contain_text("There is a problem")
    return summary


def _path(page):
    return urlsplit(page.url).path


# ---- 1. the Head of Service, by keyboard alone ---------------------------------------------------


def keyboard_sign_in(page, email):
    page.goto("/sign-in")
    type_into(page, page.get_by_label("Email"), email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path != "/sign-in")
    expect(page.locator(".app-account")).to_contain_text("Signed in as")


def keyboard_raise_plan(page, findings, code):
    """From the Indicators list to the PI's page, then raise its plan: from the PI page's own link if it
    has one, otherwise from Plans → Raise a plan, choosing the PI. Returns the plan's URL."""
    menu = page.get_by_role("navigation", name="Menu")
    activate(page, menu.get_by_role("link", name="Indicators"))
    expect(page.get_by_role("heading", name="Performance indicators", level=1)).to_be_visible()
    activate(page, page.locator("#register").get_by_role("link", name=code, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    findings.axe(f"the {code} page")

    raise_from_pi = page.get_by_role("main").get_by_role("link", name=re.compile(r"Raise a (PIP|plan)", re.I))
    if raise_from_pi.count():
        activate(page, raise_from_pi.first)
    else:
        activate(page, menu.get_by_role("link", name="Plans"))
        expect(page.get_by_role("heading", name="Performance Improvement Plans", level=1)).to_be_visible()
        activate(page, page.get_by_role("link", name="Raise a plan"))
    expect(page.get_by_role("heading", name="Raise a Performance Improvement Plan")).to_be_visible()
    findings.axe("the Raise a plan page")

    indicator = page.get_by_label("Performance indicator")
    if not re.match(code, indicator.evaluate("select => select.selectedOptions[0].text")):
        tab_to(page, indicator)
        page.keyboard.type(code)  # a closed select picks the option that starts with what is typed
    expect(indicator.locator("option:checked")).to_have_text(re.compile(f"^{code} "))
    expect(page.get_by_label("Author")).to_have_value("Jane Smith")
    activate(page, page.get_by_role("button", name="Raise the plan"))

    expect(page.get_by_text(f"Plan raised for {code}.")).to_be_visible()
    expect(page.locator("#plan-summary .govuk-tag")).to_have_text("Draft")
    findings.axe("the new plan's page")
    return page.url.split("#")[0]


def keyboard_section_1(page, findings):
    section = page.locator("#section-1")
    activate(page, section.get_by_role("link", name="Change Section 1"))
    form = page.locator("#details-form")
    expect(form.get_by_role("button", name="Save Section 1")).to_be_visible()
    findings.after_swap("Change Section 1 opened", "#details-form")

    comments = form.get_by_label("Comments")
    expect(comments).to_have_value(re.compile(r"\S"))  # the target's rationale, from the register
    type_into(
        page,
        comments,
        "Target rationale: the homelessness strategy raises it as the prevention fund grows.",
        replace=True,
    )
    activate(page, form.get_by_role("button", name="Save Section 1"))
    expect(section.get_by_text("Target rationale: the homelessness strategy")).to_be_visible()
    findings.after_swap("Section 1 saved", "#section-1")


def keyboard_add_factor(page, findings, kind, duration, text):
    """Add a factor in Section 2 (external) or 3 (internal). Returns its row."""
    number = 2 if kind == "external" else 3
    section = page.locator(f"#section-{number}")
    activate(page, section.get_by_role("link", name=f"Add {kind} factor"))
    form = page.locator(f"#factor-form-new-{kind}")
    expect(form.get_by_role("button", name="Add factor")).to_be_visible()
    findings.after_swap(f"Add {kind} factor opened", f"#factor-form-new-{kind}")

    choose_radio(page, form.get_by_role("group", name="Type of factor"), duration)
    type_into(page, form.get_by_label(f"Describe the {kind} factor"), text)
    activate(page, form.get_by_role("button", name="Add factor"))
    row = section.locator(".app-row", has_text=text)
    expect(row).to_be_visible()
    findings.after_swap(f"{kind} factor added", f"#section-{number}")
    return row


def choose_radio(page, group, label):
    """Tab into a radio group (the focus lands on its checked radio) and move to `label` with the
    arrow keys, which is how a keyboard user changes a choice of radios."""
    radios = group.get_by_role("radio")
    tab_to(page, radios.first if not group.locator("input:checked").count() else group.locator("input:checked"))
    wanted = group.get_by_label(label, exact=True)
    for _ in range(radios.count()):
        if wanted.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(wanted).to_be_checked()


def keyboard_internal_factor_with_an_error(page, findings):
    """An internal factor sent with no description: the error summary is in the form, takes the focus,
    passes axe-core, keeps what was chosen, and its link leads to the box to fill in."""
    section = page.locator("#section-3")
    activate(page, section.get_by_role("link", name="Add internal factor"))
    form = page.locator("#factor-form-new-internal")
    expect(form.get_by_role("button", name="Add factor")).to_be_visible()
    findings.after_swap("Add internal factor opened", "#factor-form-new-internal")

    choose_radio(page, form.get_by_role("group", name="Type of factor"), "Long Term Factors")
    activate(page, form.get_by_role("button", name="Add factor"))

    summary = expect_error_summary(page, form, "Describe the factor")
    take_expected_refusal(page, "/factors")
    findings.after_swap(
        "an internal factor with no description refused", "#factor-form-new-internal .govuk-error-summary"
    )
    expect(form.get_by_label("Long Term Factors", exact=True)).to_be_checked()  # the choice is kept
    expect(section.get_by_text("None recorded.")).to_have_count(2)  # nothing was added

    activate(page, summary.get_by_role("link", name="Describe the factor"))
    description = form.get_by_label("Describe the internal factor")
    expect(description).to_be_focused()
    text = "Two prevention officer posts have been vacant since the restructure."
    page.keyboard.type(text)
    activate(page, form.get_by_role("button", name="Add factor"))
    row = section.locator(".app-row", has_text=text)
    expect(row).to_be_visible()
    expect(row).to_contain_text("I1")
    long_term = section.locator("h3", has_text="Long Term Factors").locator("xpath=following-sibling::*[1]")
    expect(long_term).to_contain_text("I1")
    findings.after_swap("internal factor added after the error", "#section-3")


def keyboard_add_solution(page, findings, target_date):
    """S1 addresses E1 and I1, with a target date and £18,000 of extra funding. Sent first without the
    amount: the error keeps everything typed, and its link leads to the amount box."""
    section = page.locator("#section-4")
    activate(page, section.get_by_role("link", name="Add solution"))
    form = page.locator("#solution-form-new")
    expect(form.get_by_role("button", name="Add solution")).to_be_visible()
    findings.after_swap("Add solution opened", "#solution-editor")

    description = "Use the prevention fund to pay landlord incentives and rent deposits."
    funding_route = "Bid to the Homelessness Prevention Grant top-up."
    type_into(page, form.get_by_label("Describe the solution"), description)
    type_date(page, form.get_by_role("group", name="Target Date"), target_date)
    factors = form.get_by_role("group", name="Factors Addressed")
    for ref in ("E1", "I1"):
        tab_to(page, factors.get_by_label(re.compile(f"^{ref} ")))
        page.keyboard.press("Space")
    choose_radio(page, form.get_by_role("group", name="Resourcing"), "Extra funding sought")
    type_into(page, form.get_by_label("Funding route"), funding_route)  # the amount is forgotten
    expect(form.locator("input[name='solution-status']")).to_have_count(0)  # Proposed, said: CMT approves it
    activate(page, form.get_by_role("button", name="Add solution"))

    summary = expect_error_summary(page, form, "Enter the funding amount sought")
    take_expected_refusal(page, "/solutions")
    findings.after_swap("a solution with no funding amount refused", "#solution-form-new .govuk-error-summary")
    # Everything typed is still there.
    expect(form.get_by_label("Describe the solution")).to_have_value(description)
    date_group = form.get_by_role("group", name="Target Date")
    expect(date_group.get_by_label("Day")).to_have_value(str(target_date.day))
    expect(date_group.get_by_label("Month")).to_have_value(str(target_date.month))
    expect(date_group.get_by_label("Year")).to_have_value(str(target_date.year))
    for ref in ("E1", "I1"):
        expect(factors.get_by_label(re.compile(f"^{ref} "))).to_be_checked()
    expect(form.get_by_label("Extra funding sought")).to_be_checked()
    expect(form.get_by_label("Funding route")).to_have_value(funding_route)

    activate(page, summary.get_by_role("link", name=re.compile("Enter the funding amount sought")))
    expect(form.get_by_label("Funding amount (£)")).to_be_focused()
    page.keyboard.type("18,000")
    activate(page, form.get_by_role("button", name="Add solution"))

    row = section.locator("#solution-S1")
    expect(row).to_be_visible()
    findings.after_swap("solution S1 added", "#section-4")
    expect(row).to_contain_text(description)
    expect(row).to_contain_text("Proposed")
    expect(row).to_contain_text("Extra funding sought: £18,000.00")
    expect(row).to_contain_text(funding_route)
    expect(row.locator("td").nth(1)).to_have_text(f"{target_date.day} {target_date:%B %Y}")
    expect(row.locator("td").nth(2)).to_have_text("E1, I1")
    expect(section.get_by_text("No solution addresses")).to_have_count(0)


def keyboard_head_of_service_comment(page, findings, text):
    section = page.locator("#section-5")
    activate(page, section.get_by_role("link", name="Add a management comment"))
    form = page.locator("#comment-form-new")
    expect(form.get_by_role("button", name="Add comment")).to_be_visible()
    findings.after_swap("Add a management comment opened", "#comment-form-new")

    expect(form.get_by_label("Head of Service")).to_be_checked()
    expect(form.get_by_label("Meeting", exact=True)).to_have_count(0)  # no meeting for a Head of Service comment
    type_into(page, form.get_by_label("Comment", exact=True), text)
    activate(page, form.get_by_role("button", name="Add comment"))
    row = section.locator(".app-row", has_text=text)
    expect(row).to_be_visible()
    findings.after_swap("Head of Service comment added", "#section-5")


def keyboard_submit(page, findings):
    """Submit the plan: the button sits above the sections, so Shift+Tab back up to it."""
    activate(page, page.get_by_role("button", name="Submit the plan"), backwards=True)
    expect(page.get_by_text("Plan submitted: it is now Live.")).to_be_visible()
    expect(page.locator("#plan-summary .govuk-tag").first).to_have_text("Live")
    for number in range(1, 6):
        expect(page.locator(f"#task-{number}-status")).to_have_text("Completed")
    findings.axe("the plan submitted")


# ---- 2. CMT approves the solution ------------------------------------------------------------------


def cmt_approves(page, findings, code):
    page.goto("/sign-in")
    sign_in(page, CMT)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plans").click()
    page.get_by_role("link", name=re.compile(f"^{code} ")).click()
    expect(page.locator("#plan-summary .govuk-tag").first).to_have_text("Live")
    findings.axe("the plan, as CMT")

    section = page.locator("#section-5")
    section.get_by_role("link", name="Add a management comment").click()
    form = page.locator("#comment-form-new")
    expect(form.get_by_role("button", name="Add comment")).to_be_visible()
    findings.after_swap("Add a management comment opened, as CMT", "#comment-form-new")

    expect(form.get_by_label("CMT", exact=True)).to_be_checked()
    meeting = form.get_by_label("Meeting", exact=True)
    meeting.select_option(index=1)  # the latest CMT meeting
    chosen = meeting.locator("option:checked")
    expect(chosen.locator("xpath=..")).to_have_attribute("label", "CMT")
    cited = chosen.inner_text().split(" – ")[0]  # "CMT, 17 November 2026 – CMT weekly meeting"
    assert re.fullmatch(r"CMT, \d{1,2} \w+ \d{4}", cited), cited
    form.get_by_label("Minute reference").fill("CMT/2026/12")
    text = "CMT approves the landlord incentives from the prevention fund: they address both factors."
    form.get_by_label("Comment", exact=True).fill(text)
    form.get_by_role("group", name="Approve").get_by_label(re.compile(r"^S1 ")).check()
    form.get_by_role("button", name="Add comment").click()

    row = section.locator(".app-row", has_text=text)
    expect(row).to_be_visible()
    findings.after_swap("CMT comment added", "#section-5")
    expect(row).to_contain_text(f"Meeting: {cited}, minute CMT/2026/12")
    expect(row).to_contain_text("Approved S1")
    expect(page.locator("#solution-S1 .govuk-tag")).to_have_text("Approved")


# ---- 3. the Head of Service tracks progress and completes the plan ----------------------------------


def hos_completes(page, findings, plan_url):
    page.goto(plan_url)
    expect(page.locator("#solution-S1 .govuk-tag")).to_have_text("Approved")

    progress = page.locator("#section-6")
    progress.get_by_role("link", name="Add progress update").click()
    form = page.locator("#progress-form-new")
    expect(form.get_by_role("button", name="Add progress update")).to_be_visible()
    findings.after_swap("Add progress update opened", "#progress-editor")
    date_group = form.get_by_role("group", name="Date")
    expect(date_group.get_by_label("Day")).to_have_value(str(date.today().day))
    update = "Incentives offered to twelve landlords; four homes secured so far."
    form.get_by_label("Comment", exact=True).fill(update)
    form.get_by_role("button", name="Add progress update").click()
    entry = progress.locator("tbody tr", has_text=update)
    expect(entry).to_be_visible()
    findings.after_swap("progress update added", "#section-6")
    expect(entry.locator("td").first).to_have_text(f"{date.today().day} {date.today():%B %Y}")

    solutions = page.locator("#section-4")
    solutions.get_by_role("link", name="Change solution S1").click()
    form = page.locator("#solution-editor form")
    expect(form.get_by_role("button", name="Save solution")).to_be_visible()
    findings.after_swap("Change solution S1 opened", "#solution-editor")
    expect(form.get_by_label("Approved", exact=True)).to_be_checked()
    form.get_by_label("In place", exact=True).check()
    form.get_by_role("button", name="Save solution").click()
    expect(page.locator("#solution-S1 .govuk-tag")).to_have_text("In place")
    findings.after_swap("solution S1 put in place", "#section-4")

    page.get_by_role("link", name="Complete the plan").click()
    expect(page.get_by_role("heading", name="Complete the plan", level=1)).to_be_visible()
    findings.axe("the Complete the plan page")
    page.get_by_label("Closing comment").fill("Prevention rate back above target for two quarters.")
    page.get_by_role("button", name="Complete the plan").click()

    expect(page.get_by_text("Plan completed.")).to_be_visible()
    expect(page.locator("#plan-summary .govuk-tag").first).to_have_text("Completed")
    final = progress.locator("tbody tr").last
    expect(final).to_contain_text("Final entry: plan completed")
    expect(final).to_contain_text(COMPLETION_STATEMENT)
    expect(final).to_contain_text("Prevention rate back above target for two quarters.")
    expect(progress.locator("tbody tr", has_text=update)).to_be_visible()
    # A completed plan is a record: nothing on it can be changed, added or moved on.
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=re.compile(r"^Change\b"))).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile(r"^Add\b"))).to_have_count(0)
    expect(main.get_by_role("button", name=re.compile(r"Refresh from register|Submit the plan"))).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile(r"Complete the plan|Withdraw"))).to_have_count(0)
    findings.axe("the completed plan")


def test_a_plan_raised_and_filled_by_keyboard_then_approved_and_completed(page, new_page):
    findings = Findings(page)
    target_date = date.today() + timedelta(days=60)

    keyboard_sign_in(page, HEAD_OF_SERVICE)
    plan_url = keyboard_raise_plan(page, findings, KEYBOARD_PI)
    keyboard_section_1(page, findings)
    external = keyboard_add_factor(
        page, findings, "external", "Temporary Factors", "A surge in no-fault evictions as landlords sell up."
    )
    expect(external).to_contain_text("E1")
    keyboard_internal_factor_with_an_error(page, findings)
    keyboard_add_solution(page, findings, target_date)
    keyboard_head_of_service_comment(
        page, findings, "Prevention is slipping because of the vacancies; S1 is the quickest way back to target."
    )
    keyboard_submit(page, findings)
    assert_no_problems(page)

    cmt_page = new_page()
    cmt_findings = Findings(cmt_page)
    cmt_approves(cmt_page, cmt_findings, KEYBOARD_PI)
    assert_no_problems(cmt_page)

    hos_completes(page, findings, plan_url)
    assert_no_problems(page)

    findings.problems += cmt_findings.problems
    findings.check()


# ---- 4. the same main path with JavaScript off -------------------------------------------------------


class NoScriptPages:
    """Every page the user saw with JavaScript off, as the browser had it, for axe-core afterwards:
    axe-core needs script to run (its timers never fire in a page with JavaScript disabled)."""

    def __init__(self, page):
        self.page = page
        self.seen = []

    def snapshot(self, what):
        self.seen.append((what, self.page.url.split("#")[0], self.page.content()))

    def post(self, button, what):
        """Press a form's submit button: the POST must answer with a redirect to a GET page
        (Post/Redirect/Get), and the page it leads to is kept for axe-core."""
        with self.page.expect_response(lambda response: response.request.method == "POST") as posted:
            button.click()
        self.page.wait_for_load_state()
        response = posted.value
        assert response.status in (302, 303), f"{what}: the POST answered {response.status}, not a redirect"
        self.snapshot(what)

    def axe_problems(self, page):
        """Each page as the no-JavaScript user saw it, under its own URL and with its stylesheets, and
        with its scripts answered empty so that nothing changes it: what axe-core finds there."""
        current = {}

        def serve(route):
            request = route.request
            if request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=current["html"])
            elif request.resource_type == "script" or request.url.endswith((".js", ".mjs")):
                route.fulfill(status=200, content_type="text/javascript", body="")
            else:
                route.continue_()

        page.route("**/*", serve)
        found = []
        for what, url, html in self.seen:
            current["html"] = html
            page.goto(url)
            assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
            assert page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet]')]
                                          .every((link) => link.sheet && link.sheet.cssRules.length > 0)"""), (
                f"{what}: the stylesheets did not load, so axe-core could not judge colours"
            )
            violations = axe_violations(page)
            if violations:
                found.append(
                    f"{what} ({url}), JavaScript off: {len(violations)} axe-core violation(s):\n"
                    + format_violations(violations)
                )
        page.unroute("**/*")
        return found


def test_the_main_path_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    pages = NoScriptPages(page)
    code = NO_JS_PI
    target_date = date.today() + timedelta(days=45)

    page.goto("/sign-in")
    sign_in(page, HEAD_OF_SERVICE)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or ""), "JavaScript ran"
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Indicators").click()
    pages.snapshot("the Indicators list")
    page.locator("#register").get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    pages.snapshot(f"the {code} page")
    # The keyboard journey raises its plan from the PI page; this one goes the other way in, from the
    # Plans list, choosing the PI in the form.
    menu.get_by_role("link", name="Plans").click()
    expect(page.get_by_role("heading", name="Performance Improvement Plans", level=1)).to_be_visible()
    pages.snapshot("the Plans list")
    page.get_by_role("link", name="Raise a plan").click()
    pages.snapshot("the Raise a plan page")
    indicator = page.get_by_label("Performance indicator")
    expect(indicator.locator("option:checked")).to_have_text("Choose a performance indicator")
    indicator.select_option(indicator.locator("option", has_text=re.compile(f"^{code} ")).get_attribute("value"))
    pages.post(page.get_by_role("button", name="Raise the plan"), "the plan raised")
    expect(page.get_by_text(f"Plan raised for {code}.")).to_be_visible()
    plan_path = _path(page)
    assert re.fullmatch(r"/pips/\d+", plan_path), plan_path

    # Section 2: the link opens the form as its own page.
    page.locator("#section-2").get_by_role("link", name="Add external factor").click()
    assert _path(page) == f"{plan_path}/factors/new"
    pages.snapshot("the Add external factor page")
    page.get_by_label("Long Term Factors", exact=True).check()
    factor = "Falling prices for recycled card and plastic have cut the contractor's collections."
    page.get_by_label("Temporary Factors").check()  # nothing is ticked for the user
    page.get_by_label("Describe the external factor").fill(factor)
    pages.post(page.get_by_role("button", name="Add factor"), "the external factor added")
    assert _path(page) == plan_path
    expect(page.get_by_text("Factor E1 added")).to_be_visible()
    expect(page.locator("#factor-E1")).to_contain_text(factor)

    # Section 4: a solution addressing E1.
    page.locator("#section-4").get_by_role("link", name="Add solution").click()
    assert _path(page) == f"{plan_path}/solutions/new"
    pages.snapshot("the Add solution page")
    solution = "A new recycling contract with a price floor."
    page.get_by_label("Describe the solution").fill(solution)
    dates = page.get_by_role("group", name="Target Date")
    dates.get_by_label("Day").fill(str(target_date.day))
    dates.get_by_label("Month").fill(str(target_date.month))
    dates.get_by_label("Year").fill(str(target_date.year))
    page.get_by_role("group", name="Factors Addressed").get_by_label(re.compile(r"^E1 ")).check()
    page.get_by_label("Extra funding sought").check()
    page.get_by_label("Funding amount (£)").fill("18,000")
    page.get_by_label("Funding route").fill("Invest-to-save bid to the Finance Committee.")
    pages.post(page.get_by_role("button", name="Add solution"), "the solution added")
    assert _path(page) == plan_path
    row = page.locator("#solution-S1")
    expect(row).to_contain_text(solution)
    expect(row).to_contain_text("Extra funding sought: £18,000.00")
    expect(row.locator("td").nth(2)).to_have_text("E1")

    # Section 5: the Head of Service's comment.
    page.locator("#section-5").get_by_role("link", name="Add a management comment").click()
    assert _path(page) == f"{plan_path}/comments/new"
    pages.snapshot("the Add a management comment page")
    comment = "Markets should recover; the new contract protects us meanwhile."
    page.get_by_label("Comment", exact=True).fill(comment)
    pages.post(page.get_by_role("button", name="Add comment"), "the Head of Service comment added")
    assert _path(page) == plan_path
    expect(page.locator("#section-5")).to_contain_text(comment)

    pages.post(page.get_by_role("button", name="Submit the plan"), "the plan submitted")
    assert _path(page) == plan_path
    expect(page.get_by_text("Plan submitted: it is now Live.")).to_be_visible()
    expect(page.locator("#plan-summary .govuk-tag").first).to_have_text("Live")
    assert_no_problems(page)

    # axe-core, on every page seen above, in a context where it can run.
    axe_page = new_page()
    problems = pages.axe_problems(axe_page)
    assert_no_problems(axe_page)
    if problems:
        pytest.fail(
            f"{len(problems)} of the {len(pages.seen)} pages seen without JavaScript have problems:\n"
            + "\n".join(problems),
            pytrace=False,
        )
