"""The register's forms (a PI, a target, a score, a score corrected in its row) refuse numbers past the
range of the PI's unit and dates outside 1900-2100, keep what was typed, and then save the corrected
value (issue 8, item 5; docs/rating.md#indicators, docs/plans.md#validation-limits)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.web.indicators.test_indicators import VALID_PI, _score, _target, text
from tests.web.showing import every_view
from tests.web.test_bad_values import LARGEST_STORED, PAST_THE_COLUMN, PYTHON_ONLY_NUMBERS, SMALLEST_STORED
from webapp.domain.pips import PipStatus
from webapp.domain.units import Unit
from webapp.models import Indicator, Score, Target


@pytest.fixture
def performance(login_as):
    return login_as("performance")


@pytest.mark.parametrize(
    "unit, typed, message",
    [
        (Unit.PERCENT, "1e28", "Target must be between -10,000 and 10,000"),
        (Unit.PERCENT, "10000.1", "Target must be between -10,000 and 10,000"),
        (Unit.DAYS, "40000", "Target must be between -36,525 and 36,525"),
        (Unit.CURRENCY, "-1e13", "Target must be between -1,000,000,000,000 and 1,000,000,000,000"),
        (Unit.RATIO, "2,000,000", "Target must be between -1,000,000 and 1,000,000"),
    ],
)
def test_a_target_past_its_units_range_is_refused_then_a_real_one_saves(
    client, performance, make_indicator, unit, typed, message
):
    indicator = make_indicator(unit=unit)
    response = client.post(f"/indicators/{indicator.id}/targets", data=_target(value=typed, stretch_value=""))
    assert response.status_code == 422
    assert message in text(response) and f'value="{typed}"' in text(response)
    assert Target.select().count() == 0
    response = client.post(f"/indicators/{indicator.id}/targets", data=_target(value="92.5", stretch_value=""))
    assert response.status_code == 302
    assert Target.get().value == Decimal("92.5")
    assert client.get(f"/indicators/{indicator.id}").status_code == 200


def test_a_stretch_target_keeps_to_the_range_too(client, performance, make_indicator):
    indicator = make_indicator(unit=Unit.PERCENT)
    response = client.post(f"/indicators/{indicator.id}/targets", data=_target(stretch_value="1e28"))
    assert response.status_code == 422
    assert "Stretch target must be between -10,000 and 10,000" in text(response)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("1e28", "Score must be between -10,000 and 10,000"),
        ("-20000", "Score must be between -10,000 and 10,000"),
        ("inf", "Score must be a number"),
    ],
)
def test_a_score_past_the_range_is_refused_then_a_real_one_saves(client, performance, make_indicator, typed, message):
    indicator = make_indicator(unit=Unit.PERCENT)
    day = date(2026, 9, 30)
    response = client.post(f"/indicators/{indicator.id}/scores", data=_score(day, value=typed))
    assert response.status_code == 422
    assert message in text(response) and f'value="{typed}"' in text(response)
    assert Score.select().count() == 0
    assert client.post(f"/indicators/{indicator.id}/scores", data=_score(day, value="91.5")).status_code == 302
    assert Score.get().value == 91.5


@pytest.mark.parametrize("typed", PYTHON_ONLY_NUMBERS)
@pytest.mark.parametrize(
    "field, message", [("value", "Target must be a number"), ("stretch_value", "Stretch target must be a number")]
)
def test_a_target_only_python_reads_is_not_a_number_and_is_kept(
    client, performance, make_indicator, typed, field, message
):
    indicator = make_indicator(unit=Unit.NUMBER)
    response = client.post(f"/indicators/{indicator.id}/targets", data=_target(**{field: typed}))
    assert response.status_code == 422
    assert message in text(response) and f'value="{typed}"' in text(response)
    assert Target.select().count() == 0


@pytest.mark.parametrize("typed", PYTHON_ONLY_NUMBERS)
def test_a_score_only_python_reads_is_not_a_number_and_is_kept(client, performance, make_indicator, typed):
    indicator = make_indicator(unit=Unit.NUMBER)
    response = client.post(f"/indicators/{indicator.id}/scores", data=_score(date(2026, 9, 30), value=typed))
    assert response.status_code == 422
    assert "Score must be a number" in text(response) and f'value="{typed}"' in text(response)
    assert Score.select().count() == 0


@pytest.mark.parametrize("typed", PYTHON_ONLY_NUMBERS)
def test_a_score_corrected_in_its_row_to_one_only_python_reads_is_refused_and_kept(
    client, performance, make_indicator, typed
):
    indicator = make_indicator(unit=Unit.NUMBER, scores=[(date(2026, 9, 30), 12.0)])
    score = Score.get()
    data = {f"score-{score.id}-value": typed, f"score-{score.id}-seen": score.recorded_at.isoformat()}
    response = client.post(f"/indicators/{indicator.id}/scores/{score.id}", data=data)
    assert response.status_code == 422
    assert "Score must be a number" in text(response) and f'value="{typed}"' in text(response)
    assert Score.get_by_id(score.id).value == 12.0


@pytest.mark.parametrize("year", ["1899", "2101", "9999"])
def test_a_score_period_outside_1900_to_2100_is_refused(client, performance, make_indicator, year):
    indicator = make_indicator(unit=Unit.PERCENT)
    data = _score(date(2026, 3, 31))
    data["period_end-year"] = year
    response = client.post(f"/indicators/{indicator.id}/scores", data=data)
    assert response.status_code == 422
    assert "Period end must be between 1900 and 2100" in text(response)
    assert Score.select().count() == 0


def test_a_score_corrected_in_its_row_keeps_to_the_range(client, performance, make_indicator):
    indicator = make_indicator(unit=Unit.DAYS, scores=[(date(2026, 9, 30), 12.0)])
    score = Score.get()
    url = f"/indicators/{indicator.id}/scores/{score.id}"
    data = {f"score-{score.id}-value": "1e28", f"score-{score.id}-seen": score.recorded_at.isoformat()}
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "Score must be between -36,525 and 36,525" in text(response)
    assert Score.get_by_id(score.id).value == 12.0
    response = client.post(url, data={**data, f"score-{score.id}-value": "11.5"})
    assert response.status_code == 302
    assert Score.get_by_id(score.id).value == 11.5


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("benchmark_value", "1e28", "Benchmark value must be between -1,000,000,000,000 and 1,000,000,000,000"),
        ("benchmark_value", "20000", "Benchmark value must be between -10,000 and 10,000"),
        ("tolerance", "1e28", "Tolerance must be between 0 and 1,000,000,000,000"),
        ("tolerance", "-5", "Tolerance must be 0 or more"),
        ("decimal_places", "1e309", "Decimal places must be between 0 and 4"),
    ],
)
def test_a_pi_with_a_value_past_the_range_is_refused_then_saved(
    client, performance, make_service, field, typed, message
):
    service = make_service()
    data = {**VALID_PI, "service": str(service.id), "benchmark_label": "England average", "benchmark_value": "50"}
    response = client.post("/indicators/new", data={**data, field: typed})
    assert response.status_code == 422
    assert message in text(response) and f'value="{typed}"' in text(response)
    assert Indicator.select().count() == 0
    assert client.post("/indicators/new", data=data).status_code == 302
    assert Indicator.get().benchmark_value == Decimal("50")


@pytest.mark.parametrize("value", PAST_THE_COLUMN)
def test_a_register_value_no_exact_column_holds_is_refused_before_it_is_stored(db, make_indicator, value):
    waste = make_indicator(target=95, scores=[(date(2026, 9, 30), 91.2)])
    for change in (
        Score.update(value=value),
        Target.update(value=value),
        Indicator.update(tolerance=value),
        Indicator.update(benchmark_value=value),
    ):
        with pytest.raises(ValueError):
            change.execute()
    assert (Score.get().value, Target.get().value, Indicator[waste.id].tolerance) == (
        Decimal("91.2"),
        Decimal("95"),
        Decimal("10"),
    )


@pytest.mark.parametrize("value", [LARGEST_STORED, -LARGEST_STORED, SMALLEST_STORED])
def test_a_register_value_already_stored_never_breaks_a_page(client, login_as, make_pip, db, value):
    """The forms once took any finite number: a score of 1e308 made the chart's axis infinite. An exact
    column holds no more than NUMERIC(19, 6) (1e28 and Infinity are refused: tests/web/test_bad_values.py)."""
    login_as("performance", "clerk")
    pip = make_pip(status=PipStatus.LIVE)
    Score.update(value=value).where(Score.indicator == pip.indicator, Score.period_end == date(2026, 9, 30)).execute()
    Target.update(value=-value).where(Target.indicator == pip.indicator).execute()
    Indicator.update(benchmark_value=value, benchmark_label="England", tolerance=value).where(
        Indicator.id == pip.indicator_id
    ).execute()
    for url in (f"/indicators/{pip.indicator_id}", "/indicators/", "/exceptions/"):
        assert client.get(url).status_code == 200, url
    assert client.post(f"/pips/{pip.id}/refresh").status_code < 400
    every_view(client, pip)
