"""Where a PI stands: its latest score rated against the target that applies, and its direction of
travel against the previous period and the same period a year earlier (docs/rating.md).

Pure: the register's pages, the stored standings and the committee papers all put a PI's position
together here, from plain values read elsewhere.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, Protocol

from .periods import Frequency, add_months, financial_year_label
from .rating import Direction, Polarity, Rag, Tolerance, ToleranceKind, direction, rate, rounded, to_decimal


class Rated(Protocol):
    """What rating needs of a PI (a model row or a list's row)."""

    decimal_places: int
    polarity: Polarity
    tolerance: Decimal
    tolerance_kind: ToleranceKind


class Reading(NamedTuple):
    """A score as the register compares it: its period end and value (a tuple: the list makes thousands)."""

    period_end: date
    value: Decimal
    score_id: int | None = None


@dataclass(slots=True)
class Position:
    """Where a PI stands: its latest score against the current target for that score's financial
    year, and its direction of travel. A PI's own page also keeps the previous period's score and the
    score 12 months earlier that the directions compare with (each None when that period has no score,
    and in lists, which show only the directions)."""

    latest: Reading | None
    target: Decimal | None
    target_year: int | None
    rag: Rag
    trend: Direction | None
    trend_year: Direction | None
    previous: Reading | None = None
    year_ago: Reading | None = None

    @property
    def target_year_label(self) -> str:
        return _year_label(self.target_year) if self.target_year is not None else ""


_year_label = lru_cache(maxsize=32)(financial_year_label)


@lru_cache(maxsize=64)
def _tolerance(value: Decimal, kind: ToleranceKind) -> Tolerance:
    return Tolerance(to_decimal(value), ToleranceKind(kind))


def tolerance_of(indicator: Rated) -> Tolerance:
    return _tolerance(indicator.tolerance, indicator.tolerance_kind)


def rate_score(indicator: Rated, value: Decimal | None, target: Decimal | None) -> Rag:
    return rate(value, target, indicator.polarity, tolerance_of(indicator), indicator.decimal_places)


def assess(
    indicator: Rated,
    latest: Reading | None,
    previous: Reading | None,
    year_ago: Reading | None,
    target: Decimal | None,
    target_year: int,
) -> Position:
    """The Position of `indicator` from its latest readings and the target that applies."""
    places, polarity = indicator.decimal_places, indicator.polarity
    # Each value is rounded once here (the list rates 1,000 PIs); rounding a rounded Decimal again is cheap.
    value = rounded(latest.value, places) if latest else None
    trend = trend_year = None
    if latest and previous:
        trend = direction(value, rounded(previous.value, places), polarity, places)
    if latest and year_ago:
        trend_year = direction(value, rounded(year_ago.value, places), polarity, places)
    return Position(
        latest=latest,
        previous=previous,
        year_ago=year_ago,
        target=target,
        target_year=target_year,
        rag=rate(value, target, polarity, tolerance_of(indicator), places),
        trend=trend,
        trend_year=trend_year,
    )


def comparison_days(period_end: date, frequency: Frequency | str) -> tuple[date, date]:
    """The period ends a score is compared with: the previous period's, and 12 months earlier."""
    return add_months(period_end, -Frequency(frequency).months), add_months(period_end, -12)
