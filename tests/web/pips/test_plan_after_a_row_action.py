"""A row action answers with the plan as it left it, kept up to date as it wrote rather than read again
(webapp/pips/changes.py, `PlanChange.after`): for every kind of row action, that plan is the one a fresh read
gives, on both engines; and the plan the page read first stays as it was read, to compare with.
"""

import json
from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from webapp.domain.pips import CommentRole, Duration, PipStatus, Resourcing, SolutionStatus
from webapp.models import ManagementComment, Pip, ProgressUpdate, SolutionDecision
from webapp.pips import edits
from webapp.pips.store import load_plan

TODAY = date.today()


@pytest.fixture
def plan(db, make_pip):
    """A Live plan whose rows depend on one another: solutions address factors, a CMT comment decided on
    both solutions, and progress scores have decimal places."""
    pip = make_pip(
        factors=[("external", "Snow"), ("internal", "Staff"), ("external", "Floods")],
        solutions=[("Gritting", ["E1", "I1"]), ("Agency staff", ["I1", "E2"])],
        status=PipStatus.LIVE,
    )
    Pip.update(went_live_on=TODAY - timedelta(days=400)).where(Pip.id == pip.id).execute()
    comment = ManagementComment.create(
        pip=pip, role=CommentRole.CMT, author="CMT", made_on=TODAY - timedelta(days=5), text="Approved"
    )
    for solution in load_plan(pip.id).solutions:
        SolutionDecision.create(comment=comment, solution=solution.id, approved=True)
    for n in range(3):
        ProgressUpdate.create(
            pip=pip, made_on=TODAY - timedelta(days=90 * n + 1), comment=f"Update {n}", score=Decimal("80.25") + n
        )
    return load_plan(pip.id)


def _solution_values(description, **changes):
    return {
        "description": description,
        "target_date": date(TODAY.year + 1, 3, 31),
        "resourcing": Resourcing.EXTRA_FUNDING,
        "funding_amount": Decimal("12500.50"),
        "funding_note": "Reserves",
        "time_lag": "Three months",
        "option_group": "",
        "strengths": "Quick",
        "weaknesses": "",
        "status": SolutionStatus.PROPOSED,
    } | changes


def _row_actions(plan, user):
    """Every row action, as (name, the edit run on the plan `read`)."""
    pip_id = plan.pip.id
    snow = plan.factors_of("external")[0]
    staff = plan.factors_of("internal")[0]
    gritting, agency = plan.solutions
    oldest, latest = plan.progress[0], plan.progress[-1]
    return [
        ("add factor", lambda read: edits.add_factor(pip_id, user, "internal", "long_term", "Budget", plan=read)),
        (
            "save factor",
            lambda read: edits.save_factor(
                pip_id, staff.id, user, None, {"duration": Duration.LONG_TERM, "description": "Vacancies"}, plan=read
            ),
        ),
        # Gritting addresses it: the solution no longer does after.
        ("remove factor", lambda read: edits.remove_factor(pip_id, snow.id, user, None, plan=read)),
        (
            "add solution",
            lambda read: edits.add_solution(pip_id, user, _solution_values("Salt store"), [staff.id], plan=read),
        ),
        (
            "save solution",
            lambda read: edits.save_solution(
                pip_id,
                gritting.id,
                user,
                None,
                _solution_values("Gritting at night", funding_amount=Decimal("300.10")),
                [staff.id],
                plan=read,
            ),
        ),
        # The CMT's decision on it goes with it.
        ("remove solution", lambda read: edits.remove_solution(pip_id, agency.id, user, None, plan=read)),
        (
            "add progress",
            lambda read: edits.add_progress(pip_id, user, TODAY, "Gritting started", Decimal("91.50"), plan=read),
        ),
        (
            "save progress",  # now the latest entry: the next update falls due later
            lambda read: edits.save_progress(
                pip_id,
                oldest.id,
                user,
                None,
                {"made_on": TODAY, "comment": "Moved", "score": Decimal("70.100")},
                plan=read,
            ),
        ),
        ("remove progress", lambda read: edits.remove_progress(pip_id, latest.id, user, None, plan=read)),
    ]


ROW_ACTIONS = [
    "add factor",
    "save factor",
    "remove factor",
    "add solution",
    "save solution",
    "remove solution",
    "add progress",
    "save progress",
    "remove progress",
]


def _as_data(plan):
    """Everything a plan holds, as plain values to compare exactly: 300.10 is not 300.1 on a page."""
    return json.loads(json.dumps(_held(plan), default=repr))


def _held(plan):
    return {
        "pip": plan.pip.__data__,
        "indicator": plan.pip.indicator.__data__,
        "service": plan.pip.service.__data__,
        "rows": {name: [_in_pennies(asdict(row)) for row in getattr(plan, name)] for name in SECTIONS},
        "next update due": plan.next_update_due,
        "sections": plan.sections,
    }


SECTIONS = ("factors", "solutions", "comments", "progress")


def _in_pennies(values):
    """Money is kept to the penny: SQLite gives back 12500.5 and PostgreSQL 12500.50, each shown as 12,500.50."""
    if isinstance(values, list):
        return [_in_pennies(value) for value in values]
    if not isinstance(values, dict):
        return values
    held = {name: _in_pennies(value) for name, value in values.items()}
    if held.get("funding_amount") is not None:
        held["funding_amount"] = f"{held['funding_amount']:.2f}"
    return held


def _assert_same(plan, read_afresh):
    held, afresh = _as_data(plan), _as_data(read_afresh)
    for part in ("pip", "indicator", "service", "next update due", "sections"):
        assert held[part] == afresh[part], part
    for section in SECTIONS:
        assert held["rows"][section] == afresh["rows"][section], section


@pytest.mark.parametrize("action", ROW_ACTIONS)
def test_the_plan_after_a_row_action_is_the_plan_as_read_afresh(plan, make_user, action):
    edit = dict(_row_actions(plan, make_user("performance")))[action]
    as_read_first = _as_data(plan)
    _, after = edit(plan)
    _assert_same(after, load_plan(plan.pip.id))
    assert _as_data(after) != as_read_first
    assert _as_data(plan) == as_read_first  # the page's plan is as it was read: what the response compares with


@pytest.mark.parametrize("action", ROW_ACTIONS)
def test_the_plan_after_a_row_action_on_a_plan_read_before_someone_elses_write_is_read_inside_it(
    plan, make_user, action
):
    user = make_user("performance")
    edit = dict(_row_actions(plan, user))[action]
    edits.add_progress(plan.pip.id, user, TODAY - timedelta(days=2), "Someone else's update", None)
    _, after = edit(plan)  # the plan read before that write: its rows are read again inside this one
    _assert_same(after, load_plan(plan.pip.id))
    assert "Someone else's update" in [entry.comment for entry in after.progress]
