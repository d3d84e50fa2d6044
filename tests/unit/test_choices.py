"""Which statuses a user may give a solution: the one rule both the form's choices and the server's
check come from (webapp.domain.choices)."""

import pytest

from webapp.domain.choices import may_decide_solutions, solution_statuses
from webapp.domain.pips import SolutionStatus as S
from webapp.domain.roles import Role

HOS = frozenset({Role.HEAD_OF_SERVICE})
PERFORMANCE = frozenset({Role.PERFORMANCE})


@pytest.mark.parametrize(
    "roles, current, expected",
    [
        (HOS, S.PROPOSED, [S.PROPOSED]),  # In place follows CMT's approval
        (HOS, S.APPROVED, [S.PROPOSED, S.APPROVED, S.IN_PLACE]),  # keeping CMT's decision is never refused
        (HOS, S.NOT_APPROVED, [S.PROPOSED, S.NOT_APPROVED]),
        (HOS, S.IN_PLACE, [S.PROPOSED, S.IN_PLACE]),
        (frozenset({Role.HEAD_OF_SERVICE, Role.CMT}), S.PROPOSED, [S.PROPOSED]),  # CMT decides in Section 5
        (PERFORMANCE, S.PROPOSED, [S.PROPOSED, S.APPROVED, S.NOT_APPROVED]),
        (PERFORMANCE, S.APPROVED, list(S)),
        (PERFORMANCE | HOS, S.IN_PLACE, list(S)),
        (frozenset(), S.PROPOSED, [S.PROPOSED]),
    ],
)
def test_the_statuses_a_user_may_set(roles, current, expected):
    assert solution_statuses(roles, current) == expected
    assert may_decide_solutions(roles) is (S.APPROVED in expected and S.NOT_APPROVED in expected)


def test_a_new_solution_starts_from_proposed():
    assert solution_statuses(HOS) == [S.PROPOSED]
