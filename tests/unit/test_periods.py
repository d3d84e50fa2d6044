from datetime import date

import pytest

from webapp.domain.periods import (
    Frequency,
    add_months,
    financial_year,
    financial_year_label,
    is_period_end,
    latest_period_end,
    period_ends,
    previous_year_end,
    year_end,
)


@pytest.mark.parametrize("day, year", [(date(2026, 4, 1), 2026), (date(2026, 3, 31), 2025), (date(2027, 1, 15), 2026)])
def test_financial_year_starts_on_1_april(day, year):
    assert financial_year(day) == year


def test_financial_year_label_and_end():
    assert financial_year_label(2026) == "2026/27"
    assert financial_year_label(1999) == "1999/00"
    assert year_end(2026) == date(2027, 3, 31)


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 9, 30), date(2026, 3, 31)),
        (date(2026, 3, 31), date(2025, 3, 31)),
        (date(2027, 1, 31), date(2026, 3, 31)),
    ],
)
def test_previous_year_end_is_the_last_31_march_before(day, expected):
    assert previous_year_end(day) == expected


@pytest.mark.parametrize(
    "day, frequency, expected",
    [
        (date(2026, 2, 28), Frequency.MONTHLY, True),
        (date(2024, 2, 28), Frequency.MONTHLY, False),  # leap year: 29th is the end
        (date(2026, 9, 30), Frequency.QUARTERLY, True),
        (date(2026, 8, 31), Frequency.QUARTERLY, False),
        (date(2026, 3, 31), Frequency.ANNUAL, True),
        (date(2026, 12, 31), Frequency.ANNUAL, False),
        (date(2026, 9, 29), Frequency.MONTHLY, False),
    ],
)
def test_is_period_end(day, frequency, expected):
    assert is_period_end(day, frequency) is expected


def test_period_ends_and_month_arithmetic():
    assert period_ends(Frequency.QUARTERLY, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 9, 30), -12) == date(2025, 9, 30)
    assert latest_period_end(Frequency.QUARTERLY, date(2026, 11, 22)) == date(2026, 9, 30)
    assert latest_period_end(Frequency.MONTHLY, date(2026, 11, 30)) == date(2026, 11, 30)
    assert latest_period_end(Frequency.ANNUAL, date(2026, 11, 22)) == date(2026, 3, 31)
