"""Search in a real browser (docs/search.md): the header's box, typed into and sent with Enter, finds a demo
plan by a word of its progress entries with the word marked; the results page passes axe-core, with
JavaScript and without it."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, take_problems


def _search_from_the_header(page, words):
    box = page.get_by_role("search").get_by_label("Search PIs, plans and meetings")
    box.fill(words)
    box.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_the_header_box_finds_a_plan_by_a_word_of_its_progress(new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto("/sign-in")
    sign_in(page, "cmt@example.org")
    _search_from_the_header(page, "rural rounds")
    assert urlsplit(page.url).path == "/search/"
    assert parse_qs(urlsplit(page.url).query)["q"] == ["rural rounds"]
    expect(page.get_by_role("heading", level=1, name="Search")).to_be_visible()
    first = page.locator(".app-search-result").first
    expect(first.locator("mark").first).to_have_text("rural")
    expect(first.get_by_role("link")).to_have_attribute("href", re.compile(r"^/pips/\d+$"))
    if javascript:
        check_axe(page)
    first.get_by_role("link").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith("/pips/")


def test_no_results_and_an_error_pass_axe(page):
    page.goto("/sign-in")
    sign_in(page, "member@example.org")
    _search_from_the_header(page, "zebra crossings")
    expect(page.get_by_role("heading", name="No results")).to_be_visible()
    check_axe(page)
    page.goto("/search/?q=" + "x" * 201)
    expect(page.get_by_role("alert")).to_contain_text("Search must be 200 characters or fewer")
    check_axe(page)
    assert any("HTTP 422" in problem for problem in take_problems(page))  # refused, as it should be
