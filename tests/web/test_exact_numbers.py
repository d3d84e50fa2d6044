"""Exact numbers on both engines (issue 9, item 2; README, "Exact numbers"): the extremes of each unit's
range, and the largest value with the most decimal places, go in through every form that takes a score,
target, tolerance or benchmark and through a pip/v1 file, and come back unchanged: from the database, in
the form that edits them, and in the file exported again. `make test` runs these on SQLite and on
PostgreSQL, where a `real` column once saved 1234567.89 as 1234567.9 and 16777217 as 16777216."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.web.indicators.test_indicators import VALID_PI, _score, _target
from tests.web.page_forms import changed, form_values, value_of
from tests.web.pips.test_pips import details_data
from tests.web.pips.test_progress import entry_data
from webapp.domain.bodies import BodyKind
from webapp.domain.periods import financial_year
from webapp.domain.pips import PipStatus
from webapp.domain.units import MAX_DECIMAL_PLACES, Unit, value_range
from webapp.exports.pip_json import json_text
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    Indicator,
    Meeting,
    Pip,
    ProgressUpdate,
    ReferralDecision,
    Score,
    Target,
    utcnow,
)

MILLIONTH = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)


def _cases():
    """(unit, value as typed) for each unit's highest and lowest values, and each with the most decimal
    places; then the numbers a 4-byte float lost, and the smallest step a column keeps."""
    cases = []
    for unit in Unit:
        lowest, highest = value_range(unit)
        most_places = Decimal(highest) - MILLIONTH  # 999999999999.999999 for a number
        cases += [(unit, str(value)) for value in (most_places, -most_places, highest, lowest)]
    return cases + [(Unit.NUMBER, "1234567.89"), (Unit.NUMBER, "16777217"), (Unit.NUMBER, "0.000001")]


CASES = _cases()
THIS_YEAR = financial_year(date.today())


def _exact(value, typed):
    """Read back unchanged: the same number, written with the same digits."""
    return isinstance(value, Decimal) and value == Decimal(typed) and str(value) == typed


def _opened(client, url):
    """The form on the page at `url` that saves it, as a browser would submit it."""
    response = client.get(url)
    assert response.status_code == 200, url
    return form_values(response.get_data(as_text=True), url.removesuffix("/edit"))


def _own_form(client, url):
    """The form on the page at `url` that posts back to it (it has no action), as a browser would submit it."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return form_values(html[html.index('<form method="post" novalidate>') :], "")


def _saved(response):
    assert response.status_code in (200, 302), response.get_data(as_text=True)[-3000:]


def _new_pi(client, service, unit, typed, code, **fields):
    polarity = "lower_is_better" if typed.startswith("-") else "higher_is_better"
    _saved(
        client.post(
            "/indicators/new",
            data={
                **VALID_PI,
                "code": code,
                "service": str(service.id),
                "unit": unit.value,
                "polarity": polarity,
                "decimal_places": "4",
                **fields,
            },
        )
    )
    return Indicator.get(Indicator.code == code)


def _through_the_register(client, service, unit, typed):
    """A PI made and edited, a target version and a score added and corrected, each through its form."""
    size = typed.lstrip("-")  # a tolerance is never negative
    made = _new_pi(
        client,
        service,
        unit,
        typed,
        "EX1",
        tolerance=size,
        tolerance_kind="absolute",
        benchmark_value=typed,
        benchmark_label="England average",
    )
    assert _exact(made.tolerance, size) and _exact(made.benchmark_value, typed)

    indicator = _new_pi(client, service, unit, typed, "EX2")
    edit = f"/indicators/{indicator.id}/edit"
    _saved(
        client.post(
            edit,
            data=MultiDict(
                changed(
                    _own_form(client, edit),
                    tolerance=size,
                    tolerance_kind="absolute",
                    benchmark_value=typed,
                    benchmark_label="England average",
                )
            ),
        )
    )
    shown = _own_form(client, edit)
    assert (value_of(shown, "tolerance"), value_of(shown, "benchmark_value")) == (size, typed)
    _saved(client.post(edit, data=MultiDict(shown)))  # saved again as shown: nothing rounded
    indicator = Indicator.get_by_id(indicator.id)
    assert _exact(indicator.tolerance, size) and _exact(indicator.benchmark_value, typed)

    # A target, then next year's with the value as its stretch (a stretch lies beyond its target).
    targets = f"/indicators/{indicator.id}/targets"
    _saved(client.post(targets, data=_target(value=typed, stretch_value="")))
    _saved(client.post(targets, data=_target(financial_year=str(THIS_YEAR + 1), value="0", stretch_value=typed)))
    this_year, next_year = (
        Target.get(Target.indicator == indicator, Target.financial_year == year) for year in (THIS_YEAR, THIS_YEAR + 1)
    )
    assert _exact(this_year.value, typed) and _exact(next_year.stretch_value, typed)

    _saved(client.post(f"/indicators/{indicator.id}/scores", data=_score(date(2026, 9, 30), value=typed)))
    score = Score.get(Score.indicator == indicator)
    assert _exact(score.value, typed)
    row = f"/indicators/{indicator.id}/scores/{score.id}/edit"
    shown = _opened(client, row)
    assert value_of(shown, f"score-{score.id}-value") == typed
    _saved(
        client.post(row.removesuffix("/edit"), data=MultiDict(changed(shown, **{f"score-{score.id}-note": "Checked"})))
    )
    assert Score.get_by_id(score.id).note == "Checked"
    assert _exact(Score.get_by_id(score.id).value, typed)
    return indicator


def _through_the_plan(client, make_pip, indicator, typed):
    """Section 1's four values and a progress entry's score, each through its form."""
    pip = make_pip(indicator=indicator)
    numbers = {
        name: typed for name in ("target_value", "score_value", "last_year_end_value", "score_12_months_ago_value")
    }
    _saved(
        client.post(
            f"/pips/{pip.id}/details",
            data=details_data(pip, **numbers, last_year_end_as_at="2026-03-31", score_12_months_ago_as_at="2025-09-30"),
        )
    )
    pip = Pip.get_by_id(pip.id)
    assert all(_exact(getattr(pip, name), typed) for name in numbers)
    shown = _opened(client, f"/pips/{pip.id}/details")
    assert all(value_of(shown, name) == typed for name in numbers)

    Pip.update(status=PipStatus.LIVE, went_live_on=date(2026, 10, 10)).where(Pip.id == pip.id).execute()
    pip = Pip.get_by_id(pip.id)
    _saved(client.post(f"/pips/{pip.id}/progress", data=entry_data(pip, score=typed)))
    entry = ProgressUpdate.get(ProgressUpdate.pip == pip)
    assert _exact(entry.score, typed)
    assert value_of(_opened(client, f"/pips/{pip.id}/progress/{entry.id}/edit"), "score") == typed
    return Pip.get_by_id(pip.id)


def _through_a_committee(client, pip, typed):
    """A policy committee's amended target, through the clerk's decision form."""
    a_and_p = Meeting.create(
        body=Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE),
        date=date(2026, 9, 10),
    )
    committee = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    decided_at = Meeting.create(body=committee, date=date(2026, 11, 10))
    entry = AgendaPip.create(item=AgendaItem.create(meeting=a_and_p, published_at=utcnow()), pip=pip, position=1)
    papers = f"/meetings/{a_and_p.id}/papers/plans/{entry.id}"
    _saved(
        client.post(
            f"{papers}/outcome",
            data={
                "outcome": "referred",
                "referred_to": committee.id,
                "reason": "Unachievable",
                "minute_reference": "AP/2026/9",
            },
        )
    )
    _saved(
        client.post(
            f"{papers}/decision",
            data={
                "meeting": decided_at.id,
                "minute_reference": "DEV/2026/12",
                "kind": "amend_target",
                "target_value": typed,
                "target_from-day": "1",
                "target_from-month": "4",
                "target_from-year": "2027",
                "amount": "",
                "description": "",
            },
        )
    )
    decision = ReferralDecision.get()
    assert _exact(decision.target_value, typed) and _exact(Target.get_by_id(decision.target_id).value, typed)


def _through_a_file(client, pip, typed):
    """The plan's pip/v1 file imported as a new plan (its own plan completed first, freeing the PI), and
    that plan's file exported again: the same digits all the way."""
    text = client.get(f"/pips/{pip.id}/plan.json").get_data(as_text=True)
    assert f'"value": {typed},' in text and f'"score": {typed},' in text
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == pip.id).execute()
    boundary, body = encode_multipart({"document": FileStorage(io.BytesIO(text.encode()), "plan.json")})
    response = client.post("/pips/import", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    imported = Pip.get_by_id(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert all(
        _exact(getattr(imported, name), typed)
        for name in ("target_value", "score_value", "last_year_end_value", "score_12_months_ago_value")
    )
    assert _exact(ProgressUpdate.get(ProgressUpdate.pip == imported).score, typed)
    again = client.get(f"/pips/{imported.id}/plan.json").get_data(as_text=True)
    document = json.loads(again, parse_float=Decimal)
    assert document["details"]["score"]["value"] == Decimal(typed)
    assert json_text(document | {"exported_at": None}) == json_text(
        json.loads(text, parse_float=Decimal) | {"exported_at": None, "status": document["status"]}
    )


@pytest.mark.parametrize("unit, typed", CASES, ids=[f"{unit.value}:{typed}" for unit, typed in CASES])
def test_a_value_goes_through_every_form_and_a_file_and_comes_back_unchanged(
    client, login_as, make_service, make_pip, unit, typed
):
    service = make_service()
    login_as("performance", "clerk")
    indicator = _through_the_register(client, service, unit, typed)
    pip = _through_the_plan(client, make_pip, indicator, typed)
    _through_a_committee(client, pip, typed)
    _through_a_file(client, pip, typed)


@pytest.mark.parametrize("typed", ["1234567.89", "16777217", "999999999999.999999"])
def test_the_register_and_the_plan_page_show_every_digit_the_pi_shows(
    client, login_as, make_indicator, make_pip, typed
):
    """Shown to the PI's own decimal places, so nothing a float lost can show: 1,234,567.89 at 2 places."""
    login_as("performance")
    indicator = make_indicator(
        unit=Unit.NUMBER, decimal_places=2, target=typed, scores=[(date(2026, 9, 30), Decimal(typed))]
    )
    shown = f"{Decimal(typed).quantize(Decimal('0.01')):,}"
    assert f"{shown} for the period ending" in client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
    pip = make_pip(indicator=indicator)
    assert shown in client.get(f"/pips/{pip.id}").get_data(as_text=True)
