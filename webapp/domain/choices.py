"""The choices a form offers, decided by the same rules the server checks them with, so that a form
never offers what it would then refuse (docs/users-and-permissions.md#roles, docs/plans.md#the-plan Section 4 and
Section 5)."""

from collections.abc import Set

from .pips import SolutionStatus
from .roles import Role

DECISIONS = (SolutionStatus.APPROVED, SolutionStatus.NOT_APPROVED)


def may_decide_solutions(roles: Set[Role]) -> bool:
    """Approving or declining a solution is CMT's decision, recorded in a CMT comment (Section 5).
    A performance officer may set it on the solution itself, keeping the plan in step on CMT's behalf."""
    return Role.PERFORMANCE in roles


def solution_statuses(roles: Set[Role], current: SolutionStatus = SolutionStatus.PROPOSED) -> list[SolutionStatus]:
    """The statuses this user may give a solution whose status is now `current`, in the template's order.
    Keeping the status a solution has is never refused, whoever saves it. In place follows approval
    (Proposed, then Approved or Not approved, then In place): a solution nobody approved is never put in place."""
    decides = may_decide_solutions(roles)

    def offered(status: SolutionStatus) -> bool:
        if status is current:
            return True
        if status in DECISIONS:
            return decides
        if status is SolutionStatus.IN_PLACE:
            return current is SolutionStatus.APPROVED
        return True

    return [status for status in SolutionStatus if offered(status)]
