"""Values that once got in at the door and broke pages later (issue 8, item 5): refused by the forms,
and harmless if one is already stored (docs/plans.md#validation-limits)."""

import math
from datetime import date
from decimal import Decimal

import pytest

from tests.web.pips.test_pips import details_data
from tests.web.pips.test_progress import entry_data
from tests.web.showing import every_view
from webapp.core.db import is_sqlite
from webapp.domain.pips import PipStatus
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


# The largest and smallest numbers an exact column holds, NUMERIC(19, 6), on either engine.
LARGEST_STORED, SMALLEST_STORED = Decimal("9999999999999.999999"), Decimal("0.000001")
# Numbers a REAL column once held and an exact column refuses (README, "Exact numbers").
PAST_THE_COLUMN = [1e28, -1e28, Decimal("1E+13"), math.inf, -math.inf, math.nan]
# Numbers Python's Decimal() and int() read and no one at the council types: underscores between digits,
# full-width digits and Arabic-Indic digits (webapp/domain/typed_numbers.py). 1,000, ５０ and ٥٠ to Python.
PYTHON_ONLY_NUMBERS = ["1_000", "\uff15\uff10", "\u0665\u0660"]


@pytest.mark.parametrize("typed", ["1e28", "-1e28", "1e13", "1,000,000,000,001"])
def test_a_section_1_score_past_the_cap_is_refused_and_a_real_one_then_saves(client, officer, live_pip, typed):
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, score_value=typed))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Score must be between -10,000 and 10,000" in html  # a percentage: its unit's range, within the cap
    assert f'value="{typed}"' in html
    assert Pip.get_by_id(live_pip.id).score_value == Decimal("91.2")
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, score_value="88.8"))
    assert response.status_code == 302
    assert Pip.get_by_id(live_pip.id).score_value == Decimal("88.8")
    every_view(client, live_pip)


@pytest.mark.parametrize("typed", PYTHON_ONLY_NUMBERS)
def test_a_section_1_score_only_python_reads_is_not_a_number_and_is_kept(client, officer, live_pip, typed):
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, score_value=typed))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Score must be a number" in html
    assert f'value="{typed}"' in html
    assert Pip.get_by_id(live_pip.id).score_value == Decimal("91.2")


@pytest.mark.parametrize("typed", PYTHON_ONLY_NUMBERS)
def test_a_progress_score_only_python_reads_is_not_a_number_and_is_kept(client, officer, live_pip, typed):
    response = client.post(f"/pips/{live_pip.id}/progress", data=entry_data(live_pip, day=date.today(), score=typed))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "PI Score must be a number" in html
    assert f'value="{typed}"' in html
    assert ProgressUpdate.select().count() == 0


@pytest.mark.parametrize("value", [LARGEST_STORED, -LARGEST_STORED, SMALLEST_STORED])
def test_a_stored_value_of_any_size_never_breaks_a_page_or_export(client, officer, live_pip, value):
    Pip.update(score_value=value, target_value=-value, last_year_end_value=value).where(Pip.id == live_pip.id).execute()
    ProgressUpdate.create(pip=live_pip, made_on=date(2026, 11, 30), comment="Odd", score=value)
    shown = every_view(client, live_pip)
    assert "Odd" in shown["plan"] and "Odd" in shown["word"]


@pytest.mark.parametrize("value", PAST_THE_COLUMN)
def test_a_value_no_exact_column_holds_is_refused_before_it_is_stored(db, live_pip, value):
    """Infinity or 1e28 once got into a REAL column and broke pages; an exact column cannot hold them,
    on SQLite as on PostgreSQL, so they are refused before the database is asked."""
    with pytest.raises(ValueError):
        Pip.update(score_value=value).where(Pip.id == live_pip.id).execute()
    with pytest.raises(ValueError):
        ProgressUpdate.create(pip=live_pip, made_on=date(2026, 11, 30), comment="Odd", score=value)
    assert Pip.get_by_id(live_pip.id).score_value == Decimal("91.2")
    assert not ProgressUpdate.select().exists()


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1, 1, 1)])
def test_a_stored_progress_date_at_the_ends_of_the_calendar_never_breaks_the_plan_list(client, officer, live_pip, day):
    ProgressUpdate.create(pip=live_pip, made_on=day, comment="Far away", score=90.0)
    shown = every_view(client, live_pip)
    assert "Far away" in shown["plan"]


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_a_single_iso_date_outside_1900_to_2100_is_refused_and_section_1_then_saves(client, officer, live_pip, typed):
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, target_as_at=typed))
    assert response.status_code == 422
    assert "Target As at Date must be between 1900 and 2100" in response.get_data(as_text=True)
    assert Pip.get_by_id(live_pip.id).target_as_at == date(2027, 3, 31)
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(live_pip, target_as_at="2028-03-31"))
    assert response.status_code == 302
    assert Pip.get_by_id(live_pip.id).target_as_at == date(2028, 3, 31)
    response = client.post(f"/pips/{live_pip.id}/details", data=details_data(Pip.get_by_id(live_pip.id)))
    assert response.status_code == 302  # and saves again as drawn


def test_a_progress_entry_dated_9999_is_refused_and_the_plan_list_stays_up(client, officer, live_pip):
    data = entry_data(live_pip, day=date.today())
    response = client.post(f"/pips/{live_pip.id}/progress", data={**data, "made_on-year": "9999"})
    assert response.status_code == 422
    assert "Date must be between 1900 and 2100" in response.get_data(as_text=True)
    assert ProgressUpdate.select().count() == 0
    assert client.post(f"/pips/{live_pip.id}/progress", data=data).status_code == 302
    every_view(client, live_pip)


def test_unprintable_text_already_stored_never_breaks_a_page_or_export(client, officer, live_pip):
    """Imports stored text raw before the door was shut (NUL, BEL, a right-to-left override)."""
    raw = "Snow\x07 and\x0b ice\u202e (cleared)" + ("\x00" if is_sqlite(database.obj) else "")  # PostgreSQL: no NUL
    Pip.update(comments=raw, author=raw).where(Pip.id == live_pip.id).execute()
    ProgressUpdate.create(pip=live_pip, made_on=date(2026, 11, 30), comment=raw, score=90.0)
    shown = every_view(client, live_pip)
    assert "Snow" in shown["plan"] and "Snow" in shown["word"] and "Snow" in shown["papers"]
