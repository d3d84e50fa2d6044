"""Permission checks for PIP views: 404 for no such plan, 403 for a plan that is not yours."""

import operator
from functools import reduce

from flask import abort
from flask_login import current_user

from webapp.domain import access
from webapp.domain.access import LIBRARY_READERS, LIBRARY_STATUSES, READERS_OF_ALL
from webapp.domain.pips import PipStatus
from webapp.domain.roles import Role
from webapp.models import AgendaItem, AgendaPip, CommitteeSeat, Meeting, Pip

from .store import load_plan


def _user():
    return current_user.roles, current_user.service_ids


def presented_to_committees_of(user_id, pip_ids):
    """A condition: the PIP is on published committee papers of a meeting of a committee the user sits on,
    or was referred from them to such a committee (docs/users-and-permissions.md#members-and-their-committees).
    """
    seats = CommitteeSeat.select(CommitteeSeat.body).where(CommitteeSeat.user == user_id)
    on_their_papers = (
        AgendaPip.select(AgendaPip.pip)
        .join(AgendaItem)
        .join(Meeting)
        .where(AgendaItem.published_at.is_null(False) & (Meeting.body.in_(seats) | AgendaPip.referred_to.in_(seats)))
    )
    return pip_ids.in_(on_their_papers)


def may_read(pip):
    roles, services = _user()
    if access.can_read(roles, services, pip.service_id, pip.status):
        return True
    if Role.MEMBER not in roles:
        return False
    to_them = presented_to_committees_of(current_user.id, Pip.id)
    was_presented = Pip.select().where((Pip.id == pip.id) & to_them).exists()
    return access.can_read(roles, services, pip.service_id, pip.status, presented=was_presented)


def may_edit(pip):
    roles, services = _user()
    return access.can_edit(roles, services, pip.service_id)


def comment_roles(pip):
    roles, services = _user()
    return access.comment_roles_allowed(roles, services, pip.service_id)


def check_read(pip):
    if not may_read(pip):
        abort(403)
    return pip


def check_edit(pip):
    if not may_edit(pip):
        abort(403)
    return pip


def pip_or_404(pip_id):
    pip = Pip.get_or_none(Pip.id == pip_id)
    if pip is None:
        abort(404)
    return pip


def editable_pip(pip_id):
    """The PIP, when the signed-in user may change it; 403 otherwise."""
    return check_edit(pip_or_404(pip_id))


def editable_plan(pip_id):
    """The whole plan (webapp/pips/store.py) when the signed-in user may change it: 404, else 403.
    One statement: a row action reads the plan once, before its write (webapp/pips/changes.py)."""
    plan = load_plan(pip_id)
    check_edit(plan.pip)
    return plan


def readable_condition(user=None):
    """The PIPs the user (the signed-in one unless given) may read, as a query condition: the same rule
    as can_read (docs/users-and-permissions.md#reading-plans), so a list never shows a plan its reader
    could not open."""
    user = user or current_user
    roles = user.roles
    if roles & READERS_OF_ALL:
        return True
    conditions = []
    if Role.HEAD_OF_SERVICE in roles and user.service_ids:
        conditions.append(Pip.service.in_(list(user.service_ids)))
    if roles & LIBRARY_READERS:
        conditions.append(Pip.status.in_([status.value for status in LIBRARY_STATUSES]))
    if Role.MEMBER in roles:
        conditions.append((Pip.status != PipStatus.DRAFT.value) & presented_to_committees_of(user.id, Pip.id))
    return reduce(operator.or_, conditions) if conditions else False
