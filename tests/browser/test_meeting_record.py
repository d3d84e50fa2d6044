"""The meeting's record in a real browser (docs/meetings-and-papers.md#the-meetings-record): the clerk records
the Members' comments on a plan from the papers page, and htmx swaps that plan's record in place."""

from datetime import date

from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in
from webapp.models import AgendaItem, AgendaPip, Meeting, Pip, database

CLERK = "clerk@example.org"


def _last_published_entry(code):
    """The demo's last A&P meeting with published papers, and its entry for the plan `code`."""
    with database.connection_context():
        item = (
            AgendaItem.select(AgendaItem, Meeting)
            .join(Meeting)
            .where((Meeting.date < date.today()) & AgendaItem.published_at.is_null(False))
            .order_by(Meeting.date.desc())
            .first()
        )
        entry = AgendaPip.select().join(Pip).where((AgendaPip.item == item) & (Pip.pi_code == code)).get()
        return item.meeting_id, entry.id


def test_the_clerk_records_members_comments_in_place(page):
    meeting_id, entry_id = _last_published_entry("PL01")
    page.goto("/sign-in")
    sign_in(page, CLERK)
    page.goto(f"/meetings/{meeting_id}/papers/")
    expect(page.get_by_role("heading", name="The meeting's record")).to_be_visible()
    record = page.locator(f"#record-{entry_id}")
    record.get_by_label("Members' comments", exact=True).fill("Members asked for the second post to be costed.")
    url = page.url
    record.get_by_role("button", name="Save the record for PL01", exact=False).click()
    expect(page.locator(f"#record-{entry_id}")).to_contain_text("Members asked for the second post to be costed.")
    expect(page.locator("#status-message")).to_contain_text("Members' comments added to its Section 5")
    assert page.url == url  # swapped in place, not a new page
    expect(page.locator(f"#record-{entry_id}").get_by_label("Members' comments", exact=True)).to_have_value("")
    check_axe(page)
