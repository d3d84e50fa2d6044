"""Who may do what to a PIP (docs/users-and-permissions.md#roles, docs/quality.md): by role and, for a Head of Service,
by service.

A user may hold several roles; any one that allows an action is enough.
"""

from collections.abc import Collection, Set

from .pips import CommentRole, PipStatus
from .roles import Role

READERS_OF_ALL = {Role.PERFORMANCE, Role.CMT, Role.CLERK}
# The library of plans (docs/users-and-permissions.md#reading-plans): Heads of Service read, never edit, every
# service's Live and Completed plans; their drafts (and withdrawn plans) stay with their own service.
LIBRARY_READERS = {Role.HEAD_OF_SERVICE}
LIBRARY_STATUSES = (PipStatus.LIVE, PipStatus.COMPLETED)


def owns(roles: Set[Role], service_ids: Collection[int], service_id: int) -> bool:
    """A Head of Service of the PIP's service."""
    return Role.HEAD_OF_SERVICE in roles and service_id in service_ids


def can_read(
    roles: Set[Role], service_ids: Collection[int], service_id: int, status: PipStatus | str, presented: bool = False
) -> bool:
    """`presented`: the plan is on published papers of a committee the reader sits on, or was referred from
    them to such a committee (docs/users-and-permissions.md#members-and-their-committees)."""
    if roles & READERS_OF_ALL or owns(roles, service_ids, service_id):
        return True
    status = PipStatus(status)
    if roles & LIBRARY_READERS and status in LIBRARY_STATUSES:
        return True
    # Members read the plans presented to their committees, never a working draft.
    return Role.MEMBER in roles and presented and status is not PipStatus.DRAFT


def can_edit(roles: Set[Role], service_ids: Collection[int], service_id: int) -> bool:
    """Write the plan itself: Section 1, factors, solutions, progress, lifecycle."""
    return Role.PERFORMANCE in roles or owns(roles, service_ids, service_id)


def can_raise(roles: Set[Role], service_ids: Collection[int], service_id: int) -> bool:
    return can_edit(roles, service_ids, service_id)


def comment_roles_allowed(roles: Set[Role], service_ids: Collection[int], service_id: int) -> list[CommentRole]:
    """The Section 5 comment roles this user may record on the PIP."""
    allowed: list[CommentRole] = []
    if can_edit(roles, service_ids, service_id):
        allowed.append(CommentRole.HEAD_OF_SERVICE)
    if Role.CMT in roles:
        allowed.append(CommentRole.CMT)
    if Role.CLERK in roles:
        allowed.extend([CommentRole.OMT, CommentRole.MEMBERS])
    return allowed


def can_reopen(roles: Set[Role]) -> bool:
    return Role.PERFORMANCE in roles


def is_read_only(status: PipStatus | str) -> bool:
    """Completed and Withdrawn plans are records: nothing changes until reopened."""
    return PipStatus(status) in (PipStatus.COMPLETED, PipStatus.WITHDRAWN)
