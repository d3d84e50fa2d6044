"""Each PI's Standing is right after every kind of write that can change it (webapp/indicators/standings.py):
what is kept is what the register's rules work out from the data now, and the PI list shows it."""

import json
import threading
import time
from datetime import date
from decimal import Decimal

import pytest

import webapp.pips.cli
from tests.web.indicators.test_indicators import VALID_PI
from webapp.demo import load_demo_data
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.domain.rating import Direction, Rag
from webapp.domain.roles import Role
from webapp.indicators import standings
from webapp.indicators.register_writes import ReasonNeeded, add_target
from webapp.models import AgendaItem, AgendaPip, Body, Indicator, Meeting, Score, Standing, Target, database, utcnow

AUG, SEP, OCT = date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31)
PI_FORM = {**VALID_PI, "code": "WR01", "name": "Household waste recycled", "description": ""}  # the `waste` PI


def kept(indicator):
    """The PI's standing as kept, checked against what the rules work out from the data now."""
    row = Standing.get_by_id(indicator.id)
    fresh = standings.standings_of([Indicator.id == indicator.id])[0]
    compared = ("rag", "trend", "trend_year", "needs_attention", "latest_period_end")
    assert {name: getattr(row, name) for name in compared} == {name: fresh[name] for name in compared}
    assert (row.latest_score_id, row.target_id) == (fresh["latest_score"], fresh["target"])
    return row


@pytest.fixture
def performance(login_as):
    return login_as(Role.PERFORMANCE)


@pytest.fixture
def waste(make_indicator, make_service):
    """85 at the end of September against a target of 90: Amber, down from 88 in August."""
    return make_indicator(
        code="WR01",
        name="Household waste recycled",
        target=90,
        financial_year=2026,
        service=make_service("Waste"),
        scores=[(AUG, 88), (SEP, 85)],
    )


def _edit(client, indicator, **changes):
    data = {
        **PI_FORM,
        "service": str(indicator.service_id),
        "version": str(Indicator.get_by_id(indicator.id).version),
        **changes,
    }
    response = client.post(f"/indicators/{indicator.id}/edit", data=data, follow_redirects=True)
    assert response.request.path == f"/indicators/{indicator.id}", response.get_data(as_text=True)


def _score(day, value):
    return {
        "period_end-day": str(day.day),
        "period_end-month": str(day.month),
        "period_end-year": str(day.year),
        "value": value,
        "note": "",
    }


def test_a_new_pi_stands_not_rated(client, performance, make_service):
    response = client.post("/indicators/new", data={**PI_FORM, "service": str(make_service().id)})
    assert response.status_code == 302
    row = kept(Indicator.get(Indicator.code == "WR01"))
    assert (row.rag, row.trend, row.latest_score_id, row.target_id) == (Rag.NOT_RATED, None, None, None)


def test_the_factory_and_fixtures_keep_standings_too(waste):
    row = kept(waste)
    assert (row.rag, row.trend, row.latest_period_end) == (Rag.AMBER, Direction.DETERIORATING, SEP)
    assert row.latest_score_id == Score.get(Score.indicator == waste, Score.period_end == SEP).id
    assert row.target_id == Target.get(Target.indicator == waste).id


def test_a_score_added_then_corrected_by_period_then_edited_in_place(client, performance, waste):
    assert client.post(f"/indicators/{waste.id}/scores", data=_score(OCT, "70")).status_code == 302
    row = kept(waste)
    assert (row.rag, row.trend, row.latest_period_end, row.needs_attention) == (
        Rag.RED,
        Direction.DETERIORATING,
        OCT,
        True,
    )
    assert client.post(f"/indicators/{waste.id}/scores", data=_score(OCT, "95")).status_code == 302
    assert (kept(waste).rag, kept(waste).trend) == (Rag.GREEN, Direction.IMPROVING)
    score = Score.get(Score.indicator == waste, Score.period_end == OCT)
    response = client.post(
        f"/indicators/{waste.id}/scores/{score.id}",
        data={f"score-{score.id}-value": "85", f"score-{score.id}-seen": score.recorded_at.isoformat()},
    )
    assert response.status_code == 302
    assert (kept(waste).rag, kept(waste).trend) == (Rag.AMBER, Direction.NO_CHANGE)


def test_a_score_for_an_earlier_period_changes_only_the_directions(client, performance, waste):
    assert client.post(f"/indicators/{waste.id}/scores", data=_score(date(2025, 9, 30), "99")).status_code == 302
    row = kept(waste)
    assert (row.rag, row.trend, row.trend_year, row.latest_period_end) == (
        Rag.AMBER,
        Direction.DETERIORATING,
        Direction.DETERIORATING,
        SEP,
    )


def test_a_new_target_version(client, performance, waste):
    data = {
        "financial_year": "2026",
        "value": "80",
        "stretch_value": "",
        "rationale": "Realistic",
        "reason": "Lowered",
        "meeting": "",
        "minute_reference": "",
    }
    assert client.post(f"/indicators/{waste.id}/targets", data=data).status_code == 302
    row = kept(waste)
    assert row.rag is Rag.GREEN
    assert row.target_id == Target.select().where(Target.indicator == waste).order_by(Target.id.desc()).get().id


@pytest.mark.parametrize(
    "changes, rag, trend",
    [
        ({"polarity": "lower_is_better"}, Rag.GREEN, Direction.IMPROVING),
        ({"tolerance": "2"}, Rag.RED, Direction.DETERIORATING),
        ({"tolerance": "5", "tolerance_kind": "absolute"}, Rag.AMBER, Direction.DETERIORATING),
        ({"frequency": "quarterly"}, Rag.AMBER, None),  # no score for the quarter before September
    ],
)
def test_a_pi_edit_that_changes_the_rules(client, performance, waste, changes, rag, trend):
    _edit(client, waste, **changes)
    row = kept(waste)
    assert (row.rag, row.trend) == (rag, trend)


def test_decimal_places_change_what_is_compared(client, performance, make_indicator):
    pi = make_indicator(code="WR01", target=90, financial_year=2026, scores=[(SEP, 89.96)], decimal_places=2)
    assert kept(pi).rag is Rag.AMBER
    _edit(client, pi, decimal_places="1")  # 90.0 against 90.0: on target
    assert kept(pi).rag is Rag.GREEN


def test_a_pi_made_inactive_keeps_its_standing_and_leaves_the_exceptions(client, performance, make_indicator):
    pi = make_indicator(code="WR01", target=90, financial_year=2026, scores=[(SEP, 50)])
    assert "WR01" in client.get("/exceptions/").get_data(as_text=True) and kept(pi).needs_attention
    _edit(client, pi, active="")
    assert (kept(pi).rag, kept(pi).needs_attention) == (Rag.RED, False)
    assert "WR01" not in client.get("/exceptions/").get_data(as_text=True)
    assert "WR01" in client.get("/indicators/?inactive=y&rag=red").get_data(as_text=True)


def test_a_referral_decision_that_amends_the_target(client, login_as, make_pip, make_service):
    pip = make_pip(service=make_service("Planning"), status=PipStatus.LIVE)  # 91.2 against 98 in 2026/27: Amber
    a_and_p = Meeting.create(
        body=Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE),
        date=date(2026, 9, 10),
    )
    development = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    decided_at = Meeting.create(body=development, date=date(2026, 11, 10))
    entry = AgendaPip.create(item=AgendaItem.create(meeting=a_and_p, published_at=utcnow()), pip=pip, position=1)
    indicator = Indicator.get_by_id(pip.indicator_id)
    assert kept(indicator).rag is Rag.AMBER
    login_as("clerk")
    base = f"/meetings/{a_and_p.id}/papers/plans/{entry.id}"
    assert (
        client.post(
            f"{base}/outcome",
            data={
                "outcome": "referred",
                "referred_to": development.id,
                "reason": "Unachievable.",
                "minute_reference": "AP/2026/9",
            },
        ).status_code
        == 302
    )
    response = client.post(
        f"{base}/decision",
        data={
            "meeting": decided_at.id,
            "minute_reference": "DEV/2026/12",
            "kind": "amend_target",
            "target_value": "90",
            "target_from-day": "1",
            "target_from-month": "4",
            "target_from-year": "2026",
            "amount": "",
            "description": "Lowered to what the service can reach",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    row = kept(indicator)
    assert row.rag is Rag.GREEN and row.target.value == 90


def test_a_pi_made_by_a_pip_v1_import(app, db, make_pip, tmp_path):
    pip = make_pip()
    runner = app.test_cli_runner()
    webapp.pips.cli.init_app(app)
    path = tmp_path / "plan.json"
    assert runner.invoke(args=["export-json", str(pip.id), "-o", str(path)]).exit_code == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    document["indicator"]["code"] = "NEW01"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(args=["import-json", str(path), "--create-indicators"])
    assert result.exit_code == 0, result.output
    assert kept(Indicator.get(Indicator.code == "NEW01")).rag is Rag.NOT_RATED


def test_the_demo_data(db):
    assert load_demo_data(today=date(2026, 11, 22))
    assert Standing.select().count() == Indicator.select().count() == 15
    for indicator in Indicator.select():
        kept(indicator)
    assert Standing.select().where(Standing.rag == Rag.RED).exists()


def test_a_refresh_of_every_pi_puts_right_what_a_change_outside_the_app_left(app, db, waste):
    Score.update(value=50).where(Score.indicator == waste).execute()  # as a hand-made fix in the database would
    assert Standing.get_by_id(waste.id).rag is Rag.AMBER
    result = app.test_cli_runner().invoke(args=["refresh-standings"])
    assert result.exit_code == 0 and "Worked out again where 1 PI stands." in result.output
    assert kept(waste).rag is Rag.RED


def test_two_writes_to_one_pi_at_once_leave_a_standing_worked_out_from_both(app, db, make_indicator):
    """On PostgreSQL the second refresh waits for the first write to commit (a row lock on the PI), and on
    SQLite the second write waits for the first: either way the standing kept last has seen both scores."""
    pi = make_indicator(code="WR01", target=90, financial_year=2026, scores=[(AUG, 88)])
    first_refreshed, first_may_commit, errors = threading.Event(), threading.Event(), []

    def write(day, value, before_commit=None, start_after=None):
        try:
            if start_after:
                start_after.wait(5)
            with database.connection_context(), database.atomic():
                Score.create(indicator=pi.id, period_end=day, value=value)
                standings.refresh([pi.id])
                if before_commit:
                    first_refreshed.set()
                    before_commit.wait(5)
        except Exception as error:  # noqa: BLE001 (reported by the test below)
            errors.append(error)

    first = threading.Thread(target=write, args=(SEP, 50), kwargs={"before_commit": first_may_commit})
    second = threading.Thread(target=write, args=(OCT, 95), kwargs={"start_after": first_refreshed})
    first.start(), second.start()
    first_refreshed.wait(5)
    time.sleep(0.3)  # the second write is now waiting for the first
    first_may_commit.set()
    first.join(10), second.join(10)
    assert not errors
    row = kept(pi)
    assert (row.latest_period_end, row.rag, row.trend) == (OCT, Rag.GREEN, Direction.IMPROVING)  # 95 after 50


def test_a_years_first_target_is_written_once_without_a_reason(db, make_indicator, make_user):
    """Two officers set a year's first target at once: both forms passed (the year had none), but only one
    version may go without a reason. The write looks again once it holds the PI (register_writes.add_target)."""
    pi = make_indicator(code="TG01")
    officer = make_user("performance")
    first = {"financial_year": 2027, "value": Decimal("80"), "rationale": "Upper quartile"}
    add_target(pi.id, officer.id, **first)
    with pytest.raises(ReasonNeeded):
        add_target(pi.id, officer.id, **{**first, "value": Decimal("82")})
    assert [t.value for t in Target.select().where(Target.financial_year == 2027)] == [Decimal("80")]
    add_target(pi.id, officer.id, **{**first, "value": Decimal("82"), "reason": "Budget agreed"})
    assert Target.select().where(Target.financial_year == 2027).count() == 2
