"""The cover report's Risk Analysis table as the clerk edits it in a real browser
(docs/meetings-and-papers.md#the-risk-table): a risk changed in place with htmx, a mistake shown with what was
typed kept, a risk added; every state passes axe-core."""

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, take_problems
from webapp.domain.bodies import BodyKind
from webapp.models import AgendaItem, Body, Meeting, database
from webapp.papers.risk_rows import add_default_risks

CLERK = "clerk@example.org"


def _draft_papers_meeting():
    """An A&P meeting of its own with draft papers starting with the usual risks: other journeys publish the
    demo's draft papers, and the browser tests share one database."""
    with database.connection_context():
        body = Body.get(Body.kind == BodyKind.AUDIT_AND_PERFORMANCE)
        meeting = Meeting.create(body=body, date=date.today() + timedelta(days=90), title="Risk table journey")
        add_default_risks(AgendaItem.create(meeting=meeting))
        return meeting.id


def test_the_clerk_changes_and_adds_risks_in_place(page):
    meeting_id = _draft_papers_meeting()
    page.goto("/sign-in")
    sign_in(page, CLERK)
    page.goto(f"/meetings/{meeting_id}/papers/report")
    table = page.locator("#risk-analysis table")
    expect(table).to_contain_text("Performance targets not achieved")
    check_axe(page)
    url = page.url

    page.get_by_role("link", name="Change risk 1, Performance targets not achieved").click()
    form = page.locator("#risk-form")
    expect(form.get_by_role("heading", name="Change a risk")).to_be_visible()
    assert page.url == url  # in place: the cover report is still the page
    check_axe(page)
    form.get_by_label("Nature of risk").fill("Performance targets missed for two quarters")
    form.get_by_label("High").check()
    form.get_by_role("button", name="Save risk").click()
    expect(table).to_contain_text("Performance targets missed for two quarters")
    expect(table).to_contain_text("High")

    page.get_by_role("link", name="Add a risk").click()
    form = page.locator("#risk-form")
    form.get_by_label("Consequences if realised").fill("Services fall behind")
    form.get_by_role("button", name="Add risk").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter nature of risk")
    assert [problem for problem in take_problems(page) if "422" not in problem] == []  # the refusal itself
    expect(form.get_by_label("Consequences if realised")).to_have_value("Services fall behind")
    check_axe(page)
    form.get_by_label("Nature of risk").fill("Staff turnover")
    form.get_by_label("Medium").check()
    form.get_by_label("Control measures").fill("Exit interviews reviewed by CMT")
    form.get_by_role("button", name="Add risk").click()
    expect(page.locator("#risk-analysis table tbody tr")).to_have_count(3)
    expect(page.locator("#risk-analysis table")).to_contain_text("Staff turnover")
    check_axe(page)
