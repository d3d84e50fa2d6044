"""A plan's values keep to the range of their PI's unit on every form, as the register's forms and the
pip/v1 importer do (issue 8, item 5; webapp/domain/units.py): a percentage lies within ±10,000."""

from datetime import date

import pytest

from tests.web.papers.test_referrals import _decision, _decision_url, _refer, presented  # noqa: F401 (fixture)
from tests.web.pips.test_pips import details_data
from tests.web.pips.test_progress import entry_data
from webapp.domain.pips import PipStatus
from webapp.models import Pip, ProgressUpdate, ReferralDecision

PERCENT_RANGE = "between -10,000 and 10,000"


@pytest.fixture
def live_pip(make_pip, db):
    pip = make_pip(status=PipStatus.LIVE)  # its PI is a percentage
    Pip.update(went_live_on=date(2026, 10, 10)).where(Pip.id == pip.id).execute()
    return Pip.get_by_id(pip.id)


@pytest.mark.parametrize("field", ["target_value", "score_value", "last_year_end_value", "score_12_months_ago_value"])
def test_a_section_1_percentage_past_its_range_is_refused_then_a_real_one_saves(client, login_as, live_pip, field):
    login_as("performance")
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, **{field: "20000"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and PERCENT_RANGE in html and 'value="20000"' in html
    assert client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, **{field: "95"})).status_code == 302
    assert getattr(Pip.get_by_id(live_pip.id), field) == 95


def test_a_progress_percentage_past_its_range_is_refused_then_a_real_one_saves(client, login_as, live_pip):
    login_as("performance")
    day = date.today()
    response = client.post(f"/pips/{live_pip.id}/progress", data=entry_data(live_pip, day=day, score="20000"))
    assert response.status_code == 422 and PERCENT_RANGE in response.get_data(as_text=True)
    assert not ProgressUpdate.select().exists()
    assert (
        client.post(f"/pips/{live_pip.id}/progress", data=entry_data(live_pip, day=day, score="92.5")).status_code
        == 302
    )
    assert ProgressUpdate.get().score == 92.5


def test_a_committees_new_target_keeps_to_the_unit_and_an_amount_is_never_negative(client, login_as, presented):  # noqa: F811
    login_as("clerk")
    _refer(client, presented)
    when = {"target_from-day": "1", "target_from-month": "4", "target_from-year": "2027"}
    response = client.post(
        _decision_url(presented), data=_decision(presented, kind="amend_target", target_value="20000", **when)
    )
    assert response.status_code == 422 and PERCENT_RANGE in response.get_data(as_text=True)
    response = client.post(
        _decision_url(presented),
        data=_decision(presented, kind="additional_resources", amount="-5000", description="Two posts"),
    )
    assert response.status_code == 422 and "Amount of additional resources (£) cannot be negative" in response.get_data(
        as_text=True
    )
    response = client.post(
        _decision_url(presented),
        data=_decision(presented, kind="additional_resources", amount="1.005", description="Two posts"),
    )
    assert response.status_code == 422 and "(£) must be in pounds and pence" in response.get_data(as_text=True)
    assert not ReferralDecision.select().exists()
    assert (
        client.post(
            _decision_url(presented), data=_decision(presented, kind="amend_target", target_value="95", **when)
        ).status_code
        == 302
    )
