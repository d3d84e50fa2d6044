"""Every htmx URL answers both ways (docs/architecture.md#pages-and-htmx-fragments): without JavaScript a
whole page, and for a non-boosted htmx request only the fragment the page includes, with the same form or
content. One case per URL, requested by someone who may use it, on a plan and a PI with a row of each kind.

Which URLs answer a fragment is found, not listed by hand: the GET routes of the url map whose views reach
render_page_or_fragment (webapp/core/rendering.py), and every URL a page or fragment asks for with hx-get.
A new one without a case here fails `test_every_htmx_url_has_a_case`.
"""

import ast
import importlib
import importlib.util
import inspect
import re
from datetime import date, timedelta
from functools import cache

import lxml.html
import pytest

from webapp.domain.bodies import BodyKind
from webapp.domain.dates import uk_date
from webapp.domain.pips import CommentRole, PipStatus
from webapp.models import AgendaItem, Body, ManagementComment, Meeting, Pip, ProgressUpdate, RiskRow, Score

HTMX = {"HX-Request": "true"}
RENDERER = ("webapp.core.rendering", "render_page_or_fragment")


@pytest.fixture
def world(login_as, make_pip):
    """A performance officer (who may change any plan and record a Head of Service comment) who is also a
    committee clerk, a Live plan with a factor, a solution, a comment and a progress update, for a PI with
    scores, and an A&P meeting whose cover report has a row in its Risk Analysis table."""
    login_as("performance", "clerk")
    pip = make_pip(factors=[("external", "Heavy snow")], solutions=[("Grit the routes", ["E1"])], status=PipStatus.LIVE)
    Pip.update(went_live_on=date.today() - timedelta(days=60)).where(Pip.id == pip.id).execute()
    comment = ManagementComment.create(
        pip=pip,
        role=CommentRole.HEAD_OF_SERVICE,
        author="Head of Waste",
        made_on=date.today() - timedelta(days=10),
        text="Agency staff agreed.",
    )
    entry = ProgressUpdate.create(
        pip=pip, made_on=date.today() - timedelta(days=5), comment="Gritting started.", score=92.5
    )
    score = Score.select().where(Score.indicator == pip.indicator_id).order_by(Score.period_end.desc()).first()
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    meeting = Meeting.create(body=body, date=date.today() + timedelta(days=30), title="Audit and Performance")
    risk = RiskRow.create(
        item=AgendaItem.create(meeting=meeting), position=1, nature="Staff turnover", likelihood="High"
    )
    return {
        "meeting": meeting.id,
        "risk": risk.id,
        "pip": pip.id,
        "code": pip.pi_code,
        "factor": pip.factors[0].id,
        "solution": pip.solutions[0].id,
        "comment": comment.id,
        "entry": entry.id,
        "indicator": pip.indicator_id,
        "score": score.id,
        "when": uk_date(score.period_end),
    }


# endpoint: (its URL in the world above, the page's h1, the form or content both draw, as an XPath)
CASES = {
    # The Section 1 page without JavaScript has no h1 of its own: the form's h2 heads it.
    "pips.details": ("/pips/{pip}/details", None, '//form[@action="/pips/{pip}/details"]'),
    "pips.section": (
        "/pips/{pip}/sections/solutions",
        "{code} Household waste collected on time",
        '//*[@id="section-4"]',
    ),
    "pips.new_factor": (
        "/pips/{pip}/factors/new?kind=external",
        "Section 2 External Factors Impacting Performance",
        '//form[@action="/pips/{pip}/factors"]',
    ),
    "pips.edit_factor": (
        "/pips/{pip}/factors/{factor}/edit",
        "Section 2 External Factors Impacting Performance",
        '//form[@action="/pips/{pip}/factors/{factor}"]',
    ),
    "pips.new_solution": (
        "/pips/{pip}/solutions/new",
        "Section 4 Proposed Solutions",
        '//form[@action="/pips/{pip}/solutions"]',
    ),
    "pips.edit_solution": (
        "/pips/{pip}/solutions/{solution}/edit",
        "Section 4 Proposed Solutions",
        '//form[@action="/pips/{pip}/solutions/{solution}"]',
    ),
    "pips.new_comment": (
        "/pips/{pip}/comments/new",
        "Section 5 Management Comment",
        '//form[@action="/pips/{pip}/comments"]',
    ),
    "pips.edit_comment": (
        "/pips/{pip}/comments/{comment}/edit",
        "Section 5 Management Comment",
        '//form[@action="/pips/{pip}/comments/{comment}"]',
    ),
    "pips.new_progress": (
        "/pips/{pip}/progress/new",
        "Section 6 Progress Tracking",
        '//form[@action="/pips/{pip}/progress"]',
    ),
    "pips.edit_progress": (
        "/pips/{pip}/progress/{entry}/edit",
        "Section 6 Progress Tracking",
        '//form[@action="/pips/{pip}/progress/{entry}"]',
    ),
    "papers.add_risk_row": (
        "/meetings/{meeting}/papers/report/risks/new",
        "Add a risk",
        '//form[@action="/meetings/{meeting}/papers/report/risks/new"]',
    ),
    "papers.change_risk_row": (
        "/meetings/{meeting}/papers/report/risks/{risk}",
        "Change a risk",
        '//form[@action="/meetings/{meeting}/papers/report/risks/{risk}"]',
    ),
    "indicators.score": ("/indicators/{indicator}/scores/{score}", "Score for {when}", '//tr[@id="score-{score}"]'),
    "indicators.edit_score": (
        "/indicators/{indicator}/scores/{score}/edit",
        "Correct the score for {when}",
        '//tr[@id="score-{score}"]',
    ),
}


# endpoint: (its URL, the element both draw): a fragment alone for htmx, which without JavaScript sends the
# browser to the page that includes it (the cover report's risk table, when a change is cancelled)
REDIRECTED = {
    "papers.risk_table": ("/meetings/{meeting}/papers/report/risks", '//*[@id="risk-analysis"]'),
}


@pytest.mark.parametrize("endpoint", sorted(REDIRECTED))
def test_a_fragment_without_javascript_is_its_page(client, world, endpoint):
    url, shown = (part.format(**world) for part in REDIRECTED[endpoint])
    page = client.get(url)
    fragment = client.get(url, headers=HTMX)
    assert (page.status_code, fragment.status_code) == (302, 200), endpoint
    assert all("HX-Request" in response.headers["Vary"] for response in (page, fragment))
    page_html = client.get(page.headers["Location"]).get_data(as_text=True)
    assert _drawn(fragment.get_data(as_text=True), shown) == _drawn(page_html, shown)


@pytest.mark.parametrize("endpoint", sorted(CASES))
def test_a_page_and_its_fragment_show_the_same_form(client, world, endpoint):
    url, h1, shown = (part and part.format(**world) for part in CASES[endpoint])
    page = client.get(url)
    fragment = client.get(url, headers=HTMX)
    assert (page.status_code, fragment.status_code) == (200, 200), endpoint
    assert all("HX-Request" in response.headers["Vary"] for response in (page, fragment))
    page_html, fragment_html = page.get_data(as_text=True), fragment.get_data(as_text=True)

    assert page_html.lstrip().startswith("<!DOCTYPE html>")
    assert "<main" in page_html and "<header" in page_html
    headings = [" ".join(h.text_content().split()) for h in lxml.html.fromstring(page_html).iter("h1")]
    assert headings == ([h1] if h1 else [])

    assert "<!DOCTYPE" not in fragment_html.upper() and "<html" not in fragment_html
    assert "<header" not in fragment_html and "<main" not in fragment_html and "<body" not in fragment_html
    # The page includes the fragment's template: the same form, or the same content, in both.
    assert _drawn(fragment_html, shown) == _drawn(page_html, shown)


# A CSRF token (itsdangerous: payload.timestamp.signature), wherever it is drawn: it carries the second it
# was made, so a page and its fragment drawn a second apart differ there and nowhere else.
CSRF_TOKEN = re.compile(r"[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}")


# An addition's form token (forms/core/drawn.py AddsOnce): a new one each time the form is drawn.
FORM_TOKEN = re.compile(r'(name="(?:[\w-]+-)?sent" type="hidden" value=")[\w-]+"')


def _drawn(html, xpath):
    """The one element `xpath` finds, as HTML, its CSRF tokens and form tokens aside."""
    [element] = lxml.html.fromstring(html).xpath(xpath)
    drawn = lxml.html.tostring(element, encoding="unicode", with_tail=False)
    return FORM_TOKEN.sub(r'\1"', CSRF_TOKEN.sub("", drawn))


def test_a_boosted_request_gets_the_whole_page(client, world):
    url = CASES["pips.new_factor"][0].format(**world)
    html = client.get(url, headers=HTMX | {"HX-Boosted": "true"}).get_data(as_text=True)
    assert html.lstrip().startswith("<!DOCTYPE html>") and "<main" in html


# ---------------------------------------------------------------------------------------------
# Which URLs answer a fragment


def test_every_htmx_url_has_a_case(app, client, world):
    """The views that reach render_page_or_fragment are exactly the cases above, and every hx-get on
    their pages and fragments, and on the plan's and the PI's pages, is one of them."""
    assert _fragment_endpoints(app) == set(CASES)

    pages = [f"/pips/{world['pip']}", f"/indicators/{world['indicator']}"]
    pages += [CASES[endpoint][0].format(**world) for endpoint in CASES]
    asked_for = set()
    adapter = app.url_map.bind("localhost")
    for url in pages:
        for headers in ({}, HTMX):
            html = client.get(url, headers=headers).get_data(as_text=True)
            for target in re.findall(r'hx-get="([^"]+)"', html):
                endpoint, _ = adapter.match(lxml.html.fromstring(f"<i>{target}</i>").text.split("?")[0], method="GET")
                asked_for.add(endpoint)
    assert asked_for - set(CASES) - set(REDIRECTED) == set()
    assert {"pips.edit_factor", "pips.section", "indicators.edit_score", "indicators.score"} <= asked_for


def _fragment_endpoints(app):
    """The GET endpoints whose view calls render_page_or_fragment, itself or through the app's helpers."""
    found = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        view = inspect.unwrap(app.view_functions[rule.endpoint])
        if _reaches(view.__module__, view.__name__):
            found.add(rule.endpoint)
    return found


def _reaches(module, name, seen=None):
    seen = set() if seen is None else seen
    if (module, name) in seen:
        return False
    seen.add((module, name))
    functions, imported = _parsed(module)
    node = functions.get(name)
    if node is None:
        return False
    for call in ast.walk(node):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            continue
        callee = call.func.id
        where = (module, callee) if callee in functions else imported.get(callee)
        if where == RENDERER:
            return True
        if where is not None and where[0].startswith("webapp.") and _reaches(*where, seen):
            return True
    return False


@cache
def _parsed(module):
    """A module's top-level functions by name, and the names it imports: {name: (module, name there)}."""
    loaded = importlib.import_module(module)
    tree = ast.parse(inspect.getsource(loaded))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    imported = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            source = (
                importlib.util.resolve_name("." * node.level + (node.module or ""), loaded.__package__)
                if node.level
                else node.module
            )
            for alias in node.names:
                imported[alias.asname or alias.name] = (source, alias.name)
    return functions, imported
