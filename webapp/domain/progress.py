"""When the next progress update is due (docs/plans.md#the-plan Section 6)."""

import calendar
from datetime import MAXYEAR, MINYEAR, date, timedelta

from .periods import Frequency


def add_months_keeping_day(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan -> 28 Feb).
    Past the ends of the calendar it stops at date.min or date.max rather than raise: a date stored
    before the door was shut (9999-12-31) must not break the plan list."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    if year > MAXYEAR:
        return date.max
    if year < MINYEAR:
        return date.min
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def update_interval_months(frequency: Frequency) -> int:
    """A month for monthly PIs; a quarter for quarterly and annual ones."""
    return 1 if Frequency(frequency) is Frequency.MONTHLY else 3


def next_update_due(frequency: Frequency, last_update: date | None, went_live: date | None) -> date | None:
    """One collection period after the last progress entry, or after the PIP went Live."""
    start = last_update or went_live
    if start is None:
        return None
    return add_months_keeping_day(start, update_interval_months(frequency))


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and today > due


def overdue_if_started_by(frequency: Frequency, today: date) -> date:
    """The last day a plan's last progress entry (or its going Live) may fall on for an update to be
    overdue by `today`: overdue exactly when that start is on or before this day. The due date only
    moves forward as the start does, so one day per frequency lets a query ask it of every plan."""

    def overdue(start: date) -> bool:
        return is_overdue(next_update_due(frequency, start, None), today)

    day = add_months_keeping_day(today, -update_interval_months(frequency))
    while overdue(day + timedelta(days=1)):
        day += timedelta(days=1)
    while not overdue(day):
        day -= timedelta(days=1)
    return day
