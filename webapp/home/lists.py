"""The lists Your work reads (docs/your-work.md): each one statement giving its first few rows and, beside
them, how many there are in all, so that the page costs the same for 10 plans or 5,000."""

from dataclasses import dataclass, field
from datetime import date

from peewee import SQL, fn

from webapp.domain.periods import Frequency
from webapp.domain.pips import PipStatus, SolutionStatus
from webapp.domain.progress import next_update_due
from webapp.domain.work import FEW, due_by_if_started_by
from webapp.models import (
    Indicator,
    Pip,
    ProgressUpdate,
    Service,
    Solution,
)


@dataclass
class Few:
    """The first few items of a list and how many there are in all."""

    total: int = 0
    rows: list = field(default_factory=list)

    @property
    def more(self):
        return self.total - len(self.rows)


def first_few(query, limit=FEW):
    """One statement: the query's first `limit` rows, each with the count of all its rows beside it."""
    rows = list(query.select_extend(fn.COUNT(SQL("*")).over().alias("total")).limit(limit).namedtuples())
    return Few(rows[0].total if rows else 0, rows)


# ---- plans whose progress updates are due -------------------------------------------------------


@dataclass
class DueRow:
    id: int
    pi_code: str
    pi_name: str
    service: str
    due: date | None
    overdue: bool


def updates_due(condition, due_by, today, limit=FEW):
    """Live plans meeting `condition` whose next progress update is due on or before `due_by`, the
    soonest due first. Each frequency has its own last start day, so each is read in its own order
    (one statement each) and the first few of all are kept."""
    last_update = ProgressUpdate.select(fn.MAX(ProgressUpdate.made_on)).where(ProgressUpdate.pip == Pip.id)
    start = fn.COALESCE(last_update, Pip.went_live_on)
    total, rows = 0, []
    for frequency in Frequency:
        found = first_few(
            Pip.select(Pip.id, Pip.pi_code, Pip.pi_name, Service.name.alias("service"), last_update.alias("last"))
            .join(Indicator)
            .switch(Pip)
            .join(Service)
            .where(
                condition,
                Pip.status == PipStatus.LIVE.value,
                Indicator.frequency == frequency.value,
                start <= due_by_if_started_by(frequency, due_by),
            )
            .select_extend(Pip.went_live_on)
            .order_by(start, Pip.id),
            limit,
        )
        total += found.total
        for row in found.rows:
            last = ProgressUpdate.made_on.python_value(row.last)
            went_live = Pip.went_live_on.python_value(row.went_live_on)
            due = next_update_due(frequency, last, went_live)
            rows.append(DueRow(row.id, row.pi_code, row.pi_name, row.service, due, due is not None and due < today))
    rows.sort(key=lambda row: (row.due or date.max, row.pi_code))
    return Few(total, rows[:limit])


def plans_where(condition, *order):
    return (
        Pip.select(Pip.id, Pip.pi_code, Pip.pi_name, Pip.raised_on, Pip.went_live_on, Service.name.alias("service"))
        .join(Service)
        .where(condition)
        .order_by(*order, Pip.id)
    )


def proposed_count():
    return (
        Solution.select(fn.COUNT(Solution.id))
        .where((Solution.pip == Pip.id) & (Solution.status == SolutionStatus.PROPOSED.value))
        .alias("proposed")
    )


def solutions_where(condition):
    """Solutions meeting `condition`, with their plans, by PI code then reference number."""
    return (
        Solution.select(
            Solution.id,
            Solution.ref,
            Solution.description,
            Pip.id.alias("pip_id"),
            Pip.pi_code,
            Pip.pi_name,
            Service.name.alias("service"),
        )
        .join(Pip)
        .join(Service)
        .where(condition)
        .order_by(Pip.pi_code, Pip.id, fn.LENGTH(Solution.ref), Solution.ref)
    )


def exceptions_of(selection):
    return selection.pis(Indicator.id, Indicator.code, Indicator.name, Service.name.alias("service"), in_order=True)
