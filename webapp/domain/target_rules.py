"""The rules of a target version (docs/rating.md#targets), one set for the two ways a target is set: the PI page's
target form (forms/indicators.py) and the targets import (webapp/domain/score_files.py).

Pure: plain values in, a message in the council's words (or None) out.
"""

from datetime import date
from decimal import Decimal

from .periods import financial_year, financial_year_label
from .rating import Polarity

# The financial years a target may be set for: three back (a late correction) to two ahead (a plan's next years),
# and any year that already has one (a new version of it).
YEARS_BEFORE = 3
YEARS_AFTER = 2
RATIONALE_LENGTH = 2_000
NO_RATIONALE = "Enter the rationale for the target"


def target_years(today: date) -> list[int]:
    """The financial years offered for a new target, newest first: 2028, 2027, ..., 2023 in 2026/27."""
    current = financial_year(today)
    return list(range(current + YEARS_AFTER, current - YEARS_BEFORE - 1, -1))


def year_problem(year: int, today: date, has_target: bool) -> str | None:
    """Why a target may not be set for `year`, or None: the years the form offers."""
    years = target_years(today)
    if has_target or year in years:
        return None
    first, last = financial_year_label(years[-1]), financial_year_label(years[0])
    return f"Financial year must be from {first} to {last}, or a year the PI already has a target for"


def stretch_problem(stretch: Decimal, value: Decimal, polarity: Polarity) -> str | None:
    """Why `stretch` is not a stretch target for `value`, or None: it must be beyond the target on the better side."""
    higher = Polarity(polarity) is Polarity.HIGHER_IS_BETTER
    if (stretch <= value) if higher else (stretch >= value):
        side = "higher" if higher else "lower"
        return f"Stretch target must be {side} than the target, as {side} is better"
    return None
