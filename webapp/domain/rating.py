"""RAG rating and direction of travel for a performance indicator (docs/rating.md#rag-rating,
docs/rating.md#direction-of-travel).

Values are compared after rounding to the PI's decimal places, in Decimal arithmetic,
so that float noise (98 * 0.1 == 9.800000000000001) never flips a rating. Nothing here raises for a
number already stored, however large or odd: a value that is not finite is simply not rated.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, getcontext, localcontext
from typing import TypeAlias

from .words import Word

# A number as the rules take it: a Decimal, as the database keeps every score, target and tolerance
# (ExactNumberField); an int, as JSON reads a whole number; a float, as typed in a test or computed.
Number: TypeAlias = Decimal | int | float

DEFAULT_TOLERANCE_PERCENT = Decimal("10")


class Polarity(Word):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"

    @property
    def label(self) -> str:
        return "Higher is better" if self is Polarity.HIGHER_IS_BETTER else "Lower is better"


class ToleranceKind(Word):
    RELATIVE = "relative"  # a percentage of the target
    ABSOLUTE = "absolute"  # in the PI's own units

    @property
    def label(self) -> str:
        return "Percentage of the target" if self is ToleranceKind.RELATIVE else "Absolute, in the PI's units"


class Rag(Word):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_RATED = "not_rated"

    @property
    def label(self) -> str:
        return {"green": "Green", "amber": "Amber", "red": "Red", "not_rated": "Not rated"}[self.value]


class Direction(Word):
    IMPROVING = "improving"
    NO_CHANGE = "no_change"
    DETERIORATING = "deteriorating"

    @property
    def label(self) -> str:
        return {"improving": "Improving", "no_change": "No change", "deteriorating": "Deteriorating"}[self.value]


@dataclass(frozen=True)
class Tolerance:
    value: Decimal = DEFAULT_TOLERANCE_PERCENT
    kind: ToleranceKind = ToleranceKind.RELATIVE

    def band(self, target: Decimal) -> Decimal:
        """How far short of target a score may fall and still be Amber."""
        size = abs(to_decimal(self.value))
        if not size.is_finite():
            return Decimal(0)
        if ToleranceKind(self.kind) is ToleranceKind.ABSOLUTE:
            return size
        return abs(target) * size / Decimal(100)


def to_decimal(value: Number | str) -> Decimal:
    """A Decimal from an int, float, str or Decimal; floats via repr so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value))


def rounded(value: Number, places: int) -> Decimal:
    """`value` rounded to `places`, with as many digits as it needs (1e308 has 309): the default
    28 digits made quantize raise for any score above 1e27. Infinity and NaN come back as they are."""
    number = to_decimal(value)
    if not number.is_finite():
        return number
    step = _STEPS[places] if 0 <= places < len(_STEPS) else Decimal(1).scaleb(-places)
    digits = number.adjusted() + places + 2
    if digits <= getcontext().prec:  # nearly every value: no context of its own needed
        return number.quantize(step, rounding=ROUND_HALF_UP)
    with localcontext() as context:
        context.prec = digits
        return number.quantize(step, rounding=ROUND_HALF_UP)


_STEPS = tuple(Decimal(1).scaleb(-places) for places in range(10))  # 1, 0.1, 0.01, ...


def _finite(value: Number) -> bool:
    return to_decimal(value).is_finite()


def rate(
    score: Number | None, target: Number | None, polarity: Polarity, tolerance: Tolerance = Tolerance(), places: int = 0
) -> Rag:
    """Red, Amber or Green for a score against a target; Not rated when either is missing (or not finite)."""
    if score is None or target is None or not (_finite(score) and _finite(target)):
        return Rag.NOT_RATED
    v = rounded(score, places)
    t = rounded(target, places)
    band = tolerance.band(t)
    if Polarity(polarity) is Polarity.HIGHER_IS_BETTER:
        if v >= t:
            return Rag.GREEN
        return Rag.AMBER if v >= t - band else Rag.RED
    if v <= t:
        return Rag.GREEN
    return Rag.AMBER if v <= t + band else Rag.RED


def direction(latest: Number | None, previous: Number | None, polarity: Polarity, places: int = 0) -> Direction | None:
    """Improving, No change or Deteriorating; None when there is nothing to compare with."""
    if latest is None or previous is None or not (_finite(latest) and _finite(previous)):
        return None
    now, before = rounded(latest, places), rounded(previous, places)
    if now == before:
        return Direction.NO_CHANGE
    better = now > before if Polarity(polarity) is Polarity.HIGHER_IS_BETTER else now < before
    return Direction.IMPROVING if better else Direction.DETERIORATING


def needs_attention(rag: Rag, trend: Direction | None) -> bool:
    """Red, or Amber and deteriorating (the exception rule, docs/rating.md#exceptions)."""
    return rag is Rag.RED or (rag is Rag.AMBER and trend is Direction.DETERIORATING)
