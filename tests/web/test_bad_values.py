"""Values that once got in at the door and broke pages later (issue 8, item 5): refused by the forms,
and harmless if one is already stored (PRODUCT §3.2)."""
import math
from datetime import date

import pytest

from tests.web.showing import every_view
from tests.web.test_pips import details_data
from webapp.domain.plans import PipStatus
from webapp.models import Pip, ProgressUpdate, database


@pytest.fixture
def officer(login_as):
    """A performance officer who is also a clerk, so may read every plan and build the papers."""
    return login_as("performance", "clerk")


@pytest.fixture
def live_pip(make_pip, db):
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Grit", ["E1"])], status=PipStatus.LIVE)
    Pip.update(went_live_on=date(2026, 10, 10)).where(Pip.id == pip.id).execute()
    return Pip.get_by_id(pip.id)


def _largest_stored_float():
    """The largest float a plan's value column holds: peewee's FloatField is `real` on PostgreSQL."""
    return 1e308 if database.obj.__class__.__name__.startswith("Sqlite") else 3.4e38


@pytest.mark.parametrize("typed", ["1e28", "-1e28", "1e13", "1,000,000,000,001"])
def test_a_section_1_score_past_the_cap_is_refused_and_a_real_one_then_saves(client, officer, live_pip, typed):
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, score_value=typed))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Score must be between -1,000,000,000,000 and 1,000,000,000,000" in html
    assert f'value="{typed}"' in html
    assert Pip.get_by_id(live_pip.id).score_value == 91.2
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, score_value="88.8"))
    assert response.status_code == 302
    assert Pip.get_by_id(live_pip.id).score_value == 88.8
    every_view(client, live_pip)


@pytest.mark.parametrize("value", ["huge", "-huge", 1e28, -1e28, 5e-324, math.inf, -math.inf, math.nan])
def test_a_stored_value_of_any_size_never_breaks_a_page_or_export(client, officer, live_pip, value):
    value = {"huge": _largest_stored_float(), "-huge": -_largest_stored_float()}.get(value, value)
    Pip.update(score_value=value, target_value=-value if value == value else value,
               last_year_end_value=value).where(Pip.id == live_pip.id).execute()
    ProgressUpdate.create(pip=live_pip, made_on=date(2026, 11, 30), comment="Odd", score=value)
    shown = every_view(client, live_pip)
    assert "Odd" in shown["plan"] and "Odd" in shown["word"]


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1, 1, 1)])
def test_a_stored_progress_date_at_the_ends_of_the_calendar_never_breaks_the_plan_list(client, officer, live_pip,
                                                                                      day):
    ProgressUpdate.create(pip=live_pip, made_on=day, comment="Far away", score=90.0)
    shown = every_view(client, live_pip)
    assert "Far away" in shown["plan"]
