"""The targets import holds a row to the target form's rules (webapp/domain/target_rules.py, docs/score-imports.md):
a new version keeps the saved stretch target and rationale where the file has none, a year's first target needs a
rationale, and only the years the form offers (or a year with a target already) may be set."""

import html
import re
from datetime import date
from decimal import Decimal

import pytest

from webapp.domain.periods import financial_year, financial_year_label
from webapp.domain.rating import Polarity
from webapp.domain.target_rules import target_years
from webapp.models import Target

from . import import_files
from .import_files import TARGET_HEADINGS, confirm, csv_bytes, upload

uploads_folder, officer = import_files.uploads_folder, import_files.officer

THIS_YEAR = financial_year(date.today())
THIS = financial_year_label(THIS_YEAR)


@pytest.fixture
def stretched(make_indicator):
    """A percentage PI, higher is better, with this year's target 80 and stretch target 90."""
    indicator = make_indicator(code="TI1", name="Tenancies sustained")
    Target.create(indicator=indicator, financial_year=THIS_YEAR, value=80, stretch_value=90, rationale="Benchmark")
    return indicator


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _versions(indicator):
    query = Target.select().where(Target.indicator == indicator).order_by(Target.id)
    return [(t.financial_year, t.value, t.stretch_value, t.rationale) for t in query]


def _preview_then_confirm(client, rows):
    response = upload(client, "targets", csv_bytes(rows), "targets.csv")
    assert response.status_code == 200, _text(response)
    text = _text(response)
    assert confirm(client, "targets", text).status_code == 302
    return text


# ---------------------------------------------------------------------------------------------
# The saved stretch target and rationale are kept


@pytest.mark.parametrize(
    "rows",
    [
        [["PI code", "Financial year", "Target"], ["TI1", THIS, "80"]],  # no Stretch target column
        [TARGET_HEADINGS, ["TI1", "", THIS, "80", "", ""]],  # a blank Stretch target cell
    ],
)
def test_the_same_target_without_a_stretch_target_is_no_change(client, officer, stretched, rows):
    response = upload(client, "targets", csv_bytes(rows), "targets.csv")
    assert response.status_code == 200, _text(response)
    text = _text(response)
    assert "1 row: 0 new, 0 new versions of what is saved, 1 unchanged" in text
    assert "90.0% (as saved)" in text
    assert confirm(client, "targets", text).status_code == 302
    assert _versions(stretched) == [(THIS_YEAR, Decimal(80), Decimal(90), "Benchmark")]


@pytest.mark.parametrize(
    "rows",
    [
        [["PI code", "Financial year", "Target"], ["TI1", THIS, "75"]],
        [TARGET_HEADINGS, ["TI1", "", THIS, "75", "", ""]],
    ],
)
def test_a_new_version_keeps_the_saved_stretch_target_and_rationale_and_says_so(client, officer, stretched, rows):
    text = _preview_then_confirm(client, rows)
    assert "New version target was 80.0%; stretch target 90.0% kept; rationale kept" in re.sub(r"<[^>]+>", "", text)
    assert _versions(stretched)[-1] == (THIS_YEAR, Decimal(75), Decimal(90), "Benchmark")


def test_a_new_stretch_target_and_rationale_replace_the_saved_ones(client, officer, stretched):
    text = _preview_then_confirm(client, [TARGET_HEADINGS, ["TI1", "", THIS, "80", "95", "Top quartile"]])
    assert "target unchanged; stretch target was 90.0%; new rationale" in re.sub(r"<[^>]+>", "", text)
    assert _versions(stretched)[-1] == (THIS_YEAR, Decimal(80), Decimal(95), "Top quartile")


def test_a_kept_stretch_target_no_longer_beyond_the_target_is_an_error(client, officer, stretched):
    response = upload(client, "targets", csv_bytes([TARGET_HEADINGS, ["TI1", "", THIS, "92", "", ""]]))
    assert response.status_code == 422
    text = _text(response)
    assert (
        "Row 2, column E Stretch target: Stretch target must be higher than the target, as higher is better: "
        "the saved stretch target, 90.0%, is kept when none is typed; type a new one"
    ) in text
    assert len(_versions(stretched)) == 1
    _preview_then_confirm(client, [TARGET_HEADINGS, ["TI1", "", THIS, "92", "96", ""]])
    assert _versions(stretched)[-1] == (THIS_YEAR, Decimal(92), Decimal(96), "Benchmark")


def test_a_kept_stretch_target_is_checked_for_a_lower_is_better_pi_too(client, officer, make_indicator):
    days = make_indicator(code="HR3", polarity=Polarity.LOWER_IS_BETTER, unit="days")
    Target.create(indicator=days, financial_year=THIS_YEAR, value=8, stretch_value=7, rationale="Benchmark")
    response = upload(client, "targets", csv_bytes([["PI code", "Financial year", "Target"], ["HR3", THIS, "6.5"]]))
    assert response.status_code == 422
    assert "Stretch target must be lower than the target, as lower is better: the saved stretch target, 7.0 days" in (
        _text(response)
    )
    assert "add a Stretch target column" in _text(response)


# ---------------------------------------------------------------------------------------------
# A year's first target: a rationale, and a year the form offers


def test_a_years_first_target_needs_a_rationale_as_the_form_does(client, officer, stretched):
    next_year = financial_year_label(THIS_YEAR + 1)
    response = upload(client, "targets", csv_bytes([TARGET_HEADINGS, ["TI1", "", next_year, "85", "", ""]]))
    assert response.status_code == 422
    assert "Row 2, column F Rationale: Enter the rationale for the target" in _text(response)
    response = upload(client, "targets", csv_bytes([["PI code", "Financial year", "Target"], ["TI1", next_year, "85"]]))
    assert response.status_code == 422
    assert "Row 2: Enter the rationale for the target: the file has no Rationale column" in _text(response)
    assert len(_versions(stretched)) == 1
    _preview_then_confirm(client, [TARGET_HEADINGS, ["TI1", "", next_year, "85", "", "Next year's plan"]])
    assert _versions(stretched)[-1] == (THIS_YEAR + 1, Decimal(85), None, "Next year's plan")


@pytest.mark.parametrize("year", [THIS_YEAR + 3, THIS_YEAR - 4, 1901, 2099])
def test_a_years_first_target_must_be_for_a_year_the_form_offers(client, officer, stretched, year):
    response = upload(client, "targets", csv_bytes([TARGET_HEADINGS, ["TI1", "", year, "85", "", "Plan"]]))
    assert response.status_code == 422
    first, last = financial_year_label(THIS_YEAR - 3), financial_year_label(THIS_YEAR + 2)
    message = f"Financial year must be from {first} to {last}, or a year the PI already has a target for"
    assert f"Row 2, column C Financial year: {message}" in _text(response)
    assert len(_versions(stretched)) == 1
    _preview_then_confirm(client, [TARGET_HEADINGS, ["TI1", "", THIS_YEAR + 2, "85", "", "Plan"]])


def test_a_year_past_the_forms_range_that_has_a_target_takes_a_new_version(client, officer, make_indicator):
    old = make_indicator(code="OLD2")
    long_ago = THIS_YEAR - 6
    Target.create(indicator=old, financial_year=long_ago, value=50, rationale="Then")
    _preview_then_confirm(client, [TARGET_HEADINGS, ["OLD2", "", long_ago, "55", "", ""]])
    assert _versions(old)[-1] == (long_ago, Decimal(55), None, "Then")


def test_the_form_offers_the_years_the_import_accepts(client, officer, stretched):
    page = _text(client.get(f"/indicators/{stretched.id}/targets/new"))
    offered = [int(year) for year in re.findall(r'<option (?:selected )?value="(\d{4})"', page)]
    assert offered == target_years(date.today())
