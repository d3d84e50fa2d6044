"""The e-mail choices page and the outbox (docs/notifications.md) in a real browser: reached from the header
and the administration page, choices saved with JavaScript on, and both pages clean under axe-core."""

from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in


def test_a_head_of_service_saves_their_email_choices(page):
    page.goto("/sign-in")
    sign_in(page, "hos@example.org")
    page.locator(".govuk-service-navigation nav a", has_text="Your e-mail").click()
    expect(page.get_by_role("heading", name="Your e-mail")).to_be_visible()
    check_axe(page)
    page.get_by_role("group", name="A progress update is due in 7 days").get_by_label("In a weekly digest").check()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.get_by_text("Your e-mail choices are saved.")).to_be_visible()
    group = page.get_by_role("group", name="A progress update is due in 7 days")
    expect(group.get_by_label("In a weekly digest")).to_be_checked()
    expect(page.get_by_role("group", name="A progress update is overdue").get_by_label("Off")).to_have_count(0)
    check_axe(page)


def test_an_administrator_reads_the_outbox(page):
    page.goto("/sign-in")
    sign_in(page, "admin@example.org")
    page.goto("/admin/")
    page.get_by_role("link", name="Outbox").click()
    expect(page.get_by_role("heading", name="Outbox")).to_be_visible()
    expect(page.get_by_text("Progress update overdue: HS02").first).to_be_visible()
    check_axe(page)
