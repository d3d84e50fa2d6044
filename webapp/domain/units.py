"""Units of measure, PI levels, the values a council records in each unit, and how a value is
written with its unit."""
from decimal import Decimal

from .words import Word

from .rating import rounded


class Unit(Word):
    PERCENT = "percent"
    NUMBER = "number"
    DAYS = "days"
    CURRENCY = "currency"
    RATIO = "ratio"

    @property
    def label(self):
        return {"percent": "Percent (%)", "number": "Number", "days": "Days",
                "currency": "Currency (£)", "ratio": "Ratio"}[self.value]


# No figure a council records reaches a trillion, in any unit: the cap on every number typed or imported.
LARGEST = 1_000_000_000_000

# The values a council records in each unit (PRODUCT §2): wide enough for any real PI, narrow enough that
# a slip of the keyboard (a score of 1e28 once broke the plan page) is refused at the door.
UNIT_RANGES = {
    "percent": (-10_000, 10_000),  # a rate (0-100), or a change of up to a hundredfold either way
    "number": (-LARGEST, LARGEST),  # counts, tonnes, visits: a net change may be negative
    "days": (-36_525, 36_525),  # a century either way (days early or late may be negative)
    "currency": (-LARGEST, LARGEST),  # a PI in pounds may be a shortfall or an overspend
    "ratio": (-1_000_000, 1_000_000),
}
# Decimal places a value may have: PIs show at most 4, and PostgreSQL's `real` column cannot hold a number
# as small as 1e-300 at all.
MAX_DECIMAL_PLACES = 6
# A sum of money asked for (a solution's funding): never negative; what the column's 14 digits hold.
AMOUNT_RANGE = (0, Decimal("999999999999.99"))


def value_range(unit=None):
    """(lowest, highest) a value in `unit` may be; the general cap when the unit is not known."""
    if unit is None:
        return -LARGEST, LARGEST
    return UNIT_RANGES[Unit(unit).value]


def decimal_places(number: Decimal) -> int:
    """How many decimal places a finite number as written has, trailing zeros apart ("1.50" has 1)."""
    _, digits, exponent = number.as_tuple()
    if not any(digits):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros))


def range_text(lowest, highest):
    """"between -10,000 and 10,000", as an error message says it."""
    return f"between {lowest:,} and {highest:,}"


class Level(Word):
    CORPORATE = "corporate"
    SERVICE = "service"

    @property
    def label(self):
        return "Corporate KPI" if self is Level.CORPORATE else "Service PI"


def format_number(value, places: int = 0) -> str:
    """A number rounded to `places`, with thousands separators: 12,345.6"""
    if value is None:
        return ""
    return f"{rounded(value, places):,}"


def format_value(value, unit: Unit, places: int = 0) -> str:
    """A value with its unit, as a committee paper writes it: 91.2%, £18,000.00, 12.5 days."""
    if value is None:
        return ""
    number = format_number(value, places)
    unit = Unit(unit)
    if unit is Unit.PERCENT:
        return f"{number}%"
    if unit is Unit.CURRENCY:
        return f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
    if unit is Unit.DAYS:
        return f"{number} day" if number == "1" else f"{number} days"
    return number
