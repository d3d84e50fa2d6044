"""Exceptions (docs/rating.md#exceptions): Red, or Amber and deteriorating, PIs without a Draft or Live plan."""

from datetime import date

import pytest

from tests.querycount import count_queries
from tests.web.papers.publishing import sign_out
from webapp.domain.pips import PipStatus
from webapp.domain.rating import Polarity

SEP, OCT = date(2026, 9, 30), date(2026, 10, 31)


@pytest.fixture
def register(make_indicator, make_service):
    service = make_service("Waste and Recycling")

    def pi(code, previous, latest, polarity=Polarity.HIGHER_IS_BETTER):
        return make_indicator(
            code=code, service=service, target=100.0, polarity=polarity, scores=[(SEP, previous), (OCT, latest)]
        )

    return {
        "red": pi("RED1", 80, 70),
        "amber_worse": pi("AMB1", 97, 95),
        "amber_better": pi("AMB2", 93, 95),
        "green": pi("GRN1", 99, 100),
        "red_lower": pi("LOW1", 120, 130, Polarity.LOWER_IS_BETTER),
        "service": service,
    }


def test_lists_red_and_amber_deteriorating_pis_without_an_open_plan(client, login_as, register, make_pip):
    login_as("cmt")
    make_pip(indicator=register["red_lower"])  # has a Draft plan: not an exception
    withdrawn = make_pip(indicator=register["red"], status=PipStatus.WITHDRAWN)  # closed: still an exception
    html = client.get("/exceptions/").get_data(as_text=True)
    assert "RED1" in html and "AMB1" in html
    assert "AMB2" not in html and "GRN1" not in html and "LOW1" not in html
    assert withdrawn.status is PipStatus.WITHDRAWN
    assert "Raise a PIP" not in html  # CMT reads, but does not raise plans


def test_those_who_may_raise_see_the_action(client, login_as, register):
    login_as("hos", services=[register["service"]])
    html = client.get("/exceptions/").get_data(as_text=True)
    assert f'href="/pips/new?indicator={register["red"].id}"' in html


@pytest.mark.parametrize("extra", [0, 20])
def test_constant_queries(client, login_as, register, make_indicator, extra):
    login_as("performance")
    for n in range(extra):
        make_indicator(code=f"X{n}", target=100.0, scores=[(SEP, 90), (OCT, 50)])
    with count_queries() as statements:
        assert client.get("/exceptions/").status_code == 200
    assert len(statements) == 3  # the sign-in session with roles and services, and the exceptions' count and page


def test_the_pi_page_offers_to_raise_a_plan_or_open_the_existing_one(client, login_as, register, make_pip):
    login_as("performance")
    assert "Raise a PIP" in client.get(f"/indicators/{register['red'].id}").get_data(as_text=True)
    pip = make_pip(indicator=register["red"])
    html = client.get(f"/indicators/{register['red'].id}").get_data(as_text=True)
    assert f'href="/pips/{pip.id}"' in html and "Raise a PIP" not in html


def test_the_pi_page_says_nothing_of_a_plan_its_reader_may_not_open(
    client, login_as, sign_in, make_user, make_service, register, make_pip
):
    """docs/users-and-permissions.md#reading-plans: another service's Head of Service, a Member and an
    administrator are not told of a Draft they could not open, nor linked to it; the plan's own Head of Service is."""
    indicator = register["red"]
    pip = make_pip(indicator=indicator)  # a Draft
    for reader in (make_user("hos", services=[make_service()]), make_user("member"), make_user("admin")):
        sign_in(reader)
        html = client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
        assert f'href="/pips/{pip.id}"' not in html and "Performance Improvement Plan." not in html, reader.roles
        sign_out(client)
    sign_in(make_user("hos", services=[indicator.service]))
    html = client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
    assert "This PI has a draft Performance Improvement Plan." in html and f'href="/pips/{pip.id}"' in html
    assert client.get(f"/pips/{pip.id}").status_code == 200  # and the link opens it
