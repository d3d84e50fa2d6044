"""The scores chart and its text alternative. Warnings are errors here (pytest.ini), so the chart
must draw without a single one."""

import io
import struct
import subprocess
import sys
import zlib

import pytest

from webapp.domain.rating import Polarity, Rag, rate
from webapp.exports.chart import chart_alt_text, chart_png, chart_points
from webapp.exports.chart_drawing import DPI, HEIGHT_CM, WIDTH_CM

from .samples import completed_pip, empty_draft, full_pip


def png_size(data):
    """Width and height from a PNG's header, after checking the signature and every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    stream, chunks = io.BytesIO(data[8:]), []
    while kind := (header := stream.read(8))[4:]:
        length = struct.unpack(">I", header[:4])[0]
        body = stream.read(length)
        assert struct.unpack(">I", stream.read(4))[0] == zlib.crc32(kind + body)
        chunks.append((kind, body))
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert chunks[0][1][8:10] == b"\x08\x06"  # 8-bit RGBA: the background is transparent
    assert len(zlib.decompress(chunks[1][1])) == height * (width * 4 + 1)  # RGBA rows, each with its filter byte
    return width, height


def test_the_amber_band_is_the_rag_rules_band():
    pip = full_pip()
    points = chart_points(pip)
    latest = points[-1]
    assert (latest.target, latest.amber_edge) == (98.0, pytest.approx(88.2))
    assert rate(latest.amber_edge, latest.target, Polarity.HIGHER_IS_BETTER, places=1) is Rag.AMBER
    assert rate(latest.amber_edge - 0.1, latest.target, Polarity.HIGHER_IS_BETTER, places=1) is Rag.RED
    assert points[0].target == 96.0 and points[-7].target == 97.0  # each financial year's own target


def test_lower_is_better_puts_the_band_above_the_target_and_absolute_tolerance_is_in_units():
    pip = completed_pip()
    pip["indicator"].update(tolerance=2, tolerance_kind="absolute")
    edge = chart_points(pip)[-1].amber_edge
    assert edge == 35.0


def test_a_period_without_a_target_has_no_band():
    pip = full_pip()
    pip["scores"][3]["target"] = None
    point = chart_points(pip)[3]
    assert (point.target, point.amber_edge) == (None, None)
    png_size(chart_png(pip))


def test_the_chart_is_a_small_print_quality_png():
    width, height = png_size(chart_png(full_pip()))
    assert (width, height) == (int(WIDTH_CM / 2.54 * DPI), int(HEIGHT_CM / 2.54 * DPI))  # 16 x 7 cm


@pytest.mark.parametrize("values", [[5.0], [0.0, 0.0, 0.0], [-3.5, 2.25], [120000, 118500.5], [1e-7, 3e-7]])
def test_odd_series_draw(values):
    pip = full_pip()
    pip["scores"] = [
        {"period_end": f"2026-0{n + 1}-28", "value": value, "target": 0 if n else None}
        for n, value in enumerate(values)
    ]
    png_size(chart_png(pip))


def test_no_scores_no_chart():
    assert chart_png(empty_draft()) is None
    assert chart_alt_text(empty_draft()) == "PL03 Planning appeals allowed: no scores recorded."


def test_alt_text_tells_the_story_in_words():
    text = chart_alt_text(full_pip())
    assert text.startswith(
        "Line chart of WR01 Household waste collected on time: 36 scores from October 2023 to September 2026"
    )
    assert "Higher is better." in text
    assert "Latest score 91.2% for September 2026 against a target of 98.0%: Amber." in text
    assert "Over the period the score has deteriorated, from 96.1% in October 2023." in text


def test_alt_text_for_lower_is_better_in_days():
    text = chart_alt_text(completed_pip())
    assert "Lower is better." in text
    assert "against a target of 33.0 days: Red." in text and "has improved, from 40.0 days" in text


def test_a_chart_is_the_same_whichever_chart_came_before():
    """Nothing of one chart may leak into the next."""
    first = chart_png(full_pip())
    chart_png(completed_pip())  # other months, another unit
    assert chart_png(full_pip()) == first


def test_alt_text_for_a_single_score_without_a_target():
    pip = full_pip()
    pip["scores"] = [{"period_end": "2026-09-30", "value": 91.2, "target": None}]
    text = chart_alt_text(pip)
    assert "one score, for September 2026" in text
    assert "Latest score 91.2% for September 2026, with no target set: not rated." in text
    assert "Over the period" not in text


def test_drawing_a_chart_loads_no_charting_library():
    """A worker's first committee papers stay within 60 MB (docs/quality.md): numpy and matplotlib took 42 MB."""
    code = (
        "import sys; from tests.exports.samples import full_pip; from webapp.exports.chart import chart_png; "
        "chart_png(full_pip()); print(sorted({name.split('.')[0] for name in sys.modules} & {'numpy', 'matplotlib'}))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def _counts_to(top):
    """A count PI's scores rising from 40 to `top` against a target of 60."""
    pip = full_pip()
    pip["plan"]["indicator"]["unit"] = "number"
    values = [40 + (top - 40) * n / 35 for n in range(36)]
    pip["scores"] = [{**score, "value": round(value), "target": 60.0} for score, value in zip(pip["scores"], values)]
    return pip


def test_the_y_axis_has_enough_round_ticks_labelled_with_the_unit():
    """docs/meetings-and-papers.md#the-chart: values up to 76 once got only 40 and 60."""
    from webapp.domain.units import Unit
    from webapp.exports.chart_drawing import _y_axis, axis_title

    points = chart_points(_counts_to(76))
    numbers = [float(p.value) for p in points] + [float(p.target) for p in points] + [p.amber_edge for p in points]
    low, high, ticks = _y_axis(numbers, Unit.NUMBER)
    assert [label for _, label in ticks] == ["40", "45", "50", "55", "60", "65", "70", "75"]
    assert low < 40 and high > 76
    for values, unit in (
        ([91.2, 96.1, 98.0], Unit.PERCENT),
        ([0.0, 0.0], Unit.DAYS),
        ([120000, 118500.5], Unit.CURRENCY),
    ):
        _, _, ticks = _y_axis(values, unit)
        assert 4 <= len(ticks) <= 8, (values, ticks)
    assert axis_title(Unit.PERCENT) == "Score (%)" and axis_title(Unit.DAYS) == "Score (days)"


def test_chart_text_prints_at_9_pt_or_more_at_its_printed_size():
    from webapp.exports.chart_drawing import _chart_size, _font

    width_pixels, _ = _chart_size()
    printed_points_per_pixel = (WIDTH_CM / 2.54 * 72) / width_pixels  # the chart is printed WIDTH_CM wide
    assert _font().size * printed_points_per_pixel >= 9


def test_the_background_is_transparent_so_the_table_above_shows_through():
    from PIL import Image

    image = Image.open(io.BytesIO(chart_png(_counts_to(76))))
    assert image.mode == "RGBA"
    width, height = image.size
    for corner in ((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)):
        assert image.getpixel(corner)[3] == 0
    # The axis title, written up the y axis, left of the tick labels: some opaque ink in that strip.
    strip = image.crop((0, int(height * 0.3), 30, int(height * 0.7)))
    assert strip.getchannel("A").getextrema()[1] == 255
