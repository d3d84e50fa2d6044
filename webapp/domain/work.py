"""What counts as work to do on the Your work page (docs/your-work.md): when a progress update is due soon,
which period's score is due, which plans wait for CMT and which declined solutions need a new proposal."""

from datetime import date, timedelta

from .periods import Frequency, latest_period_end
from .pips import PipStatus, SolutionStatus
from .progress import overdue_if_started_by

# A progress update due within this many days is shown to its Head of Service beside the overdue ones.
DUE_SOON_DAYS = 14
# How many items of a long list the page shows before "and N more" with a link to the full list.
FEW = 5

# A plan waits for CMT's decision while it is Live and has a solution still Proposed.
AWAITING_DECISION_PLAN = PipStatus.LIVE
AWAITING_DECISION_SOLUTION = SolutionStatus.PROPOSED
# Plans still being worked on: a declined solution there may need another proposal.
OPEN_PLANS = (PipStatus.DRAFT, PipStatus.LIVE)
# A solution in the same option group with one of these statuses means CMT chose the alternative.
CHOSEN = (SolutionStatus.APPROVED, SolutionStatus.IN_PLACE)


def due_soon_horizon(today: date) -> date:
    """The last day an update may be due on to be listed as due soon."""
    return today + timedelta(days=DUE_SOON_DAYS)


def is_due_soon(due: date | None, today: date) -> bool:
    """Due within DUE_SOON_DAYS, or already overdue."""
    return due is not None and due <= due_soon_horizon(today)


def due_by_if_started_by(frequency: Frequency, horizon: date) -> date:
    """The last day a plan's last progress entry (or its going Live) may fall on for its next update to
    be due on or before `horizon`: due by `horizon` is overdue the day after it."""
    return overdue_if_started_by(frequency, horizon + timedelta(days=1))


def score_due_period_end(frequency: Frequency, today: date) -> date:
    """The period whose score is due: the latest that ended before today (a period ending today is
    still being counted)."""
    return latest_period_end(frequency, today - timedelta(days=1))


def needs_new_proposal(
    plan_status: PipStatus | str, status: SolutionStatus | str, alternative_chosen: bool, proposal_waiting: bool
) -> bool:
    """A declined solution needs a new proposal from the Head of Service while the plan is open, unless
    CMT chose another solution of its option group instead (`alternative_chosen`) or a proposal already
    waits for CMT on the plan (`proposal_waiting`)."""
    return (
        PipStatus(plan_status) in OPEN_PLANS
        and SolutionStatus(status) is SolutionStatus.NOT_APPROVED
        and not alternative_chosen
        and not proposal_waiting
    )
