"""The plan list, the PI list, the exceptions and History a page at a time (docs/quality.md): the database
filters, orders and pages them, the GOV.UK pagination links keep the filters, and a page sends the same
statements for one row or for many pages of them."""

from datetime import date, timedelta

import pytest

from tests.querycount import count_queries
from webapp.domain.periods import Frequency
from webapp.domain.pips import PipStatus
from webapp.domain.rating import Polarity, Rag
from webapp.domain.units import Unit
from webapp.indicators import standings
from webapp.models import Indicator, Pip, PipChange, ProgressUpdate, Score, Standing, Target
from webapp.pips.listing import plan_page

TODAY = date(2026, 11, 20)  # a monthly plan is overdue when its last start is on or before 19 October
SEP = date(2026, 9, 30)
LIVE, DRAFT, COMPLETED, WITHDRAWN = PipStatus.LIVE, PipStatus.DRAFT, PipStatus.COMPLETED, PipStatus.WITHDRAWN


@pytest.fixture
def make_plan(db):
    """A plan on a new PI of its own: the PI scores `score` against a target of 90 (None: no score)."""

    def make(code, status, service, live_since=None, last_update=None, score=80, frequency=Frequency.MONTHLY):
        indicator = Indicator.create(
            code=code,
            name=f"Indicator {code}",
            service=service,
            unit=Unit.PERCENT,
            polarity=Polarity.HIGHER_IS_BETTER,
            frequency=frequency,
        )
        if score is not None:
            Target.create(indicator=indicator, financial_year=2026, value=90)
            Score.create(indicator=indicator, period_end=SEP, value=score)
        standings.refresh([indicator.id])
        pip = Pip.create(
            indicator=indicator,
            service=service,
            status=status,
            author="Jane Smith",
            raised_on=date(2026, 1, 5),
            went_live_on=live_since,
            pi_code=code,
            pi_name=f"Indicator {code}",
        )
        if last_update:
            ProgressUpdate.create(pip=pip, made_on=last_update, comment="Progress")
        return pip

    return make


def codes(page):
    return [row.pip.pi_code for row in page.items]


def every_page(per_page, **filters):
    """The plans' codes, page after page, and the pages' count."""
    first = plan_page(True, 1, today=TODAY, per_page=per_page, **filters)
    found = codes(first)
    for number in range(2, first.pages + 1):
        found += codes(plan_page(True, number, today=TODAY, per_page=per_page, **filters))
    return found, first


@pytest.fixture
def plans(make_plan, make_service):
    """Plans in every group, in two services, in the order the list must give them."""
    alpha, beta = make_service("Alpha"), make_service("Beta")
    late, recent = date(2026, 9, 1), date(2026, 11, 1)
    made = [
        # Live, overdue: by service then code
        make_plan("L2", LIVE, alpha, live_since=late),
        make_plan("L9", LIVE, alpha, live_since=date(2026, 1, 20), last_update=date(2026, 10, 19)),  # the day
        make_plan("Q1", LIVE, alpha, live_since=late, last_update=date(2026, 8, 19), frequency=Frequency.QUARTERLY),
        make_plan("L1", LIVE, beta, live_since=late, score=95),
        # Live, not overdue
        make_plan("L4", LIVE, alpha, live_since=late, last_update=date(2026, 10, 20)),  # due today: not yet
        make_plan("L5", LIVE, alpha),  # never went Live on a known day: never overdue
        make_plan("Q2", LIVE, alpha, live_since=late, last_update=date(2026, 8, 20), frequency=Frequency.QUARTERLY),
        make_plan("L3", LIVE, beta, live_since=late, last_update=recent, score=None),
        # Draft, Completed, Withdrawn
        make_plan("D2", DRAFT, alpha),
        make_plan("D1", DRAFT, beta, score=95),
        make_plan("C1", COMPLETED, alpha),
        make_plan("C2", COMPLETED, alpha, score=95),
        make_plan("W1", WITHDRAWN, beta),
    ]
    return {
        "alpha": alpha,
        "beta": beta,
        "order": ["L2", "L9", "Q1", "L1", "L4", "L5", "Q2", "L3", "D2", "D1", "C1", "C2", "W1"],
        "made": made,
    }


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 100])
def test_the_plan_list_order_holds_across_pages_and_groups(plans, per_page):
    found, first = every_page(per_page)
    assert found == plans["order"]
    assert first.total == 13 and first.pages == -(-13 // per_page)
    one_page = plan_page(True, 1, today=TODAY)
    assert [row.overdue for row in one_page.items] == [True] * 4 + [False] * 9
    assert one_page.items[0].rag is Rag.RED and one_page.items[3].rag is Rag.GREEN
    assert one_page.items[7].rag is Rag.NOT_RATED


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"status": "live"}, ["L2", "L9", "Q1", "L1", "L4", "L5", "Q2", "L3"]),
        ({"status": "completed"}, ["C1", "C2"]),
        ({"overdue_only": True}, ["L2", "L9", "Q1", "L1"]),
        ({"overdue_only": True, "rag": "green"}, ["L1"]),
        ({"rag": "green"}, ["L1", "D1", "C2"]),
        ({"rag": "not_rated"}, ["L3"]),
        ({"status": "draft", "overdue_only": True}, []),
    ],
)
def test_every_filter_is_asked_of_the_database(plans, filters, expected):
    for per_page in (2, 100):
        found, first = every_page(per_page, **filters)
        assert found == expected and first.total == len(expected)


def test_the_service_filter(plans):
    found, _ = every_page(2, service_id=plans["beta"].id)
    assert found == ["L1", "L3", "D1", "W1"]


def test_a_plan_whose_pi_has_no_standing_yet_is_listed_without_a_rating(plans):
    Standing.delete().where(Standing.indicator == plans["made"][0].indicator_id).execute()
    page = plan_page(True, 1, today=TODAY)
    assert codes(page) == plans["order"]
    assert (page.items[0].rag, page.items[0].trend) == (None, None)


def test_the_plan_list_pages_keep_the_filters_without_javascript(client, login_as, make_plan, make_service):
    login_as("cmt")
    service = make_service("Housing")
    for n in range(130):
        make_plan(f"P{n:03d}", DRAFT, service)
    make_plan("LIVE1", LIVE, service, live_since=date.today())
    first = client.get("/pips/?status=draft").get_data(as_text=True)
    assert "130 plans (1 to 100 shown)" in first and "P099" in first and "P100" not in first and "LIVE1" not in first
    assert 'href="/pips/?status=draft&amp;page=2"' in first and 'aria-label="Pages of plans"' in first
    second = client.get("/pips/?status=draft&page=2").get_data(as_text=True)
    assert "P100" in second and "P129" in second and "(101 to 130 shown)" in second
    assert 'aria-current="page">2<' in second and 'href="/pips/?status=draft&amp;page=1"' in second
    assert "P129" in client.get("/pips/?status=draft&page=99").get_data(as_text=True)  # beyond the end: the last
    # A number too large for the database's integers is a page beyond the end too (webapp/core/pagination.py).
    assert "P129" in client.get(f"/pips/?status=draft&page={10**20}").get_data(as_text=True)
    assert "govuk-pagination" not in client.get("/pips/?status=live").get_data(as_text=True)


def test_a_head_of_service_pages_only_their_services_plans(client, login_as, make_plan, make_service):
    mine, theirs = make_service("Mine"), make_service("Theirs")
    login_as("hos", services=[mine])
    make_plan("OWN1", DRAFT, mine)
    make_plan("OTHER1", DRAFT, theirs)
    html = client.get("/pips/").get_data(as_text=True)
    assert "1 plan<" in html and "OWN1" in html and "OTHER1" not in html


def test_history_pages_a_hundred_changes_newest_first(client, login_as, make_pip):
    user = login_as("performance")
    pip = make_pip()
    PipChange.insert_many(
        [
            {
                "pip": pip.id,
                "changed_by": user.id,
                "version": n + 2,
                "subject": "details",
                "what": f"Change {n:03d}",
                "after": "x",
            }
            for n in range(150)
        ]
    ).execute()
    first = client.get(f"/pips/{pip.id}/history").get_data(as_text=True)
    assert "151 changes (1 to 100 shown)" in first
    assert "Change 149" in first and "Change 050" in first and "Change 049" not in first
    assert f'href="/pips/{pip.id}/history?page=2"' in first and 'aria-label="Pages of changes"' in first
    second = client.get(f"/pips/{pip.id}/history?page=2").get_data(as_text=True)
    assert "Change 049" in second and "Plan raised" in second and "Change 050" not in second
    assert "(101 to 151 shown)" in second


# ---------------------------------------------------------------------------------------------
# The same statements for a page of one row as for any page of many


def _statements(client, url):
    client.get(url)
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_plan_list_statements(client, login_as, make_plan, make_service):
    login_as("performance")
    service = make_service("Housing")
    make_plan("ONE", LIVE, service, live_since=date.today() - timedelta(days=90))
    one = _statements(client, "/pips/")
    for n in range(130):
        make_plan(
            f"P{n:03d}",
            [LIVE, DRAFT, COMPLETED, WITHDRAWN][n % 4],
            service,
            live_since=date.today() - timedelta(days=n),
            last_update=date.today() - timedelta(days=n % 50),
        )
    # Sign-in, the services for the filter, the count by status, the page and its plans' last updates.
    assert one == _statements(client, "/pips/") == _statements(client, "/pips/?page=2") <= 7
    assert one == _statements(client, "/pips/?rag=red&overdue=yes&status=live")


def test_the_pi_list_and_exceptions_statements(client, login_as, make_indicator, make_service):
    login_as("performance")
    service = make_service("Housing")
    make_indicator(code="ONE", service=service, target=90, scores=[(SEP, 50)])
    counts = {url: _statements(client, url) for url in ("/indicators/", "/exceptions/")}
    for n in range(130):
        make_indicator(code=f"P{n:03d}", service=service, target=90, scores=[(SEP, 50)])
    for url, one in counts.items():
        assert _statements(client, url) == _statements(client, f"{url}?page=2") == one, url
    assert "131 PIs need attention (1 to 100 shown)" in client.get("/exceptions/").get_data(as_text=True)


def test_the_history_statements(client, login_as, make_pip):
    user = login_as("performance")
    pip = make_pip()
    url = f"/pips/{pip.id}/history"
    one = _statements(client, url)
    PipChange.insert_many(
        [
            {"pip": pip.id, "changed_by": user.id, "version": n + 2, "subject": "details", "what": f"Change {n}"}
            for n in range(150)
        ]
    ).execute()
    # Sign-in, the plan, the count and the page.
    assert one == _statements(client, url) == _statements(client, f"{url}?page=2") <= 4


@pytest.mark.parametrize(
    "url", ["/pips/", "/indicators/", "/exceptions/", "/search/?q=snow", "/notifications/outbox", "/pips/1/history"]
)
def test_a_page_number_too_large_for_the_database_shows_the_last_page(client, login_as, make_plan, make_service, url):
    make_plan("P001", LIVE, make_service(), live_since=date.today())  # plan 1, for its History
    login_as("performance", "admin")
    separator = "&" if "?" in url else "?"
    for page in (10**20, -(10**20), "x"):
        assert client.get(f"{url}{separator}page={page}").status_code == 200, page
