"""A row action sends at most eight SQL statements (docs/quality.md), however big the plan, and reads the rows
again inside its write only when someone else wrote between the page's read and the write (issue 9).

Each action is done as htmx does it, with the form read off the page, on a small plan and on a realistic
one (6 factors, 5 solutions, 8 comments, 24 progress entries); the count is the same for both.
"""

from datetime import date, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from tests.querycount import count_queries
from tests.web.page_forms import changed, form_values
from webapp.domain.merge import Base, canonical_values
from webapp.domain.pips import CommentRole, PipStatus
from webapp.models import Factor, ManagementComment, Pip, PipChange, ProgressUpdate, Solution
from webapp.pips import edits
from webapp.pips.changes import Conflict
from webapp.pips.store import load_plan

BUDGET = 8
TODAY = date.today()


@pytest.fixture
def plan_of_size(make_pip, make_user):
    def make(factors, solutions, comments, progress):
        pip = make_pip(
            factors=[("external" if n % 2 else "internal", f"Factor {n}") for n in range(factors)],
            solutions=[(f"Solution {n}", []) for n in range(solutions)],
            status=PipStatus.LIVE,
        )
        Pip.update(went_live_on=TODAY - timedelta(days=3 * 365)).where(Pip.id == pip.id).execute()
        for n in range(comments):
            ManagementComment.create(
                pip=pip,
                role=CommentRole.HEAD_OF_SERVICE,
                author="Head of Service",
                made_on=TODAY - timedelta(days=n),
                text=f"Comment {n}",
            )
        for n in range(progress):
            ProgressUpdate.create(
                pip=pip, made_on=TODAY - timedelta(days=30 * n + 1), comment=f"Update {n}", score=80 + n % 10
            )
        return pip

    return make


def _htmx_post(client, url, values):
    return client.post(url, data=MultiDict(values), headers={"HX-Request": "true"})


def _form(client, page, action):
    return form_values(client.get(page, headers={"HX-Request": "true"}).get_data(as_text=True), action)


def _actions(pip_id):
    """(name, how to ready its form, the URL it posts to, changes to the form) for every row action."""
    factor = Factor.select().where(Factor.pip == pip_id).order_by(Factor.id).first().id
    other_factor = Factor.select().where(Factor.pip == pip_id).order_by(Factor.id.desc()).first().id
    solution = Solution.select().where(Solution.pip == pip_id).order_by(Solution.id).first().id
    other_solution = Solution.select().where(Solution.pip == pip_id).order_by(Solution.id.desc()).first().id
    entry = ProgressUpdate.select().where(ProgressUpdate.pip == pip_id).order_by(ProgressUpdate.id).first().id
    other_entry = (
        ProgressUpdate.select().where(ProgressUpdate.pip == pip_id).order_by(ProgressUpdate.id.desc()).first().id
    )
    base = f"/pips/{pip_id}"
    day = TODAY - timedelta(days=1)
    return [
        (
            "add factor",
            f"{base}/factors/new?kind=external",
            f"{base}/factors",
            {"duration": "temporary", "description": "A new factor"},
        ),
        ("save factor", f"{base}/factors/{factor}/edit", f"{base}/factors/{factor}", {"description": "Changed"}),
        ("remove factor", f"{base}/factors/{other_factor}/edit", f"{base}/factors/{other_factor}/remove", {}),
        (
            "add solution",
            f"{base}/solutions/new",
            f"{base}/solutions",
            {
                "solution-description": "A new solution",
                "solution-target_date-day": "1",
                "solution-target_date-month": "12",
                "solution-target_date-year": str(TODAY.year + 1),
                "solution-resourcing": "within_service",
                "solution-status": "proposed",
                "solution-factors": [str(factor)],
            },
        ),
        (
            "save solution",
            f"{base}/solutions/{solution}/edit",
            f"{base}/solutions/{solution}",
            {"solution-description": "Changed", "solution-factors": [str(factor)]},
        ),
        ("remove solution", f"{base}/solutions/{other_solution}/edit", f"{base}/solutions/{other_solution}/remove", {}),
        (
            "add progress",
            f"{base}/progress/new",
            f"{base}/progress",
            {
                "made_on-day": str(day.day),
                "made_on-month": str(day.month),
                "made_on-year": str(day.year),
                "comment": "A new update",
                "score": "81",
            },
        ),
        ("save progress", f"{base}/progress/{entry}/edit", f"{base}/progress/{entry}", {"comment": "Changed"}),
        ("remove progress", f"{base}/progress/{other_entry}/edit", f"{base}/progress/{other_entry}/remove", {}),
    ]


def _counts(client, pip_id):
    counts = {}
    for name, page, action, changes in _actions(pip_id):
        values = changed(_form(client, page, action.removesuffix("/remove")), **changes)
        with count_queries() as statements:
            response = _htmx_post(client, action, values)
        assert response.status_code == 200, (name, response.get_data(as_text=True)[:2000])
        counts[name] = len(statements)
    return counts


def test_every_row_action_sends_at_most_eight_statements_whatever_the_plans_size(client, login_as, plan_of_size):
    login_as("performance")
    small = _counts(client, plan_of_size(2, 2, 0, 2).id)
    realistic = _counts(client, plan_of_size(6, 5, 8, 24).id)
    assert realistic == small
    assert max(realistic.values()) <= BUDGET, realistic


def test_each_row_action_is_written_with_its_history(client, login_as, plan_of_size):
    login_as("performance")
    pip = plan_of_size(6, 5, 8, 24)
    _counts(client, pip.id)
    plan = load_plan(pip.id)
    assert "A new factor" in [f.description for f in plan.factors]
    assert "Changed" in [f.description for f in plan.factors]
    assert "Changed" in [s.description for s in plan.solutions]
    assert "A new solution" in [s.description for s in plan.solutions]
    assert "Changed" in [p.comment for p in plan.progress]
    assert len(plan.factors) == 6 and len(plan.solutions) == 5 and len(plan.progress) == 24
    whats = [c.what for c in PipChange.select().where(PipChange.pip == pip.id)]
    assert any(w.startswith("Removed factor") for w in whats)
    assert any(w.startswith("Removed solution") for w in whats)
    assert any(w.startswith("Removed progress update") for w in whats)


def test_a_plan_read_before_someone_elses_write_is_read_again_inside_the_write(db, make_pip, make_user):
    """The page's plan stands for the rows only at the version it was read at: a change in between (here
    to the same factor) is seen inside the write, and the save is refused rather than overwriting it."""
    pip = make_pip(factors=[("external", "Snow")])
    me, other = make_user("performance"), make_user("performance")
    read_by_my_page = load_plan(pip.id)
    factor = read_by_my_page.factors[0]
    drawn = edits.factor_values(factor)
    base = _base(read_by_my_page.pip.version, drawn)
    edits.save_factor(
        pip.id, factor.id, other, _base(read_by_my_page.pip.version, drawn), {**drawn, "description": "Snow and ice"}
    )
    with pytest.raises(Conflict):
        edits.save_factor(pip.id, factor.id, me, base, {**drawn, "description": "Heavy snow"}, plan=read_by_my_page)
    assert Factor.get_by_id(factor.id).description == "Snow and ice"
    # Pressing Save again, on the plan as it is now, writes mine.
    now = load_plan(pip.id)
    edits.save_factor(
        pip.id,
        factor.id,
        me,
        _base(now.pip.version, edits.factor_values(now.factors[0])),
        {**edits.factor_values(now.factors[0]), "description": "Heavy snow"},
        plan=now,
    )
    assert Factor.get_by_id(factor.id).description == "Heavy snow"


def test_an_addition_on_a_plan_read_before_another_addition_takes_the_next_reference(db, make_pip, make_user):
    pip = make_pip(factors=[("external", "Snow")])
    user = make_user("performance")
    stale = load_plan(pip.id)
    edits.add_factor(pip.id, user, "external", "temporary", "Ice")
    added, after = edits.add_factor(pip.id, user, "external", "temporary", "Floods", plan=stale)
    assert added.ref == "E3"
    assert [f.ref for f in load_plan(pip.id).factors] == ["E1", "E2", "E3"]
    assert [f.ref for f in after.factors] == ["E1", "E2", "E3"]  # read again inside the write, not the stale plan


def _base(version, drawn):
    """What a form drawn at `version` showing `drawn` sends back."""
    return Base(version, canonical_values(drawn))
