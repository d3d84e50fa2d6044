"""The PI page's trend (docs/rating.md#the-trend-on-a-pis-page): the Word chart's picture drawn again as inline
SVG, from the same points by the same rules (webapp/exports/chart.py `chart_points`: each period against its
own financial year's target, the Amber band from the RAG rules' `Tolerance.band` on the rounded target),
with the same words for those who cannot see it (`chart_alt_text`) as its <title> and <desc>.

Pure and without JavaScript: a string of SVG made from a printed plan's plain data (only its "plan" →
"indicator" code, name, unit and polarity, its "indicator" decimal places and tolerance, and its "scores"
are read). Every piece of text is escaped. It scales with its box (a viewBox, no fixed size), so its
text grows with the page's at 200% zoom; the colours are GOV.UK's: blue scores, black dashed target,
yellow band.
"""

import math
from collections.abc import Callable, Sequence
from html import escape

from webapp.domain.rating import Number
from webapp.domain.units import Unit

from .chart import chart_alt_text, chart_points
from .chart_drawing import ChartPoint, _month_ticks, _runs, _y_axis, axis_title, drawable
from .plain import Plain

WIDTH, HEIGHT = 720, 330
TOP, BOTTOM, RIGHT = 56, 290, 708  # the plot area's edges, in the viewBox's units; its left edge fits the labels
TEXT_SIZE = 15
CHARACTER_WIDTH = 0.58 * TEXT_SIZE  # a generous average, for fitting the y axis's labels
SCORE_COLOUR, TARGET_COLOUR, BAND_COLOUR = "#1d70b8", "#0b0c0c", "#ffdd00"  # GOV.UK blue, black and yellow
GRID_COLOUR, TEXT_COLOUR = "#b1b4b6", "#0b0c0c"
BAND_FILL = f'fill="{BAND_COLOUR}" fill-opacity="0.45"'  # on white: a light yellow, as the Word chart's band
LEGEND = ("Score", "Target", "Amber: short of target but within tolerance")


def chart_svg(printed: Plain, table_id: str, svg_id: str = "trend") -> str | None:
    """The chart as an <svg> element, or None when there is no score to draw. `table_id` is the id of the
    table that holds the same scores, which the description names."""
    points = chart_points(printed)
    values = [_number(point.value) for point in points]
    if all(math.isnan(value) for value in values):
        return None
    indicator = printed["plan"]["indicator"]
    name = f"{indicator['code']} {indicator['name']}".strip()
    targets = [_number(point.target) for point in points]
    edges = [_number(point.amber_edge) for point in points]
    low, high, ticks = _y_axis(values + targets + edges, Unit(indicator["unit"]))
    # Room for the tick labels and, left of them, the axis's title written up the axis.
    left = round(max(70.0, max(len(label) for _, label in ticks) * CHARACTER_WIDTH + 16) + TEXT_SIZE + 8)
    count = len(points)

    def x(index: float) -> float:  # periods are columns one unit wide, with a margin each side, as in Word
        return left + (index + 0.6) / (count + 0.2) * (RIGHT - left)

    def y(value: float) -> float:
        return BOTTOM - (value - low) / (high - low) * (BOTTOM - TOP)

    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{_attribute(svg_id)}" class="app-chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{_attribute(title_id)}" '
        f'aria-describedby="{_attribute(desc_id)}" focusable="false" '
        f'font-family="arial, sans-serif" font-size="{TEXT_SIZE}">',
        f'<title id="{_attribute(title_id)}">{_text("Chart of " + name + ": scores against target")}</title>',
        f'<desc id="{_attribute(desc_id)}">{_text(chart_alt_text(printed))} '
        f"{_text('The same scores, with their targets and ratings, are in the score history table.')}</desc>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        _legend(),
    ]
    for value, _ in ticks:
        parts.append(_line(left, y(value), RIGHT, y(value), GRID_COLOUR, 1))
    parts += _band(targets, edges, x, y)
    parts += _target(targets, x, y)
    parts.append(f'<path d="M{left} {TOP}V{BOTTOM}H{RIGHT}" fill="none" stroke="{TARGET_COLOUR}" stroke-width="1.5"/>')
    for value, label in ticks:
        parts.append(_line(left - 5, y(value), left, y(value), TARGET_COLOUR, 1.5))
        parts.append(_words_at(left - 9, y(value), label, ' text-anchor="end" dominant-baseline="middle"'))
    middle = (TOP + BOTTOM) / 2
    parts.append(
        f'<text x="{_n(TEXT_SIZE)}" y="{_n(middle)}" transform="rotate(-90 {_n(TEXT_SIZE)} {_n(middle)})" '
        f'text-anchor="middle" fill="{TEXT_COLOUR}">{_text(axis_title(Unit(indicator["unit"])))}</text>'
    )
    for index, label in _month_ticks(points):
        parts.append(_line(x(index), BOTTOM, x(index), BOTTOM + 5, TARGET_COLOUR, 1.5))
        parts.append(_words_at(x(index), BOTTOM + 22, label, ' text-anchor="middle"'))
    parts += _scores(points, values, x, y)
    parts.append("</svg>")
    return "".join(parts)


def _band(
    targets: list[float], edges: list[float], x: Callable[[float], float], y: Callable[[float], float]
) -> list[str]:
    """Each period's Amber band, from its target to the band's far edge."""
    shapes = []
    for index, (target, edge) in enumerate(zip(targets, edges)):
        if math.isnan(target) or math.isnan(edge):
            continue
        top, bottom = min(y(target), y(edge)), max(y(target), y(edge))
        shapes.append(
            f'<rect x="{_n(x(index - 0.5))}" y="{_n(top)}" width="{_n(x(index + 0.5) - x(index - 0.5))}" '
            f'height="{_n(max(bottom - top, 0.0))}" {BAND_FILL}/>'
        )
    return shapes


def _target(targets: list[float], x: Callable[[float], float], y: Callable[[float], float]) -> list[str]:
    """The target as a dashed step: flat across each period, stepping where a new year's target starts."""
    paths = []
    for run in _runs(targets):
        corners = [(x(index + side), y(targets[index])) for index in run for side in (-0.5, 0.5)]
        paths.append(
            f'<path d="{_path(corners)}" fill="none" stroke="{TARGET_COLOUR}" stroke-width="2.5" '
            'stroke-dasharray="9 4"/>'
        )
    return paths


def _scores(
    points: Sequence[ChartPoint], values: list[float], x: Callable[[float], float], y: Callable[[float], float]
) -> list[str]:
    """The scores as a line through a dot on each, broken where a period has none."""
    shapes = []
    for run in _runs(values):
        corners = [(x(index), y(values[index])) for index in run]
        if len(corners) > 1:
            shapes.append(
                f'<path d="{_path(corners)}" fill="none" stroke="{SCORE_COLOUR}" stroke-width="3" '
                'stroke-linejoin="round"/>'
            )
        shapes += [f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="4.5" fill="{SCORE_COLOUR}"/>' for cx, cy in corners]
    return shapes


def _legend() -> str:
    """The key along the top, as in the Word chart: the scores' line and dot, the target's dashes, the band."""
    parts = []
    start = 12.0
    middle = 22
    for number, words in enumerate(LEGEND):
        end = start + 30
        if number == 0:
            parts.append(_line(start, middle, end, middle, SCORE_COLOUR, 3))
            parts.append(f'<circle cx="{_n((start + end) / 2)}" cy="{middle}" r="4.5" fill="{SCORE_COLOUR}"/>')
        elif number == 1:
            parts.append(_line(start, middle, end, middle, TARGET_COLOUR, 2.5, dashed=True))
        else:
            parts.append(f'<rect x="{_n(start)}" y="{middle - 7}" width="30" height="14" {BAND_FILL}/>')
        parts.append(_words_at(end + 8, middle, words, ' dominant-baseline="middle"'))
        start = end + 8 + len(words) * CHARACTER_WIDTH + 20
    return '<g aria-hidden="true">' + "".join(parts) + "</g>"


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float, dashed: bool = False) -> str:
    dashes = ' stroke-dasharray="9 4"' if dashed else ""
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
        f'stroke-width="{width}"{dashes}/>'
    )


def _words_at(x: float, y: float, words: str, placing: str) -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}"{placing} fill="{TEXT_COLOUR}">{_text(words)}</text>'


def _path(corners: Sequence[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{_n(cx)} {_n(cy)}" for cx, cy in corners)


def _n(value: float) -> str:
    """A coordinate, to a tenth of a unit."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _number(value: Number | None) -> float:
    return float(value) if drawable(value) else math.nan


_CONTROLS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # not allowed in XML


def _text(words: str) -> str:
    return escape(words.translate(_CONTROLS), quote=False)


def _attribute(words: str) -> str:
    return escape(words.translate(_CONTROLS), quote=True)
