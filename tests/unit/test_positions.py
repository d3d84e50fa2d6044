"""How a PI's position is put together from plain values (webapp/domain/positions.py), and a list's row."""

from datetime import date

import pytest

from webapp.domain.periods import Frequency
from webapp.domain.positions import Reading, assess, comparison_days
from webapp.domain.rating import Direction, Polarity, Rag, ToleranceKind
from webapp.domain.units import Level, Unit
from webapp.indicators.listing import RegisterRow


def pi(polarity=Polarity.HIGHER_IS_BETTER, places=1, tolerance=10.0, kind=ToleranceKind.RELATIVE):
    return RegisterRow(
        1,
        "WR01",
        "Waste recycled",
        Level.SERVICE,
        Unit.PERCENT,
        places,
        polarity,
        tolerance,
        kind,
        Frequency.MONTHLY,
        True,
        1,
        "Waste",
    )


def reading(value, day=date(2026, 9, 30)):
    return Reading(day, value)


@pytest.mark.parametrize(
    "period_end, frequency, previous, year_ago",
    [
        (date(2026, 9, 30), Frequency.MONTHLY, date(2026, 8, 31), date(2025, 9, 30)),
        (date(2026, 3, 31), Frequency.MONTHLY, date(2026, 2, 28), date(2025, 3, 31)),
        (date(2024, 2, 29), Frequency.MONTHLY, date(2024, 1, 31), date(2023, 2, 28)),
        (date(2025, 2, 28), Frequency.MONTHLY, date(2025, 1, 31), date(2024, 2, 29)),
        (date(2026, 6, 30), Frequency.QUARTERLY, date(2026, 3, 31), date(2025, 6, 30)),
        (date(2026, 3, 31), Frequency.ANNUAL, date(2025, 3, 31), date(2025, 3, 31)),
    ],
)
def test_a_score_is_compared_with_the_previous_period_and_12_months_earlier(period_end, frequency, previous, year_ago):
    assert comparison_days(period_end, frequency) == (previous, year_ago)


def test_no_score_is_not_rated_and_has_no_direction():
    position = assess(pi(), None, None, None, 90.0, 2026)
    assert (position.rag, position.trend, position.trend_year) == (Rag.NOT_RATED, None, None)
    assert position.target_year_label == "2026/27"


def test_no_target_is_not_rated_but_still_has_a_direction():
    position = assess(pi(), reading(85), reading(88), reading(80), None, 2026)
    assert position.rag is Rag.NOT_RATED
    assert (position.trend, position.trend_year) == (Direction.DETERIORATING, Direction.IMPROVING)


def test_values_are_compared_after_rounding_to_the_pis_decimal_places():
    position = assess(pi(places=1), reading(90.04), reading(90.0), None, 90.0, 2026)
    assert (position.rag, position.trend, position.trend_year) == (Rag.GREEN, Direction.NO_CHANGE, None)
    position = assess(pi(places=0), reading(89.6), reading(90.4), None, 90.0, 2026)
    assert (position.rag, position.trend) == (Rag.GREEN, Direction.NO_CHANGE)


@pytest.mark.parametrize(
    "polarity, kind, tolerance, value, expected",
    [
        (Polarity.HIGHER_IS_BETTER, ToleranceKind.RELATIVE, 10.0, 81.0, Rag.AMBER),  # the edge: 90 - 9
        (Polarity.HIGHER_IS_BETTER, ToleranceKind.RELATIVE, 10.0, 80.9, Rag.RED),
        (Polarity.LOWER_IS_BETTER, ToleranceKind.ABSOLUTE, 2.0, 92.0, Rag.AMBER),  # the edge: 90 + 2
        (Polarity.LOWER_IS_BETTER, ToleranceKind.ABSOLUTE, 2.0, 92.1, Rag.RED),
        (Polarity.LOWER_IS_BETTER, ToleranceKind.ABSOLUTE, 2.0, 90.0, Rag.GREEN),
    ],
)
def test_the_rating_uses_the_pis_polarity_and_tolerance(polarity, kind, tolerance, value, expected):
    position = assess(pi(polarity=polarity, tolerance=tolerance, kind=kind), reading(value), None, None, 90.0, 2026)
    assert position.rag is expected


def test_lower_is_better_improves_as_the_score_falls():
    position = assess(pi(polarity=Polarity.LOWER_IS_BETTER), reading(10), reading(12), reading(9), 11.0, 2026)
    assert (position.trend, position.trend_year) == (Direction.IMPROVING, Direction.DETERIORATING)
