"""A search costs the same statements at 10 plans as at 5,000 (docs/search.md#cost, docs/quality.md): one
for the page (ranked, counted and marked together) after the sign-in lookup, for every kind of reader; on
PostgreSQL one more before it, which indexes the plans changed since the last search (docs/search.md#the-index)."""

from datetime import date

import pytest

from tests.querycount import count_queries
from tests.web.conftest import present, the_committee
from webapp.core.db import is_sqlite
from webapp.domain.periods import Frequency
from webapp.domain.pips import PipStatus
from webapp.domain.rating import Polarity
from webapp.domain.units import Unit
from webapp.models import Indicator, Pip, database
from webapp.search.index import index_everything
from webapp.search.query import CANDIDATES

STATUSES = [PipStatus.LIVE, PipStatus.DRAFT, PipStatus.COMPLETED, PipStatus.WITHDRAWN]


def many_plans(count, services):
    """`count` plans, each on a PI of its own, every one holding the word "flooding", written in bulk and then
    indexed as the schema step indexes a council's plans."""
    with database.atomic():
        first = Indicator.select().count()
        Indicator.insert_many(
            [
                {
                    "code": f"F{first + n:05d}",
                    "name": f"Flood defence inspections {n}",
                    "service": services[n % len(services)].id,
                    "polarity": Polarity.HIGHER_IS_BETTER.value,
                    "unit": Unit.PERCENT.value,
                    "frequency": Frequency.MONTHLY.value,
                }
                for n in range(count)
            ]
        ).execute()
        indicators = Indicator.select(Indicator.id, Indicator.service, Indicator.code).order_by(Indicator.id)
        Pip.insert_many(
            [
                {
                    "indicator": i.id,
                    "service": i.service_id,
                    "status": STATUSES[n % 4].value,
                    "author": "Jane Smith",
                    "raised_on": date(2026, 1, 5),
                    "pi_code": i.code,
                    "pi_name": "Flood defence inspections",
                    "pi_description": f"Culverts cleared before the flooding season, round {n}",
                }
                for n, i in enumerate(indicators[first:])
            ]
        ).execute()
        index_everything()


def statements(client, q, page=1):
    client.get("/search/", query_string={"q": q, "page": page})
    with count_queries() as sent:
        response = client.get("/search/", query_string={"q": q, "page": page})
    assert response.status_code == 200
    return len(sent), response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["performance", "hos", "member", "admin"])
def test_a_search_sends_the_same_statements_at_10_and_5000_plans(client, login_as, make_service, role):
    services = [make_service() for _ in range(5)]
    many_plans(10, services)
    present(Pip.select().where(Pip.status == PipStatus.LIVE.value).first())
    if role == "hos":
        login_as(role, services=services[:1])
    else:
        login_as(role, committees=[the_committee()] if role == "member" else [])
    few = statements(client, "flooding")[0]
    many_plans(4990, services)
    many, html = statements(client, "flooding")
    assert few == many == statements(client, "inspections", page=2)[0]
    catching_up = 0 if is_sqlite(database) else 1  # PostgreSQL: the plans changed since, indexed first
    assert many <= 2 + catching_up  # the sign-in lookup, and the page
    assert statements(client, "flooding", page=999)[0] <= 4 + catching_up  # past the end: a count and the last page
    if role == "performance":  # each plan and its PI match: the newest CANDIDATES of each are ranked
        assert f"More than {2 * CANDIDATES} results (1 to 20 shown)" in html
