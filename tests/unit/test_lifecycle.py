from datetime import date

import pytest

from webapp.domain.lifecycle import (
    PlanFacts,
    SolutionFacts,
    can,
    complete_problems,
    next_status,
    submit_problems,
    unaddressed_factors,
)
from webapp.domain.periods import Frequency
from webapp.domain.pips import PipStatus, SolutionStatus, reference, reference_number
from webapp.domain.progress import add_months_keeping_day, is_overdue, next_update_due

COMPLETE_DETAILS = {
    "pi_code": "WR01",
    "pi_name": "Bins",
    "pi_description": "Collected on time",
    "target_value": 98.0,
    "target_as_at": date(2027, 3, 31),
    "score_value": 91.2,
    "score_as_at": date(2026, 9, 30),
}


def ready_plan(**changes):
    plan = PlanFacts(
        status=PipStatus.DRAFT,
        details=dict(COMPLETE_DETAILS),
        factor_refs=("E1", "I1"),
        solutions=[SolutionFacts("S1", SolutionStatus.PROPOSED, date(2026, 12, 1), ("E1",), "solution-1")],
    )
    for name, value in changes.items():
        setattr(plan, name, value)
    return plan


def test_a_complete_draft_can_be_submitted():
    assert submit_problems(ready_plan()) == []


def test_every_unmet_condition_for_submit_is_listed_with_where_to_fix_it():
    plan = ready_plan(
        details={**COMPLETE_DETAILS, "target_value": None, "pi_name": ""},
        factor_refs=(),
        solutions=[SolutionFacts("S1", SolutionStatus.PROPOSED, None, (), "solution-1")],
    )
    problems = submit_problems(plan)
    assert [p.message for p in problems] == [
        "Section 1: enter the PI Name",
        "Section 1: enter the Target",
        "Add at least one external or internal factor (Sections 2 and 3)",
        "Solution S1: enter the Target Date",
        "Solution S1: choose the Factors Addressed",
    ]
    assert problems[-1].anchor == "solution-1"


def test_a_plan_without_solutions_cannot_be_submitted():
    assert [p.anchor for p in submit_problems(ready_plan(solutions=[]))] == ["section-4"]


@pytest.mark.parametrize(
    "statuses, blocked",
    [
        ((SolutionStatus.IN_PLACE, SolutionStatus.NOT_APPROVED), []),
        ((SolutionStatus.APPROVED,), ["S1"]),
        ((SolutionStatus.PROPOSED, SolutionStatus.IN_PLACE), ["S1"]),
        ((), []),
    ],
)
def test_complete_needs_approved_solutions_in_place_and_none_proposed(statuses, blocked):
    solutions = [SolutionFacts(f"S{i}", status, date(2026, 12, 1), ("E1",)) for i, status in enumerate(statuses, 1)]
    problems = complete_problems(ready_plan(status=PipStatus.LIVE, solutions=solutions))
    assert [p.message.split()[1] for p in problems] == blocked


@pytest.mark.parametrize(
    "action, status, allowed",
    [
        ("submit", PipStatus.DRAFT, True),
        ("submit", PipStatus.LIVE, False),
        ("complete", PipStatus.LIVE, True),
        ("complete", PipStatus.DRAFT, False),
        ("withdraw", PipStatus.DRAFT, True),
        ("withdraw", PipStatus.LIVE, True),
        ("withdraw", PipStatus.COMPLETED, False),
        ("reopen", PipStatus.COMPLETED, True),
        ("reopen", PipStatus.WITHDRAWN, False),
    ],
)
def test_transitions(action, status, allowed):
    assert can(action, status) is allowed


def test_next_statuses():
    assert [next_status(a) for a in ("submit", "complete", "withdraw", "reopen")] == [
        PipStatus.LIVE,
        PipStatus.COMPLETED,
        PipStatus.WITHDRAWN,
        PipStatus.LIVE,
    ]


def test_unaddressed_factors_are_named_in_order():
    solutions = [SolutionFacts("S1", SolutionStatus.PROPOSED, None, ("I1",))]
    assert unaddressed_factors(("E1", "E2", "I1"), solutions) == ["E1", "E2"]


def test_references():
    assert reference("E", 3) == "E3"
    assert reference_number("S12", "S") == 12
    assert reference_number("E1", "S") is None
    assert reference_number("S", "S") is None


@pytest.mark.parametrize(
    "frequency, last, live, due",
    [
        (Frequency.MONTHLY, date(2026, 10, 31), date(2026, 6, 1), date(2026, 11, 30)),
        (Frequency.QUARTERLY, date(2026, 10, 15), None, date(2027, 1, 15)),
        (Frequency.ANNUAL, None, date(2026, 6, 1), date(2026, 9, 1)),  # a quarter for annual PIs
        (Frequency.MONTHLY, None, None, None),
    ],
)
def test_next_update_due(frequency, last, live, due):
    assert next_update_due(frequency, last, live) == due


def test_overdue_only_after_the_due_date():
    assert not is_overdue(date(2026, 11, 30), date(2026, 11, 30))
    assert is_overdue(date(2026, 11, 30), date(2026, 12, 1))
    assert not is_overdue(None, date(2026, 12, 1))
    assert add_months_keeping_day(date(2026, 1, 31), 1) == date(2026, 2, 28)
