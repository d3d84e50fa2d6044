"""Units of measure, PI levels, the values a council records in each unit, and how a value is
written with its unit."""

from decimal import Decimal, localcontext
from typing import TypeAlias, cast

from .rating import Number, rounded, to_decimal
from .words import Word


class Unit(Word):
    PERCENT = "percent"
    NUMBER = "number"
    DAYS = "days"
    CURRENCY = "currency"
    RATIO = "ratio"

    @property
    def label(self) -> str:
        return {
            "percent": "Percent (%)",
            "number": "Number",
            "days": "Days",
            "currency": "Currency (£)",
            "ratio": "Ratio",
        }[self.value]


# No figure a council records reaches a trillion, in any unit: the cap on every number typed or imported.
LARGEST = 1_000_000_000_000

# The values a council records in each unit (docs/rating.md#indicators): wide enough for any real PI, narrow enough that
# a slip of the keyboard (a score of 1e28 once broke the plan page) is refused at the door.
# The lowest or highest value allowed: whole numbers, but for the pence of the largest amount.
Bound: TypeAlias = int | Decimal

UNIT_RANGES: dict[str, tuple[Bound, Bound]] = {
    "percent": (-10_000, 10_000),  # a rate (0-100), or a change of up to a hundredfold either way
    "number": (-LARGEST, LARGEST),  # counts, tonnes, visits: a net change may be negative
    "days": (-36_525, 36_525),  # a century either way (days early or late may be negative)
    "currency": (-LARGEST, LARGEST),  # a PI in pounds may be a shortfall or an overspend
    "ratio": (-1_000_000, 1_000_000),
}
# Decimal places a value may have: PIs show at most 4, and the columns keep 6 (README, "Exact numbers").
MAX_DECIMAL_PLACES = 6
# A sum of money asked for (a solution's funding): never negative; what the column's 14 digits hold.
AMOUNT_RANGE: tuple[Bound, Bound] = (0, Decimal("999999999999.99"))


def amount_problem(amount: Decimal) -> str | None:
    """What is wrong with a sum of money, in words that follow its name; None when it is one."""
    if amount < AMOUNT_RANGE[0]:
        return "cannot be negative"
    if amount > AMOUNT_RANGE[1]:
        return f"must be less than £{LARGEST:,}"
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return "must be in pounds and pence, for example 18,000 or 18,000.50"
    return None


def value_range(unit: Unit | str | None = None) -> tuple[Bound, Bound]:
    """(lowest, highest) a value in `unit` may be; the general cap when the unit is not known."""
    if unit is None:
        return -LARGEST, LARGEST
    return UNIT_RANGES[Unit(unit).value]


def decimal_places(number: Decimal) -> int:
    """How many decimal places a finite number as written has, trailing zeros apart ("1.50" has 1)."""
    _, digits, exponent = number.as_tuple()
    exponent = cast(int, exponent)  # a finite number's: only infinity and NaN have a letter here
    if not any(digits):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros))


_BEYOND_ANY_VALUE = 40  # powers of ten: past 10^40 or below 10^-40, no value a council records


def exact_number(value: Number | str) -> Decimal:
    """A score, target, tolerance or benchmark as the Decimal the app carries (README, "Exact numbers"):
    from a Decimal, an int, text, or a float (by its shortest repr, so 0.1 stays 0.1), with every digit
    it has and no trailing zeros or exponent, so that it writes as people write it: 91.200000 from
    PostgreSQL is 91.2, Decimal('1E+1') is 10, -0 is 0. Infinity and NaN are refused (ValueError)."""
    number = to_decimal(value.strip() if isinstance(value, str) else value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    if number.is_zero():
        return Decimal(0)
    if abs(number.adjusted()) > _BEYOND_ANY_VALUE:
        return number  # 1e999999999 from a hostile form: left as it is, for the range check to refuse
    with localcontext() as context:  # normalize() rounds to the context's precision: keep every digit
        context.prec = max(context.prec, len(number.as_tuple().digits))
        number = number.normalize()
    # normalize() writes 1000 as 1E+3; an int gives it back its zeros, exactly.
    return Decimal(int(number)) if cast(int, number.as_tuple().exponent) > 0 else number


def plain_number(value: Number | str) -> str:
    """A number with every digit it has and nothing more, never in exponent notation: 91.2, 10,
    999999999999.999999. How a form shows it back, JSON writes it and SQLite keeps it."""
    return format(exact_number(value), "f")


def range_text(lowest: Bound, highest: Bound) -> str:
    """ "between -10,000 and 10,000", as an error message says it."""
    return f"between {lowest:,} and {highest:,}"


class Level(Word):
    CORPORATE = "corporate"
    SERVICE = "service"

    @property
    def label(self) -> str:
        return "Corporate KPI" if self is Level.CORPORATE else "Service PI"


def format_number(value: Number | None, places: int = 0) -> str:
    """A number rounded to `places`, with thousands separators: 12,345.6. What rounds to nought is written
    without a sign: -0.04 to one place is 0.0, as the direction of travel counts it, never -0.0."""
    if value is None:
        return ""
    number = rounded(value, places)
    return f"{abs(number) if number == 0 else number:,}"


def format_value(value: Number | None, unit: Unit | str, places: int = 0) -> str:
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
