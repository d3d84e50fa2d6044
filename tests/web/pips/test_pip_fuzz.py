"""Property-based: arbitrary text and numbers posted to every PIP form never give a 500 and never lose
what was already saved (docs/plans.md#validation-limits); posted to the register's forms, whatever is saved renders on
every
page and export that shows it. The JSON importer's own: test_import_fuzz.py."""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.indicators.test_indicators import VALID_PI, _score, _target
from tests.web.showing import every_view
from webapp.domain.pips import PipStatus
from webapp.models import Factor, Indicator, ManagementComment, Pip, PipChange, ProgressUpdate, Score, Solution

TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "nan",
    "inf",
    "£18,000",
    "91.2%",
    "31",
    "13",
    "2026",
    "99999",
    "\x0b\x0c\x00",
    "“quoted”\u00a0",
    "🗑️👍🏽",
    "نفايات",
    "\u202eevil",
    "<script>alert(1)</script>",
    "x" * 10_001,
    "S1",
    "E1",
    "draft",
    "approved",
    "cmt",
    "1",
    "2",
]
values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=200),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True).map(str),
)

# (form page to read the field names from, where the form posts)
FORMS = [
    ("/pips/{pip}/details", "/pips/{pip}/details"),
    ("/pips/{pip}/factors/new?kind=external", "/pips/{pip}/factors"),
    ("/pips/{pip}/factors/{factor}/edit", "/pips/{pip}/factors/{factor}"),
    ("/pips/{pip}/solutions/new", "/pips/{pip}/solutions"),
    ("/pips/{pip}/solutions/{solution}/edit", "/pips/{pip}/solutions/{solution}"),
    ("/pips/{pip}/comments/new", "/pips/{pip}/comments"),
    ("/pips/{pip}/comments/{comment}/edit", "/pips/{pip}/comments/{comment}"),
    ("/pips/{pip}/progress/new", "/pips/{pip}/progress"),
    ("/pips/{pip}/progress/{progress}/edit", "/pips/{pip}/progress/{progress}"),
    ("/pips/{pip}/withdraw", "/pips/{pip}/withdraw"),
]


@pytest.fixture
def plan(make_pip, login_as, db):
    login_as("performance", "cmt", "clerk")
    pip = make_pip(
        factors=[("external", "Snow"), ("internal", "Vacancies")],
        solutions=[("Agency drivers", ["E1", "I1"])],
        status=PipStatus.LIVE,
    )
    pip.went_live_on = date(2026, 10, 1)
    pip.save()
    ManagementComment.create(pip=pip, role="head_of_service", author="Jane", made_on=date(2026, 10, 2), text="Ours")
    ProgressUpdate.create(pip=pip, made_on=date(2026, 10, 31), comment="Better", score=93.4)
    return pip


def saved(pip):
    """Everything the plan holds, to compare before and after a post."""
    return {
        "factors": sorted((f.ref, f.description) for f in Factor.select().where(Factor.pip == pip)),
        "solutions": sorted((s.ref, s.description) for s in Solution.select().where(Solution.pip == pip)),
        "comments": sorted(c.id for c in ManagementComment.select().where(ManagementComment.pip == pip)),
        "progress": sorted(p.id for p in ProgressUpdate.select().where(ProgressUpdate.pip == pip)),
        "history": PipChange.select().where(PipChange.pip == pip).count(),
    }


@pytest.mark.parametrize("page, action", FORMS, ids=[action for _, action in FORMS])
def test_arbitrary_input_never_breaks_a_pip_form(client, plan, page, action):
    ids = {
        "pip": plan.id,
        "factor": Factor.get(Factor.ref == "E1").id,
        "solution": Solution.get().id,
        "comment": ManagementComment.get().id,
        "progress": ProgressUpdate.get().id,
    }
    html = client.get(page.format(**ids)).get_data(as_text=True)
    names = sorted(set(re.findall(r'name="([^"]+)"', html)) - {"csrf_token"})
    assert names, page

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({name: values for name in names}), st.booleans())
    def post(data, htmx):
        before = saved(plan)
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.post(action.format(**ids), data=data, headers=headers)
        assert response.status_code < 500
        after = saved(plan)
        for kind in ("comments", "progress"):
            assert set(before[kind]) <= set(after[kind]), kind  # additions only: nothing lost
        assert {ref for ref, _ in before["factors"]} <= {ref for ref, _ in after["factors"]}
        assert {ref for ref, _ in before["solutions"]} <= {ref for ref, _ in after["solutions"]}
        assert after["history"] >= before["history"]
        assert client.get(f"/pips/{plan.id}").status_code == 200

    post()
    assert Pip.get_by_id(plan.id).status in (PipStatus.LIVE, PipStatus.WITHDRAWN)
    every_view(client, plan)  # whatever was saved renders on every page and export that shows it


# ---------------------------------------------------------------- the register's forms (issue 8, item 5)

DATE_PARTS = ["0001", "1899", "1900", "2100", "2101", "9999", "0", "31", "30", "9", "3", "2026", "26"]


def _register_forms(indicator, score):
    """(where the form posts, a valid submission as the page would send it now)."""
    base = f"/indicators/{indicator.id}"
    score = Score.get_by_id(score.id)
    pi = {
        **VALID_PI,
        "code": indicator.code,
        "service": str(indicator.service_id),
        "benchmark_value": "95",
        "benchmark_label": "England average",
        "version": str(Indicator.get_by_id(indicator.id).version),
    }
    return {
        "pi": (f"{base}/edit", pi),
        "target": (f"{base}/targets", _target(reason="Agreed")),
        "score": (f"{base}/scores", _score(date(2026, 9, 30), value="90.5")),
        "score_edit": (
            f"{base}/scores/{score.id}",
            {
                f"score-{score.id}-value": "91",
                f"score-{score.id}-note": "Late",
                f"score-{score.id}-seen": score.recorded_at.isoformat(),
            },
        ),
    }


def _value_for(name):
    return st.one_of(st.sampled_from(DATE_PARTS), values) if name.endswith(("-day", "-month", "-year")) else values


@pytest.mark.parametrize("form", ["pi", "target", "score", "score_edit"])
def test_arbitrary_input_to_a_register_form_is_refused_or_shown_everywhere(client, login_as, make_pip, db, form):
    """Whatever a register form accepts renders on the PI's page, the register, and every page and export of
    a plan refreshed from it (docs/plans.md#the-plan Section 1: "Refresh from register")."""
    login_as("performance", "clerk")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Grit", ["E1"])], status=PipStatus.LIVE)
    indicator = pip.indicator
    score = Score.get(Score.indicator == indicator, Score.period_end == date(2026, 9, 30))
    names = sorted(_register_forms(indicator, score)[form][1])
    outcomes = set()

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.lists(st.sampled_from(names), max_size=3, unique=True).flatmap(
            lambda keys: st.fixed_dictionaries({name: _value_for(name) for name in keys})
        )
    )
    def post(changes):
        action, valid = _register_forms(indicator, score)[form]
        response = client.post(action, data={**valid, **changes})
        assert response.status_code < 500
        outcomes.add(response.status_code)
        assert client.get(f"/indicators/{indicator.id}").status_code == 200
        assert client.get("/indicators/").status_code == 200
        assert client.post(f"/pips/{pip.id}/refresh").status_code < 400
        every_view(client, pip)

    post()
    assert {302, 422} <= outcomes  # some input was saved and shown, some refused
