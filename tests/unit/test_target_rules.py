"""The rules of a target version shared by the target form and the targets import (webapp/domain/target_rules.py)."""

from datetime import date
from decimal import Decimal

import pytest

from webapp.domain.rating import Polarity
from webapp.domain.target_rules import stretch_problem, target_years, year_problem


@pytest.mark.parametrize(
    "today, years",
    [
        (date(2026, 11, 30), [2028, 2027, 2026, 2025, 2024, 2023]),
        (date(2027, 3, 31), [2028, 2027, 2026, 2025, 2024, 2023]),  # still 2026/27
        (date(2027, 4, 1), [2029, 2028, 2027, 2026, 2025, 2024]),
    ],
)
def test_the_years_offered_are_three_back_to_two_ahead(today, years):
    assert target_years(today) == years


def test_a_year_outside_them_is_refused_unless_it_has_a_target():
    today = date(2026, 11, 30)
    message = "Financial year must be from 2023/24 to 2028/29, or a year the PI already has a target for"
    assert year_problem(2029, today, has_target=False) == message
    assert year_problem(2022, today, has_target=False) == message
    assert year_problem(2022, today, has_target=True) is None
    assert year_problem(2026, today, has_target=False) is None


@pytest.mark.parametrize(
    "stretch, value, polarity, message",
    [
        (95, 90, Polarity.HIGHER_IS_BETTER, None),
        (90, 90, Polarity.HIGHER_IS_BETTER, "Stretch target must be higher than the target, as higher is better"),
        (7, 8, Polarity.LOWER_IS_BETTER, None),
        (8, 8, Polarity.LOWER_IS_BETTER, "Stretch target must be lower than the target, as lower is better"),
        (9, 8, "lower_is_better", "Stretch target must be lower than the target, as lower is better"),
    ],
)
def test_a_stretch_target_is_beyond_the_target_on_the_better_side(stretch, value, polarity, message):
    assert stretch_problem(Decimal(stretch), Decimal(value), polarity) == message
