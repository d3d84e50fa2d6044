"""The chart that follows Section 1 of a PIP (PRODUCT §6.1): the PI's scores against its target, with
the Amber tolerance band shaded, and the same story in words for readers who cannot see it.

The band is computed with the RAG rules' own `Tolerance.band`, on the target rounded to the PI's
decimal places, so a score drawn inside the band is exactly a score rated Amber. Targets are set per
financial year, so each period is drawn against its own target, as a step.

Speed (PRODUCT §9: committee papers with 30 PIPs in 1.5 s): a fresh matplotlib figure cost ~60 ms a
chart, mostly creating ticks and laying out text. So each thread keeps one figure and redraws only
what changes: the legend and the months along the bottom are kept as a bitmap while they stay the
same, there are few ticks and no minor ones, and the PNG is written directly with zlib (Pillow's
adaptive row filters took 10 ms a chart). A chart now takes about 12 ms, or 19 ms when its months
differ from the chart before (bench/word_export.py, on 2 cores).
"""
import math
import os
import struct
import tempfile
import threading
import zlib
from dataclasses import dataclass
from datetime import date

from webapp.domain.rating import (DEFAULT_TOLERANCE_PERCENT, Direction, Polarity, Rag, Tolerance, ToleranceKind,
                                  direction, rate, rounded)
from webapp.domain.units import LARGEST, Unit, format_value

WIDTH_CM, HEIGHT_CM, DPI = 16.0, 7.0, 130
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_TREND_WORDS = {Direction.IMPROVING: "improved", Direction.NO_CHANGE: "not changed",
                Direction.DETERIORATING: "deteriorated"}
SCORE_COLOUR, TARGET_COLOUR, AMBER_COLOUR = "#1d70b8", "#0b0c0c", "#ffd27f"


@dataclass(frozen=True)
class ChartPoint:
    """One period on the chart: its score and target, and the Amber zone's far edge (target ∓ band)."""
    period_end: date
    value: float | None
    target: float | None
    amber_edge: float | None


def chart_points(snapshot):
    """The PIP snapshot's scores as chart points, oldest first."""
    places = snapshot["indicator"].get("decimal_places") or 0
    tolerance = _tolerance(snapshot["indicator"])
    below = Polarity(snapshot["plan"]["indicator"]["polarity"]) is Polarity.HIGHER_IS_BETTER
    points = []
    for score in snapshot["scores"]:
        target, edge = score.get("target"), None
        if _drawable(target):
            rounded_target = rounded(target, places)
            band = tolerance.band(rounded_target)
            edge = float(rounded_target - band if below else rounded_target + band)
        points.append(ChartPoint(date.fromisoformat(score["period_end"]), score.get("value"), target, edge))
    return points


def chart_png(snapshot):
    """The chart as PNG bytes, or None when the PI has no scores to draw."""
    points = chart_points(snapshot)
    if not any(_drawable(point.value) for point in points):
        return None
    indicator = snapshot["plan"]["indicator"]
    return _painter().draw(points, Unit(indicator["unit"]))


def chart_alt_text(snapshot):
    """What the chart shows, in words: the period covered, the latest score against its target with
    its RAG rating, and the trend (PRODUCT §6: images have alt text; never colour alone)."""
    indicator = snapshot["plan"]["indicator"]
    places = snapshot["indicator"].get("decimal_places") or 0
    unit, polarity = Unit(indicator["unit"]), Polarity(indicator["polarity"])
    scored = [point for point in chart_points(snapshot) if point.value is not None]
    name = f"{indicator['code']} {indicator['name']}".strip()
    if not scored:
        return f"{name}: no scores recorded."
    first, latest = scored[0], scored[-1]

    def with_unit(value):
        return format_value(value, unit, places)

    period = (f"{len(scored)} scores from {_month_year(first.period_end)} to {_month_year(latest.period_end)}"
              if len(scored) > 1 else f"one score, for {_month_year(latest.period_end)}")
    words = [f"Line chart of {name}: {period}, drawn against the target with the Amber tolerance band "
             f"shaded. {polarity.label}."]
    if latest.target is None:
        words.append(f"Latest score {with_unit(latest.value)} for {_month_year(latest.period_end)}, "
                     f"with no target set: not rated.")
    else:
        rag = rate(latest.value, latest.target, polarity, _tolerance(snapshot["indicator"]), places)
        words.append(f"Latest score {with_unit(latest.value)} for {_month_year(latest.period_end)} against a "
                     f"target of {with_unit(latest.target)}: {Rag(rag).label}.")
    trend = direction(latest.value, first.value, polarity, places) if len(scored) > 1 else None
    if trend is not None:  # None as well when a stored value is not a number
        words.append(f"Over the period the score has {_TREND_WORDS[trend]}, from {with_unit(first.value)} in "
                     f"{_month_year(first.period_end)}.")
    return " ".join(words)


def _tolerance(rating):
    """The PI's tolerance as the RAG rules take it (10 % of the target unless the PI says otherwise)."""
    value = rating.get("tolerance")
    return Tolerance(DEFAULT_TOLERANCE_PERCENT if value is None else value,
                     ToleranceKind(rating.get("tolerance_kind") or ToleranceKind.RELATIVE))


def _month_year(day):
    return f"{_MONTH_NAMES[day.month - 1]} {day.year}"


# ---------------------------------------------------------------- drawing

_local = threading.local()


def _painter():
    """This thread's painter: a matplotlib figure is not safe to share between threads."""
    painter = getattr(_local, "painter", None)
    if painter is None:
        painter = _local.painter = _ScorePainter()
    return painter


def _give_matplotlib_a_writable_config_dir():
    """Matplotlib keeps its font cache under the user's home. A service account may have no home it can
    write to, and matplotlib would then complain at every start; give it a private temporary folder."""
    if "MPLCONFIGDIR" in os.environ:
        return
    for variable, fallback in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache")):
        folder = os.path.join(os.environ.get(variable) or os.path.join(os.path.expanduser("~"), fallback),
                              "matplotlib")
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            break
        if not os.access(folder, os.W_OK):
            break
    else:
        return
    os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="matplotlib-")


def _font_family():
    """Arial as in the document, or its metric twin Liberation Sans, or matplotlib's own font."""
    from matplotlib.font_manager import FontProperties, findfont

    for family in ("Arial", "Liberation Sans"):
        try:
            findfont(FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return family
    return "DejaVu Sans"


class _ScorePainter:
    """One figure, redrawn for each chart. What does not change from one PI to the next is kept as
    bitmaps: the legend, drawn once, and the months along the bottom, shared by PIs reported for the
    same periods. Each chart restores them and draws only the y axis, the band and the lines."""

    def __init__(self):
        _give_matplotlib_a_writable_config_dir()
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        family = _font_family()
        self.figure = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI, facecolor="white")
        self.canvas = FigureCanvasAgg(self.figure)
        axes = self.axes = self.figure.add_axes((0.12, 0.13, 0.86, 0.72))
        self.band = axes.fill_between([0, 1], [0, 0], [0, 0], color=AMBER_COLOUR, linewidth=0)
        self.target, = axes.plot([], [], color=TARGET_COLOUR, linestyle="--", linewidth=1.2)
        self.score, = axes.plot([], [], color=SCORE_COLOUR, marker="o", markersize=3.5, linewidth=1.6)
        axes.tick_params(labelsize=8, labelfontfamily=family, length=3)
        axes.yaxis.grid(True, color="#d8d8d8", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        for axis in (axes.xaxis, axes.yaxis):  # the axes have no titles: fixing where they would go saves
            axis.set_label_coords(0.5, 0.5)     # measuring every tick label again on each draw
        self.y_ticks = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10])
        self.figure.legend([self.score, self.target, self.band],
                           ["Score", "Target", "Amber: short of target but within tolerance"],
                           loc="upper left", bbox_to_anchor=(0.11, 1.0), ncols=3, frameon=False,
                           prop={"family": family, "size": 8})
        # Drawn for each chart, in this order: grid lines under the band, lines over it, then the
        # left and bottom edges, which the band would otherwise half cover.
        self.changing = (axes.yaxis, self.band, self.target, self.score, axes.spines["left"],
                         axes.spines["bottom"])
        axes.set_visible(False)
        self.canvas.draw()
        self.legend = self.canvas.copy_from_bbox(self.figure.bbox)
        axes.set_visible(True)
        self.background, self.months = None, None

    def draw(self, points, unit):
        import numpy as np

        count = len(points)
        values = np.array([_number(point.value) for point in points])
        targets = np.array([_number(point.target) for point in points])
        edges = np.array([_number(point.amber_edge) for point in points])
        # Each period is a column one unit wide, centred on its index; its target spans the column.
        columns = np.repeat(np.arange(count), 2) + np.tile([-0.5, 0.5], count)
        self.target.set_data(columns, np.repeat(targets, 2))
        self.band.set_data(columns, np.repeat(edges, 2), np.repeat(targets, 2))
        self.score.set_data(np.arange(count), values)
        self._set_y_ticks(np.concatenate([values, targets, edges]), unit)
        self._draw_background(points)
        self.canvas.restore_region(self.background)
        for artist in self.changing:
            self.figure.draw_artist(artist)
        return _png(np.asarray(self.canvas.buffer_rgba()))

    def _draw_background(self, points):
        """The legend and the months along the bottom, with the plot area empty; the months are drawn
        again only when they change."""
        months = [f"{_MONTHS[point.period_end.month - 1]} {point.period_end.year % 100:02d}" for point in points]
        if months == self.months:
            return
        # At most five labels, such as "Sep 26", counted back from the latest so it is always labelled.
        positions = list(range(len(points) - 1, -1, -max(1, math.ceil(len(points) / 5))))[::-1]
        self.axes.set_xlim(-0.6, len(points) - 0.4)
        self.axes.set_xticks(positions, [months[i] for i in positions])
        self.canvas.restore_region(self.legend)
        self.figure.draw_artist(self.axes.xaxis)
        self.background, self.months = self.canvas.copy_from_bbox(self.figure.bbox), months

    def _set_y_ticks(self, numbers, unit):
        import numpy as np

        low, high = float(np.nanmin(numbers)), float(np.nanmax(numbers))
        padding = (high - low) * 0.08 or max(abs(high) * 0.05, 1.0)
        low, high = low - padding, high + padding
        ticks = [float(tick) for tick in self.y_ticks.tick_values(low, high) if low <= tick <= high]
        places = next((p for p in range(6) if all(abs(round(tick, p) - tick) < 1e-9 for tick in ticks)), 6)
        self.axes.set_ylim(low, high)
        self.axes.set_yticks(ticks, [format_value(tick, unit, places) for tick in ticks])


def _drawable(value):
    """A value the chart can draw: one the door lets in (finite, within the cap of webapp/domain/units.py).
    A value stored before the door was shut (1e308, infinity) is left off rather than break the chart:
    the axis of 1e308 was infinite."""
    return value is not None and math.isfinite(value) and abs(value) <= LARGEST


def _number(value):
    return float(value) if _drawable(value) else math.nan


def _png(rgba):
    """A PNG of the figure's RGBA pixels: rows unfiltered and quickly zlib-compressed. Charts are mostly
    flat colour, so this is as small as Pillow's PNG and several times quicker to make."""
    import numpy as np

    height, width, _ = rgba.shape
    rows = np.empty((height, width * 4 + 1), dtype=np.uint8)
    rows[:, 0] = 0  # each row starts with its filter type: 0, none
    rows[:, 1:] = rgba.reshape(height, width * 4)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(memoryview(rows), 1))
            + chunk(b"IEND", b""))
