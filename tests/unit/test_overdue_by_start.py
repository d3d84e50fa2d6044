"""The last start day that makes a plan's update overdue (domain/progress.py), which lets the plan list
ask "overdue?" of every plan in the database: it must agree with the due-date rule on every day."""

from datetime import date, timedelta

import pytest

from webapp.domain.periods import Frequency
from webapp.domain.progress import is_overdue, next_update_due, overdue_if_started_by


@pytest.mark.parametrize("frequency", list(Frequency))
def test_overdue_exactly_when_the_start_is_on_or_before_that_day(frequency):
    today = date(2023, 12, 20)
    while today < date(2025, 4, 10):  # month ends of every length, a leap February, year ends
        last = overdue_if_started_by(frequency, today)
        for back in range(40, 130):
            start = today - timedelta(days=back)
            assert (start <= last) == is_overdue(next_update_due(frequency, start, None), today), (today, start)
        today += timedelta(days=1)


@pytest.mark.parametrize(
    "frequency, today, last",
    [
        (Frequency.MONTHLY, date(2026, 11, 20), date(2026, 10, 19)),
        (Frequency.MONTHLY, date(2026, 3, 1), date(2026, 1, 31)),  # 31 January is due 28 February
        (Frequency.MONTHLY, date(2026, 2, 28), date(2026, 1, 27)),  # 28-31 January are all due on the 28th
        (Frequency.QUARTERLY, date(2026, 11, 20), date(2026, 8, 19)),
        (Frequency.ANNUAL, date(2026, 5, 31), date(2026, 2, 28)),  # annual PIs are updated quarterly too
    ],
)
def test_examples(frequency, today, last):
    assert overdue_if_started_by(frequency, today) == last
