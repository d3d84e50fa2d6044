"""The demo's last published papers as a Member and the clerk go through them
(docs/meetings-and-papers.md#as-presented, docs/meetings-and-papers.md#revisions-after-publishing,
docs/meetings-and-papers.md#changes-since-last-presented): the Member reads an appendix as presented and the
plan's changes since; the clerk issues a revised version, refused first without a reason; the Member then
reads version 2 and still opens version 1. Every page passes axe-core."""

from datetime import date

from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, take_problems
from webapp.models import AgendaItem, Meeting, database

CLERK, MEMBER = "clerk@example.org", "member@example.org"


def _last_published_meeting():
    with database.connection_context():
        item = (
            AgendaItem.select(AgendaItem, Meeting)
            .join(Meeting)
            .where((Meeting.date < date.today()) & AgendaItem.published_at.is_null(False))
            .order_by(Meeting.date.desc())
            .first()
        )
        return item.meeting_id


def test_a_member_reads_as_presented_and_the_clerk_revises(page, new_page):
    meeting_id = _last_published_meeting()
    member = new_page()
    member.goto("/sign-in")
    sign_in(member, MEMBER)
    member.goto(f"/meetings/{meeting_id}/papers/")
    check_axe(member)
    member.get_by_role("link", name="Read Appendix A as presented", exact=False).click()
    expect(member.get_by_text("As presented to Audit and Performance Committee on", exact=False)).to_be_visible()
    check_axe(member)
    member.get_by_role("link", name="See the plan as it is now", exact=False).click()
    expect(member.get_by_role("heading", name="Changes since last presented")).to_be_visible()
    check_axe(member)

    page.goto("/sign-in")
    sign_in(page, CLERK)
    page.goto(f"/meetings/{meeting_id}/papers/")
    page.get_by_role("link", name="Issue revised papers").click()
    check_axe(page)
    page.get_by_role("button", name="Issue revised papers").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason for the revision")
    assert [problem for problem in take_problems(page) if "422" not in problem] == []  # the refusal itself
    check_axe(page)
    page.get_by_label("Reason for the revision").fill("Appendix A: the latest progress update added.")
    page.get_by_role("button", name="Issue revised papers").click()
    expect(page.get_by_text("Version 2 of the papers issued")).to_be_visible()
    check_axe(page)

    member.goto(f"/meetings/{meeting_id}/papers/")
    expect(member.get_by_text("Appendix A: the latest progress update added.")).to_be_visible()
    member.get_by_role("link", name="Appendix A of version 1, as presented").click()
    expect(member.get_by_text("a later version has been issued", exact=False)).to_be_visible()
    check_axe(member)
