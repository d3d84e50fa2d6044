"""Drawing the chart of a PIP with Pillow (webapp/exports/chart.py says what it shows and why it is drawn
by hand): the grid and axes, the y axis titled with the PI's unit, the targets as a dashed step over the
shaded Amber band, the scores as a line with dots drawn three times as large and reduced, the legend, and
the PNG written directly with zlib. The background is transparent, so nothing of the chart's is drawn over
what is above or below it on the page (the Section 1 table's bottom border)."""

import math
import struct
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, TypeGuard

from webapp.domain.dates import short_month_and_year
from webapp.domain.rating import (
    Number,
)
from webapp.domain.units import LARGEST, Unit, format_value

if TYPE_CHECKING:  # Pillow itself is imported when a chart is first drawn, not with the app
    from PIL import Image as PILImage
    from PIL import ImageDraw as PILDraw
    from PIL import ImageFont as PILFont


WIDTH_CM, HEIGHT_CM, DPI = 16.0, 7.0, 130
SCORE_COLOUR, TARGET_COLOUR, AMBER_COLOUR = "#1d70b8", "#0b0c0c", "#ffd27f"


@dataclass(frozen=True)
class ChartPoint:
    """One period on the chart: its score and target, and the Amber zone's far edge (target ∓ band)."""

    period_end: date
    value: Decimal | int | None  # as the PI's score is kept; a whole number once read back from JSON is an int
    target: Decimal | int | None
    amber_edge: float | None


# An (x, y) position on the chart, in pixels.
Point = tuple[float, float]


# Chart text prints at 10 pt, clear of the 9 pt least, and the chart prints at its own size
# (docs/meetings-and-papers.md#the-chart).
TEXT_POINTS = 10
CLEAR = (255, 255, 255, 0)  # the background: transparent
# The y axis's title, naming what is measured and its unit.
AXIS_TITLES = {
    Unit.PERCENT: "Score (%)",
    Unit.NUMBER: "Score (number)",
    Unit.DAYS: "Score (days)",
    Unit.CURRENCY: "Score (£)",
    Unit.RATIO: "Score (ratio)",
}
GRID_COLOUR, AXIS_COLOUR = "#d8d8d8", "#0b0c0c"
LEGEND = ("Score", "Target", "Amber: short of target but within tolerance")
SCALE = 3  # the scores are drawn three times as large, then reduced: their edges come out smooth
# Where the plot area sits, as fractions of the chart's width and height: its left edge moves right
# when the y axis's labels need more room (£1,000,000,000,000).
LEFT, RIGHT, TOP, BOTTOM = 0.12, 0.98, 0.15, 0.86
_FONT_FILES = ("Arial.ttf", "arial.ttf", "LiberationSans-Regular.ttf", "DejaVuSans.ttf")


def _pixels(points: float) -> float:
    """A length in points (1/72 inch) in the chart's pixels."""
    return points * DPI / 72


def _chart_size() -> tuple[int, int]:
    """The chart's width and height in pixels: 16 x 7 cm at DPI dots an inch."""
    return int(WIDTH_CM / 2.54 * DPI), int(HEIGHT_CM / 2.54 * DPI)


@lru_cache(maxsize=1)
def _font_file() -> str | None:
    """Arial as in the document, or its metric twin Liberation Sans, or DejaVu Sans; None for Pillow's own.
    Pillow looks for a bare file name among the system's fonts."""
    from PIL import ImageFont

    for name in _FONT_FILES:
        try:
            ImageFont.truetype(name, 10)
        except OSError:
            continue
        return name
    return None


_local = threading.local()


def _font() -> "PILFont.FreeTypeFont | PILFont.ImageFont":
    """This thread's font: a FreeType face is not safe to share between threads (nor, so, is a legend
    drawn with it)."""
    font: PILFont.FreeTypeFont | PILFont.ImageFont | None = getattr(_local, "font", None)
    if font is None:
        from PIL import ImageFont

        size = _pixels(TEXT_POINTS)
        name = _font_file()
        font = _local.font = ImageFont.truetype(name, size) if name else ImageFont.load_default(size)
    return font


def axis_title(unit: Unit) -> str:
    """The y axis's title: "Score (%)", "Score (days)"."""
    return AXIS_TITLES[Unit(unit)]


def draw(points: Sequence[ChartPoint], unit: Unit) -> "PILImage.Image":
    """The chart as an RGBA Pillow image on a transparent background."""
    from PIL import Image, ImageDraw

    width, height = _chart_size()
    font = _font()
    values = [_number(point.value) for point in points]
    targets = [_number(point.target) for point in points]
    edges = [_number(point.amber_edge) for point in points]
    low, high, ticks = _y_axis(values + targets + edges, unit)
    tick_length, gap = _pixels(3), _pixels(3.5)
    title = _axis_title_image(axis_title(unit))
    labels_width = max(font.getlength(label) for _, label in ticks) + tick_length + gap
    left = round(max(LEFT * width, labels_width + title.width + 2 * gap))
    right, top, bottom = round(RIGHT * width), round(TOP * height), round(BOTTOM * height)
    count = len(points)

    def x(index: float) -> float:  # periods are columns one unit wide, centred on their index, with a margin each side
        return left + (index + 0.6) / (count + 0.2) * (right - left)

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    # What runs straight across or down is drawn at its own size: the grid, the band, the target's
    # steps and the axes. Only the scores' line and dots slant and curve, so only they are drawn large
    # (as a mask, then reduced, for smooth edges) and painted on over the rest.
    chart = Image.new("RGBA", (width, height), CLEAR)
    chart.alpha_composite(_legend(), (0, 0))
    chart.alpha_composite(title, (round(gap), round((top + bottom - title.height) / 2)))
    pen = ImageDraw.Draw(chart)
    for value, _ in ticks:
        pen.line([(left, round(y(value))), (right, round(y(value)))], fill=GRID_COLOUR, width=1)
    _draw_targets(pen, targets, edges, x, y)
    axis_width = round(_pixels(0.8))
    pen.line([(left, top), (left, bottom), (right, bottom)], fill=AXIS_COLOUR, width=axis_width)
    months = _month_ticks(points)
    for value, _ in ticks:
        pen.line([(left - tick_length, round(y(value))), (left, round(y(value)))], fill=AXIS_COLOUR, width=axis_width)
    for index, _ in months:
        pen.line(
            [(round(x(index)), bottom), (round(x(index)), bottom + tick_length)], fill=AXIS_COLOUR, width=axis_width
        )
    for value, label in ticks:
        pen.text((left - tick_length - gap, y(value)), label, font=font, fill=AXIS_COLOUR, anchor="rm")
    for index, label in months:
        pen.text((x(index), bottom + tick_length + gap), label, font=font, fill=AXIS_COLOUR, anchor="mt")

    _paint_scores(chart, (left, top, right, bottom), [[(x(i), y(values[i])) for i in run] for run in _runs(values)])
    return chart


def _draw_targets(
    pen: "PILDraw.ImageDraw",
    targets: list[float],
    edges: list[float],
    x: Callable[[float], float],
    y: Callable[[float], float],
) -> None:
    """The Amber band from each period's target to its far edge, then the target as a dashed step."""
    for index, (target, edge) in enumerate(zip(targets, edges)):
        if not (math.isnan(target) or math.isnan(edge)):
            pen.rectangle(
                [
                    round(x(index - 0.5)),
                    round(min(y(edge), y(target))),
                    round(x(index + 0.5)) - 1,
                    round(max(y(edge), y(target))),
                ],
                fill=AMBER_COLOUR,
            )
    target_width = round(_pixels(1.2))
    for run in _runs(targets):
        _dashed(
            pen,
            [(round(x(i + side)), round(y(targets[i]))) for i in run for side in (-0.5, 0.5)],
            TARGET_COLOUR,
            target_width,
        )


def _paint_scores(
    chart: "PILImage.Image", box: tuple[int, int, int, int], lines: list[list[Point]], dots: list[Point] | None = None
) -> None:
    """Paints the scores within `box` of the chart, a line 1.6 pt wide through them and a dot on each:
    drawn SCALE times as large on a mask, which is then reduced, so their edges come out smooth."""
    from PIL import Image, ImageDraw

    margin = math.ceil(_pixels(3))  # room for a dot on the box's edge
    left, top, right, bottom = box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin
    mask = Image.new("L", (SCALE * (right - left), SCALE * (bottom - top)), 0)
    pen = ImageDraw.Draw(mask)
    line = SCALE * _pixels(1)
    radius = 2.25 * line  # a dot 3.5 pt across with an edge 1 pt wide, as the chart had before

    def large(point: Point) -> Point:
        return SCALE * (point[0] - left), SCALE * (point[1] - top)

    for points in lines:
        if len(points) > 1:
            pen.line([large(point) for point in points], fill=255, width=round(1.6 * line), joint="curve")
        for point in points if dots is None else dots:
            centre_x, centre_y = large(point)
            pen.ellipse([centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius], fill=255)
    ImageDraw.Draw(chart).bitmap((left, top), mask.reduce(SCALE), fill=SCORE_COLOUR)


def _axis_title_image(words: str) -> "PILImage.Image":
    """The y axis's title, written up the axis (turned a quarter to the left)."""
    from PIL import Image, ImageDraw

    font = _font()
    left, top, right, bottom = font.getbbox(words)
    strip = Image.new("RGBA", (round(right) + 2, round(bottom) + 2), CLEAR)
    ImageDraw.Draw(strip).text((1, 1), words, font=font, fill=AXIS_COLOUR)
    return strip.rotate(90, expand=True)


def _legend() -> "PILImage.Image":
    """The strip along the top naming the score's line and dot, the target's dashes and the Amber band:
    the same on every chart, so each thread draws it once."""
    legend: PILImage.Image | None = getattr(_local, "legend", None)
    if legend is not None:
        return legend
    from PIL import Image, ImageDraw

    width, height = _chart_size()
    size, font = _pixels(TEXT_POINTS), _font()
    legend = Image.new("RGBA", (width, round(TOP * height) - 2), CLEAR)
    pen = ImageDraw.Draw(legend)
    middle, sample, space = round(0.055 * height), 2 * size, 1.6 * size
    start = 0.02 * width
    for number, words in enumerate(LEGEND):
        end = start + sample
        if number == 0:
            _paint_scores(
                legend,
                (round(start), middle, round(end), middle),
                [[(start, middle), (end, middle)]],
                dots=[((start + end) / 2, middle)],
            )
        elif number == 1:
            _dashed(pen, [(round(start), middle), (round(end), middle)], TARGET_COLOUR, round(_pixels(1.2)))
        else:
            pen.rectangle(
                [round(start), round(middle - 0.35 * size), round(end), round(middle + 0.35 * size)], fill=AMBER_COLOUR
            )
        pen.text((end + 0.8 * size, middle), words, font=font, fill=AXIS_COLOUR, anchor="lm")
        start = end + 0.8 * size + font.getlength(words) + space
    _local.legend = legend
    return legend


def _dashed(pen: "PILDraw.ImageDraw", xy: Sequence[Point], colour: str, width: int) -> None:
    """A dashed line along the points, its pattern carrying on round corners: 3.7 line widths on, 1.6
    off (matplotlib's "--", which drew the target before)."""
    on, off = 3.7 * width, 1.6 * width
    drawing, left = True, on  # what the pen is doing, and for how much further
    for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
        length, done = math.hypot(x1 - x0, y1 - y0), 0.0
        while done < length:
            step = min(left, length - done)
            if drawing:
                a, b = done / length, (done + step) / length
                pen.line(
                    [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
                    fill=colour,
                    width=width,
                )
            done += step
            left -= step
            if left <= 1e-9:
                drawing = not drawing
                left = on if drawing else off


def _runs(numbers: list[float]) -> list[list[int]]:
    """The indexes of each unbroken run of numbers (NaN breaks a line, as a missing value does)."""
    runs: list[list[int]] = []
    run: list[int] = []
    for index, number in enumerate(numbers):
        if math.isnan(number):
            if run:
                runs.append(run)
            run = []
        else:
            run.append(index)
    return runs + ([run] if run else [])


def _month_ticks(points: Sequence[ChartPoint]) -> list[tuple[int, str]]:
    """At most five months along the bottom, such as "Sep 26", counted back from the latest so it is
    always labelled: [(index, label)]."""
    step = max(1, math.ceil(len(points) / 5))
    return [(index, short_month_and_year(points[index].period_end)) for index in range(len(points) - 1, -1, -step)][
        ::-1
    ]


def _y_axis(numbers: list[float], unit: Unit) -> tuple[float, float, list[tuple[float, str]]]:
    """The y axis's range, padded so nothing sits on its edges, and four to eight round-numbered ticks
    within it (as matplotlib's MaxNLocator would place them), each labelled with the unit:
    (low, high, [(value, label)])."""
    drawn = [number for number in numbers if not math.isnan(number)]
    low, high = min(drawn), max(drawn)
    padding = (high - low) * 0.08 or max(abs(high) * 0.05, 1.0)
    low, high = low - padding, high + padding
    ticks = _round_ticks(low, high)
    places = next((p for p in range(6) if all(abs(round(tick, p) - tick) < 1e-9 for tick in ticks)), 6)
    return low, high, [(tick, format_value(tick, unit, places)) for tick in ticks]


def _round_ticks(low: float, high: float, most: int = 7) -> list[float]:
    """Ticks a whole number of steps of 1, 2, 2.5 or 5 (times a power of ten) apart, the smallest such step
    with at most `most` steps between `low` and `high`: 90%, 92.5%, 95%. The next smaller step would give
    more than `most`, so there are seldom fewer than four."""
    rough = (high - low) / most
    power = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * power
        if math.floor(high / step) - math.ceil(low / step) <= most:
            break
    return [float(f"{n * step:.12g}") for n in range(math.ceil(low / step), math.floor(high / step) + 1)]


def drawable(value: Number | None) -> TypeGuard[Number]:
    """A value the chart can draw: one the door lets in (finite, within the cap of webapp/domain/units.py).
    A value stored before the door was shut (1e308, infinity) is left off rather than break the chart:
    the axis of 1e308 was infinite."""
    return value is not None and math.isfinite(value) and -LARGEST <= value <= LARGEST


def _number(value: Number | None) -> float:
    return float(value) if drawable(value) else math.nan


def png(image: "PILImage.Image") -> bytes:
    """A PNG of an RGBA image: rows unfiltered and quickly zlib-compressed. Charts are mostly flat
    colour, so this is as small as Pillow's PNG and several times quicker to make."""
    width, height = image.size
    pixels, row = image.tobytes(), width * 4
    rows = b"".join(b"\0" + pixels[start : start + row] for start in range(0, len(pixels), row))  # filter 0: none

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")
