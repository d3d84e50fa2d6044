"""Who may do what to a PIP (PRODUCT §1, §9): by role and, for a Head of Service, by service.

A user may hold several roles; any one that allows an action is enough.
"""
from .pips import CommentRole, PipStatus
from .roles import Role

READERS_OF_ALL = {Role.PERFORMANCE, Role.CMT, Role.CLERK}


def owns(roles, service_ids, service_id):
    """A Head of Service of the PIP's service."""
    return Role.HEAD_OF_SERVICE in roles and service_id in service_ids


def can_read(roles, service_ids, service_id, status, presented=False):
    """`presented`: the plan is on committee papers that have been published (PRODUCT §5)."""
    if roles & READERS_OF_ALL or owns(roles, service_ids, service_id):
        return True
    # Members read the plans presented to their committees, never a working draft.
    return Role.MEMBER in roles and presented and PipStatus(status) is not PipStatus.DRAFT


def can_edit(roles, service_ids, service_id):
    """Write the plan itself: Section 1, factors, solutions, progress, lifecycle."""
    return Role.PERFORMANCE in roles or owns(roles, service_ids, service_id)


def can_raise(roles, service_ids, service_id):
    return can_edit(roles, service_ids, service_id)


def comment_roles_allowed(roles, service_ids, service_id):
    """The Section 5 comment roles this user may record on the PIP."""
    allowed = []
    if can_edit(roles, service_ids, service_id):
        allowed.append(CommentRole.HEAD_OF_SERVICE)
    if Role.CMT in roles:
        allowed.append(CommentRole.CMT)
    if Role.CLERK in roles:
        allowed.extend([CommentRole.OMT, CommentRole.MEMBERS])
    return allowed


def can_reopen(roles):
    return Role.PERFORMANCE in roles


def is_read_only(status):
    """Completed and Withdrawn plans are records: nothing changes until reopened."""
    return PipStatus(status) in (PipStatus.COMPLETED, PipStatus.WITHDRAWN)
