"""Financial years (1 April - 31 March) and collection periods (month, quarter, year ends)."""

import calendar
from datetime import MAXYEAR, MINYEAR, date

from .words import Word


class Frequency(Word):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The month end `months` after (or before, if negative) the month of `day`; date.max or date.min
    past the ends of the calendar, so that a far date already stored never raises."""
    index = day.year * 12 + day.month - 1 + months
    year = index // 12
    if year > MAXYEAR:
        return date.max
    if year < MINYEAR:
        return date.min
    return month_end(year, index % 12 + 1)


def financial_year(day: date) -> int:
    """The financial year containing `day`, named by the year it starts in (2026 for 2026/27)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def year_end(year: int) -> date:
    """31 March that closes financial year `year` (date.max for the calendar's last year)."""
    return date(year + 1, 3, 31) if year < MAXYEAR else date.max


def previous_year_end(day: date) -> date:
    """The last 31 March strictly before `day` (date.min when there is none)."""
    candidate = date(day.year, 3, 31)
    if candidate < day:
        return candidate
    return date(day.year - 1, 3, 31) if day.year > MINYEAR else date.min


def is_period_end(day: date, frequency: Frequency) -> bool:
    if day != month_end(day.year, day.month):
        return False
    if Frequency(frequency) is Frequency.MONTHLY:
        return True
    if Frequency(frequency) is Frequency.QUARTERLY:
        return day.month in (3, 6, 9, 12)
    return day.month == 3


def period_ends(frequency: Frequency, first: date, last: date) -> list[date]:
    """Every period end of `frequency` from `first` to `last`, inclusive, oldest first."""
    day = month_end(first.year, first.month)
    ends = []
    while day <= last:
        if day >= first and is_period_end(day, frequency):
            ends.append(day)
        if day == date.max:
            break
        day = add_months(day, 1)
    return ends


def latest_period_end(frequency: Frequency, on_or_before: date) -> date:
    day = month_end(on_or_before.year, on_or_before.month)
    if day > on_or_before:
        day = add_months(day, -1)
    while not is_period_end(day, frequency) and day > date.min:
        day = add_months(day, -1)
    return day
