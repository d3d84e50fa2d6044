"""Values at the edges (issue 8, item 5): refused at the door by the shared form fields, and harmless
to the pure domain if one is already stored (docs/plans.md#validation-limits)."""

import math
from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from forms.core.fields import DateInputField, NumberField
from webapp.domain.limits import EARLIEST_DATE, LATEST_DATE, date_in_range
from webapp.domain.periods import Frequency, add_months, latest_period_end, period_ends, previous_year_end, year_end
from webapp.domain.progress import add_months_keeping_day, next_update_due
from webapp.domain.rating import Direction, Polarity, Rag, Tolerance, ToleranceKind, direction, rate, rounded
from webapp.domain.units import AMOUNT_RANGE, LARGEST, Unit, format_value, value_range

HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
ODD = [1e28, -1e28, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan]


# ------------------------------------------------------------------ the rating never raises


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("places", [0, 1, 4])
def test_any_stored_value_is_rated_or_not_rated_never_an_error(value, places):
    for polarity in (HIGHER, LOWER):
        assert rate(value, 98.0, polarity, places=places) in Rag
        assert rate(98.0, value, polarity, places=places) in Rag
        assert rate(value, value, polarity, Tolerance(5, ToleranceKind.ABSOLUTE), places) in Rag
        assert direction(value, 91.2, polarity, places) in (*Direction, None)
        assert direction(91.2, value, polarity, places) in (*Direction, None)
    assert format_value(value, Unit.PERCENT, places)


def test_a_score_of_1e28_is_rated_as_any_other():
    assert rate(1e28, 98.0, HIGHER, places=1) is Rag.GREEN
    assert rate(-1e28, 98.0, HIGHER, places=1) is Rag.RED
    assert rate(1e308, 1e308, LOWER, places=4) is Rag.GREEN
    assert rounded(1e28, 1) == Decimal("1e28")
    assert format_value(1e28, Unit.NUMBER, 0) == "10,000,000,000,000,000,000,000,000,000"


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_what_is_not_finite_is_not_rated(value):
    assert rate(value, 98.0, HIGHER) is Rag.NOT_RATED
    assert rate(98.0, value, LOWER) is Rag.NOT_RATED
    assert direction(value, 98.0, HIGHER) is None


def test_a_tolerance_that_is_not_finite_gives_no_amber_band():
    assert rate(90.0, 98.0, HIGHER, Tolerance(math.nan)) is Rag.RED
    assert rate(98.0, 98.0, HIGHER, Tolerance(math.inf)) is Rag.GREEN


# ------------------------------------------------------------------ dates at the ends of the calendar


def test_the_next_update_after_the_last_day_of_the_calendar_is_that_day():
    assert add_months_keeping_day(date(9999, 12, 31), 1) == date.max
    assert add_months_keeping_day(date(1, 1, 1), -1) == date.min
    assert next_update_due(Frequency.MONTHLY, date(9999, 12, 31), None) == date.max
    assert next_update_due(Frequency.QUARTERLY, None, date(9999, 11, 30)) == date.max


def test_periods_stop_at_the_ends_of_the_calendar():
    assert add_months(date(9999, 12, 31), 1) == date.max
    assert add_months(date(1, 1, 31), -12) == date.min
    assert previous_year_end(date(1, 1, 1)) == date.min
    assert year_end(9999) == date.max
    assert latest_period_end(Frequency.QUARTERLY, date(1, 2, 1)) == date.min
    assert period_ends(Frequency.ANNUAL, date(9999, 1, 1), date.max) == [date(9999, 3, 31)]


def test_the_date_range_is_1900_to_2100():
    assert (date(1900, 1, 1), date(2100, 12, 31)) == (EARLIEST_DATE, LATEST_DATE)
    assert date_in_range(date(1900, 1, 1)) and date_in_range(date(2100, 12, 31))
    assert not date_in_range(date(1899, 12, 31)) and not date_in_range(date(2101, 1, 1))


# ------------------------------------------------------------------ ranges per unit


def test_every_unit_has_a_range_within_the_cap():
    for unit in Unit:
        lowest, highest = value_range(unit)
        assert -LARGEST <= lowest < 0 < highest <= LARGEST
    assert value_range(None) == (-LARGEST, LARGEST) == (-1e12, 1e12)
    assert value_range("percent") == (-10_000, 10_000)
    assert AMOUNT_RANGE[0] == 0


# ------------------------------------------------------------------ the shared fields refuse them


class ExampleForm(Form):
    held_on = DateInputField("Date of meeting")
    score = NumberField("Score")
    target = NumberField("Target", in_pi_unit=True)
    amount = NumberField("Amount", minimum=AMOUNT_RANGE[0], maximum=AMOUNT_RANGE[1])


def submit(pi_unit=None, **data):
    form = ExampleForm(MultiDict(data))
    form.pi_unit = pi_unit
    form.validate()
    return form


@pytest.mark.parametrize("typed", ["1e28", "-1e28", "1000000000001", "-1,000,000,000,000.5", "1e13"])
def test_a_number_past_the_cap_is_refused_and_kept(typed):
    form = submit(score=typed)
    assert form.score.errors == ["Score must be between -1,000,000,000,000 and 1,000,000,000,000"]
    assert form.score._value() == typed


@pytest.mark.parametrize("typed", ["1000000000000", "-1e12", "0.000001", "91.2%"])
def test_a_number_on_or_inside_the_cap_is_accepted(typed):
    assert not submit(score=typed).score.errors


def test_a_number_in_the_pi_unit_keeps_to_the_unit_range():
    assert submit(Unit.PERCENT, target="10001").target.errors == ["Target must be between -10,000 and 10,000"]
    assert not submit(Unit.PERCENT, target="10000").target.errors
    assert submit(Unit.DAYS, target="36526").target.errors == ["Target must be between -36,525 and 36,525"]
    assert not submit(Unit.NUMBER, target="1e12").target.errors
    assert not submit(None, target="10001").target.errors  # the unit not known: only the cap
    assert not submit(Unit.PERCENT, score="10001").score.errors  # not a value in the PI's unit


def test_an_amount_is_never_negative():
    assert submit(amount="-1").amount.errors == ["Amount must be between 0 and 999,999,999,999.99"]
    assert submit(amount="1e12").amount.errors == ["Amount must be between 0 and 999,999,999,999.99"]
    assert submit(amount="£18,000").amount.data == 18000


@pytest.mark.parametrize(
    "day, month, year", [("1", "1", "1899"), ("31", "12", "2101"), ("1", "1", "1000"), ("31", "12", "9999")]
)
def test_a_date_outside_1900_to_2100_is_refused_with_the_year_marked(day, month, year):
    form = submit(**{"held_on-day": day, "held_on-month": month, "held_on-year": year})
    assert form.held_on.errors == ["Date of meeting must be between 1900 and 2100"]
    assert form.held_on.data is None and form.held_on.anchor == "held_on-year"
    assert form.held_on.parts == {"day": day, "month": month, "year": year}


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_an_iso_date_outside_1900_to_2100_is_refused(typed):
    form = submit(held_on=typed)
    assert form.held_on.errors == ["Date of meeting must be between 1900 and 2100"]
    assert form.held_on.data is None


@pytest.mark.parametrize("typed, day", [("1900-01-01", date(1900, 1, 1)), ("2100-12-31", date(2100, 12, 31))])
def test_the_first_and_last_days_of_the_range_are_accepted(typed, day):
    assert submit(held_on=typed).held_on.data == day
    parts = {"held_on-day": str(day.day), "held_on-month": str(day.month), "held_on-year": str(day.year)}
    assert submit(**parts).held_on.data == day


@pytest.mark.parametrize("typed", ["1e-300", "0.0000001", "5e-324", "91.1234567"])
def test_a_number_with_more_than_6_decimal_places_is_refused(typed):
    assert submit(score=typed).score.errors == ["Score must have 6 decimal places or fewer"]


@pytest.mark.parametrize(
    "typed, value", [("0.000001", "0.000001"), ("91.2000000", "91.2"), ("1.5e-3", "0.0015"), ("0.0000000", "0")]
)
def test_six_decimal_places_or_trailing_zeros_are_accepted(typed, value):
    form = submit(score=typed)
    assert not form.score.errors and form.score.data == Decimal(value) and str(form.score.data) == value


# ------------------------------------------------------------------ the chart draws what it can


@pytest.mark.parametrize("value", [1e308, -1e308, math.inf, -math.inf, math.nan, 1e28])
def test_the_chart_leaves_off_a_stored_value_it_cannot_draw(value):
    from tests.exports.samples import full_pip
    from webapp.exports.chart import chart_alt_text, chart_png

    printed = full_pip()
    printed["scores"][-1]["value"] = value
    printed["scores"][-2]["target"] = value
    assert chart_png(printed).startswith(b"\x89PNG")
    assert chart_alt_text(printed)
    for score in printed["scores"]:
        score["value"] = value
    assert chart_png(printed) is None  # nothing drawable: no chart, as for a PI with no scores
