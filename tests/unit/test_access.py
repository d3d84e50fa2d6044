import pytest

from webapp.domain.access import can_edit, can_read, can_reopen, comment_roles_allowed, is_read_only
from webapp.domain.pips import CommentRole, PipStatus
from webapp.domain.roles import Role

OWN, OTHER = 1, 2
HOS = frozenset({Role.HEAD_OF_SERVICE})


@pytest.mark.parametrize(
    "roles, service, status, expected",
    [
        (HOS, OWN, PipStatus.DRAFT, True),
        (HOS, OWN, PipStatus.WITHDRAWN, True),
        # The library: another service's Live and Completed plans, never its drafts or withdrawn plans.
        (HOS, OTHER, PipStatus.LIVE, True),
        (HOS, OTHER, PipStatus.COMPLETED, True),
        (HOS, OTHER, PipStatus.DRAFT, False),
        (HOS, OTHER, PipStatus.WITHDRAWN, False),
        ({Role.CMT}, OTHER, PipStatus.COMPLETED, True),
        ({Role.CMT}, OTHER, PipStatus.WITHDRAWN, True),
        ({Role.PERFORMANCE}, OTHER, PipStatus.DRAFT, True),
        ({Role.CMT}, OTHER, PipStatus.DRAFT, True),
        ({Role.CLERK}, OTHER, PipStatus.LIVE, True),
        ({Role.MEMBER}, OTHER, PipStatus.LIVE, False),  # not presented to a committee
        ({Role.MEMBER}, OTHER, PipStatus.COMPLETED, False),  # the library is not for Members
        ({Role.ADMIN}, OTHER, PipStatus.LIVE, False),
        ({Role.ADMIN}, OTHER, PipStatus.COMPLETED, False),
        ({Role.CLERK}, OTHER, PipStatus.DRAFT, True),
        (frozenset(), OWN, PipStatus.LIVE, False),
    ],
)
def test_who_may_read(roles, service, status, expected):
    assert can_read(frozenset(roles), {OWN}, service, status) is expected


@pytest.mark.parametrize(
    "status, presented, expected",
    [
        (PipStatus.LIVE, True, True),
        (PipStatus.COMPLETED, True, True),
        (PipStatus.LIVE, False, False),
        (PipStatus.DRAFT, True, False),  # reopened into a draft: a working document again
    ],
)
def test_members_read_the_plans_presented_to_their_committees(status, presented, expected):
    assert can_read(frozenset({Role.MEMBER}), set(), OTHER, status, presented=presented) is expected


@pytest.mark.parametrize(
    "roles, service, expected",
    [
        (HOS, OWN, True),
        (HOS, OTHER, False),  # reads it in the library, never edits it
        ({Role.PERFORMANCE}, OTHER, True),
        ({Role.CMT}, OWN, False),
        ({Role.CLERK}, OWN, False),
        ({Role.MEMBER}, OWN, False),
        ({Role.ADMIN}, OWN, False),
    ],
)
def test_who_may_edit(roles, service, expected):
    assert can_edit(frozenset(roles), {OWN}, service) is expected


@pytest.mark.parametrize(
    "roles, service, expected",
    [
        (HOS, OWN, [CommentRole.HEAD_OF_SERVICE]),
        (HOS, OTHER, []),
        ({Role.CMT}, OWN, [CommentRole.CMT]),
        ({Role.CLERK}, OWN, [CommentRole.OMT, CommentRole.MEMBERS]),
        ({Role.PERFORMANCE, Role.CMT}, OTHER, [CommentRole.HEAD_OF_SERVICE, CommentRole.CMT]),
        ({Role.MEMBER}, OWN, []),
    ],
)
def test_who_may_comment_in_which_role(roles, service, expected):
    assert comment_roles_allowed(frozenset(roles), {OWN}, service) == expected


def test_reopen_and_read_only():
    assert can_reopen({Role.PERFORMANCE}) and not can_reopen({Role.HEAD_OF_SERVICE})
    assert is_read_only(PipStatus.COMPLETED) and is_read_only(PipStatus.WITHDRAWN)
    assert not is_read_only(PipStatus.LIVE)
