"""What counts on Your work (docs/your-work.md): due soon, the score due, declined solutions needing a proposal."""

from datetime import date

import pytest

from webapp.domain.periods import Frequency
from webapp.domain.pips import PipStatus, SolutionStatus
from webapp.domain.progress import next_update_due
from webapp.domain.work import (
    DUE_SOON_DAYS,
    due_by_if_started_by,
    due_soon_horizon,
    is_due_soon,
    needs_new_proposal,
    score_due_period_end,
)

TODAY = date(2026, 11, 20)


def test_due_soon_is_within_fourteen_days_or_overdue():
    assert DUE_SOON_DAYS == 14 and due_soon_horizon(TODAY) == date(2026, 12, 4)
    assert is_due_soon(date(2026, 12, 4), TODAY) and is_due_soon(date(2026, 10, 1), TODAY)
    assert not is_due_soon(date(2026, 12, 5), TODAY) and not is_due_soon(None, TODAY)


@pytest.mark.parametrize("frequency", list(Frequency))
@pytest.mark.parametrize("horizon", [date(2026, 12, 4), date(2027, 3, 31), date(2027, 2, 28), date(2028, 2, 29)])
def test_the_last_start_day_agrees_with_the_due_date_for_every_start(frequency, horizon):
    last = due_by_if_started_by(frequency, horizon)
    assert next_update_due(frequency, last, None) <= horizon
    assert next_update_due(frequency, date.fromordinal(last.toordinal() + 1), None) > horizon


@pytest.mark.parametrize(
    "frequency, today, expected",
    [
        (Frequency.MONTHLY, date(2026, 11, 20), date(2026, 10, 31)),
        (Frequency.MONTHLY, date(2026, 11, 30), date(2026, 10, 31)),  # November is still being counted
        (Frequency.MONTHLY, date(2026, 12, 1), date(2026, 11, 30)),
        (Frequency.QUARTERLY, date(2026, 11, 20), date(2026, 9, 30)),
        (Frequency.ANNUAL, date(2026, 11, 20), date(2026, 3, 31)),
        (Frequency.ANNUAL, date(2026, 3, 31), date(2025, 3, 31)),
    ],
)
def test_the_score_due_is_for_the_latest_period_ended_before_today(frequency, today, expected):
    assert score_due_period_end(frequency, today) == expected


@pytest.mark.parametrize(
    "plan, status, alternative_chosen, proposal_waiting, expected",
    [
        (PipStatus.LIVE, SolutionStatus.NOT_APPROVED, False, False, True),
        (PipStatus.DRAFT, SolutionStatus.NOT_APPROVED, False, False, True),
        (PipStatus.LIVE, SolutionStatus.NOT_APPROVED, True, False, False),  # CMT chose the alternative
        (PipStatus.LIVE, SolutionStatus.NOT_APPROVED, False, True, False),  # a new proposal waits for CMT
        (PipStatus.COMPLETED, SolutionStatus.NOT_APPROVED, False, False, False),
        (PipStatus.LIVE, SolutionStatus.APPROVED, False, False, False),
    ],
)
def test_a_declined_solution_needs_a_new_proposal(plan, status, alternative_chosen, proposal_waiting, expected):
    assert needs_new_proposal(plan, status, alternative_chosen, proposal_waiting) is expected
