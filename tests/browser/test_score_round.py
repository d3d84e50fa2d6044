"""The score round and the PI page's trend in the browser (docs/score-round.md, docs/rating.md#the-trend-on-a-pis-page):
both pass axe-core (WCAG 2.2 A and AA, best practice) as drawn, with a row's error after an htmx save, and
with the error summary of a whole round saved without JavaScript; the chart fits the page at 200% zoom.

Nothing here is saved: every score typed is refused, so the demo data other browser tests read is left as
it is."""

from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, take_problems, wait_for_htmx
from webapp.models import Indicator

PERFORMANCE = "perf@example.org"
NOT_A_NUMBER = "not a number"


def first_row(page):
    return page.locator("tr[id^=round-]").first


def test_the_score_round_passes_axe_and_a_row_saved_with_htmx_shows_its_error_in_place(page):
    page.goto("/sign-in")
    sign_in(page, PERFORMANCE)
    page.goto("/indicators/")
    page.get_by_role("link", name="Enter this period's scores").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Scores for")
    check_axe(page)

    row = first_row(page)
    score = row.locator("input[name$=-value]")
    score.fill(NOT_A_NUMBER)
    row.get_by_role("button").click()  # the row's own Save, shown with JavaScript
    wait_for_htmx(page)
    row = first_row(page)
    expect(row.locator(".govuk-error-message")).to_contain_text("Score must be a number")
    expect(row.locator("input[name$=-value]")).to_have_value(NOT_A_NUMBER)
    expect(page.locator("#round-status")).to_contain_text("Score must be a number")
    assert [problem for problem in take_problems(page) if "422" not in problem] == []  # the refusal itself
    check_axe(page)

    page.get_by_role("button", name="Save scores").click()  # the whole round, as one form
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Score must be a number")
    assert [problem for problem in take_problems(page) if "422" not in problem] == []
    check_axe(page)


def test_without_javascript_the_round_is_one_form_with_an_error_summary(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/sign-in")
    sign_in(page, PERFORMANCE)
    page.goto("/indicators/score-round")
    expect(first_row(page).get_by_role("button")).to_be_hidden()  # the one Save scores button saves every row
    first_row(page).locator("input[name$=-value]").fill(NOT_A_NUMBER)
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Score must be a number")
    assert [problem for problem in take_problems(page) if "422" not in problem] == []
    link = summary.get_by_role("link").first
    target = link.get_attribute("href")
    expect(page.locator(target)).to_have_value(NOT_A_NUMBER)


def test_the_pi_page_with_its_trend_passes_axe_and_fits_at_200_percent_zoom(new_page, live_server):
    with live_server.db.connection_context():
        pi_id = Indicator.get(Indicator.code == "WR01").id
    # 200% zoom of a 1280 pixel wide window: a page 640 CSS pixels wide, each pixel drawn twice.
    page = new_page(viewport={"width": 640, "height": 900}, device_scale_factor=2)
    page.goto("/sign-in")
    sign_in(page, PERFORMANCE)
    page.goto(f"/indicators/{pi_id}")
    chart = page.get_by_role("img", name="Chart of WR01")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 640
    # Its smallest text is still at least 12 CSS pixels high once the chart is scaled to the page.
    text = chart.locator("text").first.bounding_box()
    assert text["height"] >= 12
    check_axe(page)
    page.get_by_role("link", name="score history table").click()
    expect(page.locator("#score-history")).to_be_in_viewport()
