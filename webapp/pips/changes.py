"""Changing a PIP safely: one write transaction, an append-only history, and no lost updates.

Every form on a PIP page carries the PIP version it was drawn from. A save is refused only when
someone else has since changed the *same thing* (the same factor, solution, comment, progress entry or
Section 1): then the user sees what changed and keeps what they typed. Changes elsewhere in the PIP,
and additions such as comments, never conflict (PRODUCT §4).
"""
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from webapp.domain.access import is_read_only
from webapp.models import Pip, PipChange, database


class Conflict(Exception):
    """Someone else changed the same thing since the form was drawn."""

    def __init__(self, changes, version):
        super().__init__("The plan was changed by someone else")
        self.changes = changes
        self.version = version  # the current version, for the form shown again

    def restamp(self, form):
        """Draw the form again from the current version, so that saving it again goes through."""
        form.version.data = self.version
        form.version.raw_data = None  # else the field would show the stale version the user sent


class ReadOnlyPlan(Exception):
    """The plan is Completed or Withdrawn."""


def describe(value):
    """How a value reads in the history: UK dates, labels for choices, plain numbers."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, datetime):
        return f"{value:%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(describe(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


class PlanChange:
    """The change being made: the locked PIP and what the history will say of it."""

    def __init__(self, pip, user, subject):
        self.pip = pip
        self.user = user
        self.subject = subject
        self.rows = []

    def record(self, what, before=None, after=None, subject=None):
        """Add a line to the history; `subject` when the change also touches another thing."""
        self.rows.append({"pip": self.pip.id, "changed_by": self.user.id if self.user else None,
                          "version": self.pip.version, "subject": subject or self.subject, "what": what[:200],
                          "before": describe(before), "after": describe(after)})

    def compare(self, label_prefix, obj, values, labels):
        """Set each field of `obj` to its new value, recording those that changed."""
        changed = []
        for name, new in values.items():
            old = getattr(obj, name)
            if _same(old, new):
                continue
            self.record(f"{label_prefix}{labels.get(name, name)}", old, new)
            setattr(obj, name, new)
            changed.append(name)
        return changed


def _same(old, new):
    if isinstance(old, Enum) or isinstance(new, Enum):
        return getattr(old, "value", old) == getattr(new, "value", new)
    if isinstance(old, (float, int, Decimal)) and isinstance(new, (float, int, Decimal)):
        return Decimal(str(old)) == Decimal(str(new))
    return old == new or (old in (None, "") and new in (None, ""))


@contextmanager
def changing(pip_id, subject, user, base_version=None, allow_read_only=False):
    """Make one change to PIP `pip_id` about `subject`, based on the version the form was drawn from.

    Raises Conflict when someone changed the same subject since `base_version`, and ReadOnlyPlan for a
    Completed or Withdrawn plan. Either way nothing is written.
    """
    with database.atomic():
        # Bump the version first: the UPDATE takes the write lock (the row on PostgreSQL; SQLite's
        # IMMEDIATE transaction already holds the database), so saves to one PIP run one at a time.
        Pip.update(version=Pip.version + 1).where(Pip.id == pip_id).execute()
        pip = Pip.get_by_id(pip_id)
        if is_read_only(pip.status) and not allow_read_only:
            raise ReadOnlyPlan()
        if base_version is not None:
            conflicts = list(
                PipChange.select()
                .where((PipChange.pip == pip_id) & (PipChange.version > base_version)
                       & (PipChange.subject == subject))
                .order_by(PipChange.version, PipChange.id)
            )
            if conflicts:
                raise Conflict(conflicts, pip.version - 1)
        change = PlanChange(pip, user, subject)
        yield change
        if change.rows:
            PipChange.insert_many(change.rows).execute()
