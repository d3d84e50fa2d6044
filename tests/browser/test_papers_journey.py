"""Committee papers for the next Audit and Performance Committee, as the clerk and a Member go through
them (docs/meetings-and-papers.md#meetings-and-committee-papers, docs/meetings-and-papers.md#the-committee-papers): the
clerk corrects the cover report, reorders the plans, downloads the draft
and publishes; a Member then reads the published papers and downloads them and a plan. Every page
passes axe-core; the downloads are real Word files."""

from datetime import date

from docx import Document
from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, tab_to, take_problems
from webapp.models import AgendaItem, Meeting, database

CLERK, MEMBER = "clerk@example.org", "member@example.org"


def _upcoming_papers_meeting():
    """The demo's next A&P meeting, whose papers are a draft."""
    with database.connection_context():
        item = (
            AgendaItem.select(AgendaItem, Meeting)
            .join(Meeting)
            .where(Meeting.date >= date.today())
            .order_by(Meeting.date)
            .first()
        )
        return item.meeting_id


def _downloaded_text(page, link):
    with page.expect_download() as download:
        link.click()
    document = Document(download.value.path())
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return download.value.suggested_filename, "\n".join(parts)


def _plan_order(page):
    return [row.inner_text().split("\t")[1].split()[0] for row in page.locator("#agenda-plans + table tbody tr").all()]


def test_the_clerk_publishes_the_papers_and_a_member_reads_them(page, new_page):
    meeting_id = _upcoming_papers_meeting()
    page.goto("/sign-in")
    sign_in(page, CLERK)
    page.goto(f"/meetings/{meeting_id}")
    page.get_by_role("link", name="Manage the Performance Improvement Plans papers").click()
    expect(page.get_by_role("heading", name="Performance Improvement Plans papers")).to_be_visible()
    check_axe(page)
    assert _plan_order(page) == ["WR01", "HS02", "PL01", "RB01"]

    # The cover report: a blank title is refused with what was typed kept, then corrected.
    page.get_by_role("link", name="Change the cover report").click()
    check_axe(page)
    page.get_by_label("Report title").fill("")
    page.get_by_label("Purpose of Report").fill("To present the plans for quarter 2.")
    page.get_by_role("button", name="Save cover report").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the report title")
    assert [problem for problem in take_problems(page) if "422" not in problem] == []  # the refusal itself
    expect(page.get_by_label("Purpose of Report")).to_have_value("To present the plans for quarter 2.")
    check_axe(page)
    page.get_by_label("Report title").fill("Performance Improvement Plans: quarter 2")
    page.get_by_role("button", name="Save cover report").click()
    expect(page.get_by_text("Cover report saved.")).to_be_visible()

    # WR01 moves down one place, by keyboard.
    move_down = page.get_by_role("button", name="Move down WR01 Household waste collected on time")
    tab_to(page, move_down, max_presses=80)
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-plans + table tbody tr").first).to_contain_text("HS02")
    assert _plan_order(page) == ["HS02", "WR01", "PL01", "RB01"]
    check_axe(page)

    name, text = _downloaded_text(page, page.get_by_role("link", name="Download committee papers"))
    assert name.endswith("-DRAFT.docx")
    assert "DRAFT" in text and "Performance Improvement Plans: quarter 2" in text
    assert text.index("Appendix A: Performance Improvement Plan – HS02") < text.index(
        "Appendix B: Performance Improvement Plan – WR01"
    )

    page.get_by_role("link", name="Publish papers").click()
    check_axe(page)
    page.get_by_role("button", name="Publish papers").click()
    expect(page.get_by_text("Papers published.")).to_be_visible()
    expect(page.get_by_role("button", name="Move down HS02", exact=False)).to_have_count(0)
    check_axe(page)

    member = new_page()
    member.goto("/sign-in")
    sign_in(member, MEMBER)
    member.goto(f"/meetings/{meeting_id}")
    member.get_by_role("link", name="Read the Performance Improvement Plans papers").click()
    check_axe(member)
    name, text = _downloaded_text(member, member.get_by_role("link", name="Download committee papers"))
    assert not name.endswith("-DRAFT.docx") and "DRAFT" not in text
    member.get_by_role("link", name="WR01 Household waste collected on time").click()
    check_axe(member)
    name, text = _downloaded_text(member, member.get_by_role("link", name="Download Word"))
    assert name.startswith("PIP-WR01") and "Section 4 Proposed Solutions" in text


def _last_published_meeting():
    with database.connection_context():
        item = (
            AgendaItem.select(AgendaItem, Meeting)
            .join(Meeting)
            .where(Meeting.date < date.today())
            .order_by(Meeting.date.desc())
            .first()
        )
        return item.meeting_id


def test_the_clerk_records_a_referral_and_the_policy_committees_decision(page):
    meeting_id = _last_published_meeting()
    page.goto("/sign-in")
    sign_in(page, CLERK)
    page.goto(f"/meetings/{meeting_id}/papers/")
    check_axe(page)
    page.get_by_role("link", name="Change outcome for HS02", exact=False).click()
    check_axe(page)
    page.get_by_label("Referred to a policy committee").check()
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the policy committee the plan is referred to")
    assert [problem for problem in take_problems(page) if "422" not in problem] == []
    check_axe(page)
    page.get_by_label("Policy committee it is referred to").select_option(label="Community Committee")
    page.get_by_label("Reason for the referral").fill("Demand is rising faster than the budget allows.")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome recorded for HS02")).to_be_visible()

    page.get_by_role("link", name="Record decision on HS02", exact=False).click()
    check_axe(page)
    page.get_by_label("Meeting", exact=True).select_option(index=1)
    page.get_by_label("Minute reference").fill("COM/2026/4")
    page.get_by_label("(c) The target is still achievable within the current budget").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Decision of Community Committee recorded for HS02")).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="HS02", exact=False).first.click()
    expect(page.get_by_role("heading", name="Committees")).to_be_visible()
    expect(page.locator("#committee-heading + ul")).to_contain_text("still achievable within the current budget")
    check_axe(page)
