"""Everything the pages ask the server for exists: the site icon browsers look for, and every file
the stylesheets name that a page can use (fonts, images). The other tests cannot see these
reliably, because the browser fetches them only sometimes."""

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import sign_in

# Files named by url() in @font-face rules, and in style rules that match an element on the page.
URLS_THE_STYLESHEETS_USE = """() => {
  const found = [];
  const pseudoElements = new RegExp('::?(before|after|marker|placeholder|selection|backdrop'
                                    + '|file-selector-button|-webkit-[a-z-]+|-moz-[a-z-]+)', 'g');
  const matches = (selector) => {
    try { return document.querySelector(selector.replace(pseudoElements, '')) !== null; } catch { return false; }
  };
  const visit = (rules) => {
    for (const rule of rules) {
      const uses = rule instanceof CSSFontFaceRule
        ? `@font-face ${rule.style.getPropertyValue('font-family')}`
        : rule instanceof CSSStyleRule && matches(rule.selectorText) ? rule.selectorText : null;
      if (uses) {
        for (const match of rule.cssText.matchAll(/url\\((['"]?)([^'")]+)\\1\\)/g)) {
          if (!match[2].startsWith('data:')) {
            found.push({url: new URL(match[2], rule.parentStyleSheet.href).href, uses,
                        sheet: rule.parentStyleSheet.href});
          }
        }
      }
      if (rule.cssRules) visit(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) visit(sheet.cssRules);
  return found;
}"""


@pytest.mark.parametrize("path", ["/sign-in", "/indicators/"])
def test_every_file_the_stylesheets_use_exists(page, path):
    page.goto("/sign-in")
    if path != "/sign-in":
        sign_in(page, "admin@example.org")
        page.goto(path)
    missing = []
    for use in page.evaluate(URLS_THE_STYLESHEETS_USE):
        status = page.request.get(use["url"]).status
        if status >= 400:
            missing.append(
                f"{urlsplit(use['url']).path} is {status}, named by {use['uses']} in {urlsplit(use['sheet']).path}"
            )
    if missing:
        pytest.fail("Files the stylesheets name are missing:\n  " + "\n  ".join(sorted(set(missing))), pytrace=False)


def test_the_browser_finds_a_site_icon(page):
    """Browsers ask for /favicon.ico unless the page names an icon; a 404 there is a console error."""
    page.goto("/sign-in")
    icons = page.locator("link[rel~=icon]")
    if icons.count():
        href = icons.first.get_attribute("href")
        if not href.startswith("data:"):
            assert page.request.get(href).status < 400, f"the page's icon {href} does not load"
    else:
        status = page.request.get("/favicon.ico").status
        if status >= 400:
            pytest.fail(
                f"/favicon.ico is {status} and the page names no icon, so Chromium logs a console error "
                'for it. Add <link rel="icon" href="data:,"> to templates/base.html',
                pytrace=False,
            )
