"""The PI page's trend as inline SVG: the Word chart's points and words, drawn as accessible SVG."""

import xml.etree.ElementTree as ET

import pytest

from webapp.domain.rating import Polarity, Rag, rate
from webapp.exports.chart import chart_alt_text, chart_points
from webapp.exports.chart_svg import BAND_COLOUR, SCORE_COLOUR, chart_svg

from .samples import empty_draft, full_pip, hostile_pip

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg):
    return ET.fromstring(svg)


def test_the_chart_is_an_image_with_the_word_charts_words():
    pip = full_pip()
    svg = parsed(chart_svg(pip, "score-history"))
    assert svg.get("role") == "img" and svg.get("viewBox") == "0 0 720 330"
    assert svg.get("width") is None and svg.get("height") is None  # scales with the page, at any zoom
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id") and svg.get("aria-describedby") == desc.get("id")
    assert title.text == "Chart of WR01 Household waste collected on time: scores against target"
    assert desc.text.startswith(chart_alt_text(pip))
    assert "score history table" in desc.text


def test_one_dot_a_score_and_one_band_a_period_with_a_target():
    pip = full_pip()
    svg = parsed(chart_svg(pip, "score-history"))
    dots = [c for c in svg.iter(f"{SVG}circle") if c.get("fill") == SCORE_COLOUR]
    bands = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == BAND_COLOUR]
    assert len(dots) == len(pip["scores"]) + 1  # and the key's
    assert len(bands) == len(pip["scores"]) + 1


def test_the_band_is_drawn_to_the_rag_rules_edge():
    """A score exactly on the edge of the band (10% short of a target of 100) is drawn on the band's edge."""
    pip = full_pip()
    pip["scores"] = [{"period_end": "2026-09-30", "value": 90.0, "target": 100.0}]
    svg = parsed(chart_svg(pip, "score-history"))
    [band] = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == BAND_COLOUR and r.get("width") != "30"]
    [point] = chart_points(pip)
    assert point.amber_edge == pytest.approx(90.0)
    assert rate(point.amber_edge, point.target, Polarity.HIGHER_IS_BETTER, places=1) is Rag.AMBER
    [dot] = [c for c in svg.iter(f"{SVG}circle") if c.get("r") == "4.5" and c.get("cy") != "22"]
    # A score exactly on the band's edge sits on the band's lower edge.
    assert float(band.get("y")) + float(band.get("height")) == pytest.approx(float(dot.get("cy")), abs=0.2)


def test_no_scores_no_chart():
    assert chart_svg(empty_draft(), "score-history") is None


def test_every_text_is_escaped():
    pip = hostile_pip()
    svg = chart_svg(pip, 'x" onload="alert(1)')
    tree = parsed(svg)  # well-formed XML: nothing pasted broke out
    assert "<script" not in svg and 'onload="' not in svg
    assert "Complaints" in tree.find(f"{SVG}title").text


def test_the_y_axis_is_titled_with_the_unit():
    svg = chart_svg(full_pip(), "scores")
    assert 'text-anchor="middle" fill="#0b0c0c">Score (%)</text>' in svg
    assert 'transform="rotate(-90' in svg
