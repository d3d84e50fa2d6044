"""Changing a PIP safely: one write transaction, an append-only history, and no lost updates.

Every form on a PIP page carries the PIP version it was drawn from. A save is refused only when
someone else has since changed the *same thing* (the same factor, solution, comment, progress entry or
Section 1): then the user sees what changed and keeps what they typed. Changes elsewhere in the PIP,
and additions such as comments, never conflict (docs/plans.md#changes-and-history).
"""

from contextlib import contextmanager
from decimal import Decimal
from enum import Enum

from flask import abort
from peewee import SQL, IntegrityError

from webapp.core.refusals import Conflict, Refused
from webapp.domain.access import is_read_only
from webapp.domain.described import describe_value
from webapp.domain.merge import canonical_values, three_way
from webapp.models import Pip, PipChange, database, utcnow
from webapp.models.reading import CompiledInsert, CompiledQuery

from .store import load_plan, put_in_order

__all__ = [
    "AlreadyAdded",
    "Conflict",
    "ReadOnlyPlan",
    "Refused",
    "RowRemoved",
    "PlanChange",
    "changing",
    "describe_value",
    "plan_row",
]


class ReadOnlyPlan(Exception):
    """The plan is Completed or Withdrawn: one error handler answers 409."""


class AlreadyAdded(Exception):
    """The addition's form (`form_token`) was sent before and its row added then: nothing is added again, and
    the section is shown as it is (webapp/pips/refusals.py)."""

    def __init__(self, subject):
        super().__init__(f"This form's {subject} was added already")
        self.subject = subject


# Each kind of row, as the history's subjects and the forms' `redraws` name it, in words.
ROW_WORDS = {"factor": "factor", "solution": "solution", "progress": "progress update", "comment": "comment"}


class RowRemoved(Refused):
    """The row was this plan's, and someone removed it after the form was drawn: nothing is saved, and the
    form is drawn again as an addition with what was typed (or, for a removal, the row's last words), to add
    it again if it is still wanted (409)."""

    def __init__(self, kind, removal=False):
        what = ROW_WORDS[kind]
        message = (
            f"Someone else had already removed this {what}. Its last saved words are below, to add it again if "
            "you want it."
            if removal
            else f"Someone else removed this {what} after you opened it, so nothing was saved. What you typed is "
            "below: add it again to keep it."
        )
        super().__init__(kind, message, status=409)


def plan_row(pip_id, rows, kind, row_id, removal=False):
    """The row of the plan with `row_id`, among `rows` (the plan's, as read), to save or (`removal`) remove. A
    row the plan had that someone has removed since is RowRemoved (its removal is in the plan's History); any
    other id, another plan's included, is not found (404)."""
    found = next((row for row in rows if row.id == row_id), None)
    if found is not None:
        return found
    if PipChange.select().where((PipChange.pip == pip_id) & (PipChange.subject == f"{kind}:{row_id}")).exists():
        raise RowRemoved(kind, removal)
    abort(404)


class PlanChange:
    """The change being made: the locked PIP, its rows as they are now, and what the history will say."""

    def __init__(self, pip, user, subject, base=None, plan=None):
        self.pip = pip
        self.user = user
        self.subject = subject
        self.base = base
        self.rows = []
        self._plan = plan

    @property
    def plan(self):
        """The plan's rows as they are now, inside the write: a copy of those the view read just before it
        when no one has written since (the version says so), else read again here; under the PIP as this
        change holds it. A row action keeps it up to date as it writes (`added`, `removed`, and the rows'
        own values), so that afterwards it is the plan as the change left it (`after`)."""
        if self._plan is None:
            self._plan = load_plan(self.pip.id).under(self.pip)
        return self._plan

    def added(self, section, row):
        """`row` (a record of webapp/pips/records.py) is now one of the plan's `section` rows, in its place."""
        rows = getattr(self.plan, section)
        rows.append(row)
        put_in_order(rows, section)

    def removed(self, section, row):
        """`row` is no longer one of the plan's `section` rows."""
        getattr(self.plan, section).remove(row)

    def after(self):
        """The plan as this change leaves it, for the response: its rows as the change kept them. Only a
        change that keeps them (every row action) may give it; the others' views read the plan again."""
        return self.plan

    def row(self, rows, row_id, removal=False):
        """The row of the plan with `row_id`, to save or (`removal`) remove: `plan_row`."""
        return plan_row(self.pip.id, rows, self.subject.partition(":")[0], row_id, removal)

    def changes_since(self):
        """The history lines about this subject written since the form was drawn."""
        if self.base is None or self.base.version is None:
            return []
        return list(
            PipChange.select()
            .where(
                (PipChange.pip == self.pip.id)
                & (PipChange.version > self.base.version)
                & (PipChange.subject == self.subject)
            )
            .order_by(PipChange.version, PipChange.id)
        )

    def check(self, now, mine=None, described=None, removal=False):
        """Refuse (Conflict) when someone else changed any value the form showed since it was drawn.

        `now` are the values saved now and `mine` those the user sent, by the same names as the form
        was drawn with; a removal sends none of its own. `described` gives values in words for the
        message beside a field both people changed.
        """
        if self.base is None or self.base.drawn is None:
            return
        drawn = self.base.drawn
        merge = three_way(drawn, canonical_values(mine) if mine is not None else drawn, canonical_values(now))
        if merge.stale:
            kind, row_id = _kind_and_row(self.subject)
            raise Conflict(
                kind, self.changes_since(), self.pip.version - 1, merge, now, described, removal=removal, row_id=row_id
            )

    def record(self, what, before=None, after=None, subject=None):
        """Add a line to the history; `subject` when the change also touches another thing."""
        self.rows.append(
            {
                "pip": self.pip.id,
                "changed_by": self.user.id if self.user else None,
                "version": self.pip.version,
                "subject": subject or self.subject,
                "what": what[:200],
                "before": describe_value(before),
                "after": describe_value(after),
                "form_token": None,
            }
        )

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


def _kind_and_row(subject):
    kind, _, row = subject.partition(":")
    return kind, int(row) if row.isdigit() else None


# The first statement of every change to a plan: its version raised by one, giving back the PIP as it is now.
# Compiled once (peewee took longer to build it than the database to run it); SQL("1") keeps the plan's id
# its only parameter.
_VERSION_BUMPED = CompiledQuery.returning(
    Pip, lambda pip_id: Pip.update(version=Pip.version + SQL("1")).where(Pip.id == pip_id), 0
)


# The history lines that end every change to a plan (PlanChange.record gives each of these).
_HISTORY_LINES = CompiledInsert(
    PipChange, ("pip", "changed_by", "changed_at", "version", "subject", "what", "before", "after", "form_token")
)


@contextmanager
def changing(pip_id, subject, user, base=None, allow_read_only=False, plan=None, form_token=None):
    """Make one change to PIP `pip_id` about `subject` ("details", "factor:12", "status"...), in one
    transaction with its history lines, based on what the form was drawn from (`base`). `plan` is the
    plan as the view read it, if it did: its rows stand for the rows now when no one wrote in between.

    Raises ReadOnlyPlan for a Completed or Withdrawn plan, and Conflict when someone else changed the
    same subject since: by the values the form showed (`change.check`, a three-way merge), or, for a
    form that shows no values, by the history written since its version. Either way nothing is written.
    An addition gives its form's `form_token`: kept on its first history line, which the database holds once,
    so the same form sent again raises AlreadyAdded and adds nothing (no statement more than the history's).
    """
    with database.atomic():
        # Bump the version first: the UPDATE takes the write lock (the row on PostgreSQL; SQLite's
        # IMMEDIATE transaction already holds the database), so saves to one PIP run one at a time,
        # and gives back the PIP as it is now.
        pip = _VERSION_BUMPED.model_row(pip_id)
        if pip is None:
            abort(404)
        if is_read_only(pip.status) and not allow_read_only:
            raise ReadOnlyPlan()
        # Every change to a plan bumps its version, so the plan read at the version before this one
        # holds every row as it is now: a row action reads nothing twice (docs/quality.md).
        unchanged = plan.copy(pip) if plan is not None and plan.pip.version + 1 == pip.version else None
        change = PlanChange(pip, user, subject, base, unchanged)
        if base is not None and base.drawn is None and base.version is not None:
            changes = change.changes_since()
            if changes:
                kind, row_id = _kind_and_row(subject)
                raise Conflict(kind, changes, pip.version - 1, row_id=row_id)
        yield change
        if change.rows:
            change.rows[0]["form_token"] = form_token
            now = utcnow()
            for row in change.rows:
                row["changed_at"] = now
            try:
                _HISTORY_LINES.insert(change.rows)
            except IntegrityError as refused:
                # The form's token is on a line already (both engines name the column or its index): this form
                # was sent before, and its row added then. Any other refusal is an error as ever.
                if form_token is None or "form_token" not in str(refused):
                    raise
                raise AlreadyAdded(subject) from None
