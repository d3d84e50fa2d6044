"""Conditional fields in the browser (issue 8, item 7; docs/quality.md Accessibility): the funding amount and
route are revealed under "Extra funding sought" by GOV.UK Frontend's Radios component, in a form that htmx
swapped in, with nothing ticked for the user and no choice offered that would be refused; the form passes
axe-core and saves by keyboard. With JavaScript off every field shows, and the funding typed under the
choice not made is not saved.

Both tests add a solution to HS01, the Head of Service's draft in the demo data, which no other browser
test uses."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, tab_to, wait_for_htmx
from webapp.models import Pip

HEAD_OF_SERVICE = "hos@example.org"
DRAFT_PI = "HS01"


@pytest.fixture
def draft_path(live_server):
    with live_server.db.connection_context():
        return f"/pips/{Pip.get(Pip.pi_code == DRAFT_PI).id}"


def test_extra_funding_reveals_the_amount_and_the_solution_saves_by_keyboard(page, draft_path):
    page.goto("/sign-in")
    sign_in(page, HEAD_OF_SERVICE)
    page.goto(draft_path)
    section = page.locator("#section-4")
    section.get_by_role("link", name="Add solution").focus()
    page.keyboard.press("Enter")
    form = page.locator("#solution-form-new")
    expect(form.get_by_role("button", name="Add solution")).to_be_visible()
    wait_for_htmx(page)

    resourcing = form.get_by_role("group", name="Resourcing")
    within, extra = resourcing.get_by_label("Within the service"), resourcing.get_by_label("Extra funding sought")
    amount, route = form.get_by_label("Funding amount (£)"), form.get_by_label("Funding route")
    expect(form.locator("input[type=radio]:checked")).to_have_count(0)  # nothing chosen for the user
    # Nothing to choose: a new solution is Proposed until CMT approves it in Section 5, then put in place.
    expect(form.locator("input[name='solution-status']")).to_have_count(0)
    expect(form.locator("[id$=-status]")).to_have_text(re.compile(r"^Proposed\. CMT approves or declines"))
    expect(amount).to_be_hidden()
    expect(route).to_be_hidden()
    expect(extra).to_have_attribute("aria-expanded", "false")
    check_axe(page, "#solution-form-new")

    description = "A second void repairs contractor on a call-off framework."
    form.get_by_label("Describe the solution").focus()
    page.keyboard.type(description)
    tab_to(page, within)  # into the group: the first radio has the focus, still unticked
    expect(within).not_to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(extra).to_be_checked()
    expect(amount).to_be_visible()
    expect(route).to_be_visible()
    expect(extra).to_have_attribute("aria-expanded", "true")
    check_axe(page, "#solution-form-new")
    page.keyboard.press("ArrowUp")  # changing one's mind hides them again
    expect(within).to_be_checked()
    expect(amount).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(amount).to_be_visible()

    page.keyboard.press("Tab")  # the revealed fields come next in the tab order
    expect(amount).to_be_focused()
    page.keyboard.type("18,000")
    page.keyboard.press("Tab")
    expect(route).to_be_focused()
    page.keyboard.type("Bid to the housing revenue account reserve.")
    tab_to(page, form.get_by_role("button", name="Add solution"))
    page.keyboard.press("Enter")
    wait_for_htmx(page)

    row = section.locator("tr", has_text=description)
    expect(row).to_be_visible()
    expect(row).to_contain_text("Extra funding sought: £18,000.00")
    expect(row).to_contain_text("Proposed")
    check_axe(page, "#section-4")


def test_without_javascript_every_field_shows_and_unchosen_funding_is_not_saved(new_page, draft_path):
    page = new_page(java_script_enabled=False)
    page.goto("/sign-in")
    sign_in(page, HEAD_OF_SERVICE)
    page.goto(f"{draft_path}/solutions/new")
    description = "Weekly void inspections by the housing officers."
    page.get_by_label("Describe the solution").fill(description)
    page.get_by_label("Funding amount (£)").fill("5,000")  # typed, then the other choice made
    page.get_by_label("Funding route").fill("Not needed after all.")
    page.get_by_label("Within the service").check()
    page.get_by_role("button", name="Add solution").click()
    page.wait_for_load_state()
    assert re.fullmatch(rf".*{draft_path}(#.*)?", page.url), page.url
    row = page.locator("#section-4 tr", has_text=description)
    expect(row).to_contain_text("Within the service")
    expect(row).not_to_contain_text("5,000")
    expect(row).not_to_contain_text("Not needed after all.")
