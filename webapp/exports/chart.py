"""The chart that follows Section 1 of a PIP (docs/meetings-and-papers.md#a-single-plan): the PI's scores against its
target, with the Amber tolerance band shaded, and the same story in words for readers who cannot see it.

The band is computed with the RAG rules' own `Tolerance.band`, on the target rounded to the PI's
decimal places, so a score drawn inside the band is exactly a score rated Amber. Targets are set per
financial year, so each period is drawn against its own target, as a step.

It is drawn with Pillow, not a charting library (docs/quality.md: a worker's first committee papers within
60 MB): importing numpy and matplotlib, which drew it before, added 42 MB to a worker. A chart is five
things, a line with dots, a dashed step, a shaded step, a grid and a legend, so they are drawn here.
All but the scores' line and dots run straight across or down and are drawn at their own size; the
scores are drawn three times as large and reduced, for smooth edges; FreeType draws the text. The PNG
is written directly with zlib (Pillow's adaptive row filters took 10 ms a chart).
"""

from datetime import date
from typing import TYPE_CHECKING

from webapp.domain.dates import month_and_year
from webapp.domain.rating import (
    DEFAULT_TOLERANCE_PERCENT,
    Direction,
    Number,
    Polarity,
    Rag,
    Tolerance,
    ToleranceKind,
    direction,
    rate,
    rounded,
)
from webapp.domain.units import Unit, format_value

from .plain import Plain

if TYPE_CHECKING:  # Pillow itself is imported when a chart is first drawn, not with the app
    pass

from .chart_drawing import ChartPoint, draw, drawable, png

_TREND_WORDS = {
    Direction.IMPROVING: "improved",
    Direction.NO_CHANGE: "not changed",
    Direction.DETERIORATING: "deteriorated",
}


def chart_points(printed: Plain) -> list[ChartPoint]:
    """The printed plan's scores as chart points, oldest first."""
    places = printed["indicator"].get("decimal_places") or 0
    tolerance = _tolerance(printed["indicator"])
    below = Polarity(printed["plan"]["indicator"]["polarity"]) is Polarity.HIGHER_IS_BETTER
    points = []
    for score in printed["scores"]:
        target, edge = score.get("target"), None
        if drawable(target):
            rounded_target = rounded(target, places)
            band = tolerance.band(rounded_target)
            edge = float(rounded_target - band if below else rounded_target + band)
        points.append(ChartPoint(date.fromisoformat(score["period_end"]), score.get("value"), target, edge))
    return points


def chart_png(printed: Plain) -> bytes | None:
    """The chart as PNG bytes, or None when the PI has no scores to draw."""
    points = chart_points(printed)
    if not any(drawable(point.value) for point in points):
        return None
    indicator = printed["plan"]["indicator"]
    return png(draw(points, Unit(indicator["unit"])))


def chart_alt_text(printed: Plain) -> str:
    """What the chart shows, in words: the period covered, the latest score against its target with
    its RAG rating, and the trend (docs/meetings-and-papers.md#word-output: images have alt text; never colour
    alone)."""
    indicator = printed["plan"]["indicator"]
    places = printed["indicator"].get("decimal_places") or 0
    unit, polarity = Unit(indicator["unit"]), Polarity(indicator["polarity"])
    scored = [point for point in chart_points(printed) if point.value is not None]
    name = f"{indicator['code']} {indicator['name']}".strip()
    if not scored:
        return f"{name}: no scores recorded."
    first, latest = scored[0], scored[-1]

    def with_unit(value: Number | None) -> str:
        return format_value(value, unit, places)

    period = (
        f"{len(scored)} scores from {month_and_year(first.period_end)} to {month_and_year(latest.period_end)}"
        if len(scored) > 1
        else f"one score, for {month_and_year(latest.period_end)}"
    )
    words = [
        f"Line chart of {name}: {period}, drawn against the target with the Amber tolerance band "
        f"shaded. {polarity.label}."
    ]
    if latest.target is None:
        words.append(
            f"Latest score {with_unit(latest.value)} for {month_and_year(latest.period_end)}, "
            f"with no target set: not rated."
        )
    else:
        rag = rate(latest.value, latest.target, polarity, _tolerance(printed["indicator"]), places)
        words.append(
            f"Latest score {with_unit(latest.value)} for {month_and_year(latest.period_end)} against a "
            f"target of {with_unit(latest.target)}: {Rag(rag).label}."
        )
    trend = direction(latest.value, first.value, polarity, places) if len(scored) > 1 else None
    if trend is not None:  # None as well when a stored value is not a number
        words.append(
            f"Over the period the score has {_TREND_WORDS[trend]}, from {with_unit(first.value)} in "
            f"{month_and_year(first.period_end)}."
        )
    return " ".join(words)


def _tolerance(rating: Plain) -> Tolerance:
    """The PI's tolerance as the RAG rules take it (10 % of the target unless the PI says otherwise)."""
    value = rating.get("tolerance")
    return Tolerance(
        DEFAULT_TOLERANCE_PERCENT if value is None else value,
        ToleranceKind(rating.get("tolerance_kind") or ToleranceKind.RELATIVE),
    )
