"""The PIP list: every plan the user may read, filtered, with where its PI stands and whether
its progress updates are overdue. Live plans come first, the overdue ones at their head, then Draft,
Completed and Withdrawn; within each, by service and PI code.

The database filters, counts and pages it, at the same cost for 100 or 5,000 plans (docs/quality.md).
Each of those five groups is read in its own order from indexes (services by name, then a service's
plans of one status by PI code), so a page reads the rows up to its own end and no more: a count by
status says which groups the page falls in, and one statement reads each of those groups up to the
page's end and keeps the page. Three statements in all, whatever the number of plans."""

import operator
from dataclasses import dataclass
from datetime import date
from functools import reduce

from flask import render_template, request
from peewee import JOIN, Case, Select, Value, fn

from forms.core.fields import choices
from forms.pips.listing import PlanFilterForm
from webapp.core.navigation import PLAN_READERS
from webapp.core.pagination import PER_PAGE, page_asked, page_of
from webapp.core.permissions import role_required
from webapp.domain.periods import Frequency
from webapp.domain.pips import PipStatus
from webapp.domain.progress import is_overdue, next_update_due, overdue_if_started_by
from webapp.domain.rating import Direction, Rag
from webapp.domain.work import AWAITING_DECISION_PLAN, AWAITING_DECISION_SOLUTION
from webapp.models import Indicator, Pip, ProgressUpdate, Service, Solution, Standing

from . import bp
from .access import readable_condition

# The list's groups in its order: a status, and for Live plans whether their updates are overdue.
GROUPS = [
    (PipStatus.LIVE, True),
    (PipStatus.LIVE, False),
    (PipStatus.DRAFT, None),
    (PipStatus.COMPLETED, None),
    (PipStatus.WITHDRAWN, None),
]
STATUS_ORDER = [PipStatus.LIVE, PipStatus.DRAFT, PipStatus.COMPLETED, PipStatus.WITHDRAWN]


@dataclass
class PlanRow:
    pip: Pip
    rag: Rag | None  # where its PI stands now; None for a PI with no standing yet
    trend: Direction | None
    last_update: date | None
    next_due: date | None
    overdue: bool


def overdue_condition(today):
    """A condition on a plan joined to its PI: it is Live and its next progress update was due before
    `today`, as domain/progress.py has it, asked through the last start day that is overdue. A plan
    with neither a progress entry nor a day it went Live is never overdue (and never unknown, so that
    NOT of this condition holds for it)."""
    last_update = ProgressUpdate.select(fn.MAX(ProgressUpdate.made_on)).where(ProgressUpdate.pip == Pip.id)
    start = fn.COALESCE(last_update, Pip.went_live_on, date.max)
    latest_start = Case(
        Indicator.frequency, [(frequency.value, overdue_if_started_by(frequency, today)) for frequency in Frequency]
    )
    return (Pip.status == PipStatus.LIVE.value) & (start <= latest_start)


def awaiting_decision_condition():
    """A condition on a plan: it waits for CMT's decision, Live with a solution still Proposed
    (docs/your-work.md)."""
    proposed = Solution.select(Solution.id).where(
        (Solution.pip == Pip.id) & (Solution.status == AWAITING_DECISION_SOLUTION.value)
    )
    return (Pip.status == AWAITING_DECISION_PLAN.value) & fn.EXISTS(proposed)


@dataclass
class PlanFilter:
    """The plans asked for: conditions on the plan, the RAG of its PI's standing, overdue or not."""

    conditions: list
    rag: Rag | None
    overdue: object  # the overdue condition for today
    overdue_only: bool

    def plans(self, *columns, pi=False, in_order=False, extra=()):
        """The plans selected, joined to what `columns` and the conditions need (`pi` for the overdue
        condition); `in_order` to read them by service, PI code and id."""
        if in_order:
            # SQLite keeps a CROSS JOIN's order: services by name outside, each one's plans of a status
            # by PI code inside, so a group is read from the indexes in the list's order.
            query = (
                Service.select(*columns)
                .join(Pip, JOIN.CROSS)
                .where(Pip.service == Service.id)
                .order_by(Service.name, Pip.pi_code, Pip.id)
                .switch(Pip)
            )
        else:
            query = Pip.select(*columns)
        if pi or self.overdue_only:
            query = query.switch(Pip).join(Indicator)
        if self.rag:
            query = query.switch(Pip).join(Standing, on=(Standing.indicator == Pip.indicator))
        rated = [Standing.rag == self.rag] if self.rag else []
        overdue = [self.overdue] if self.overdue_only else []
        return query.where(*self.conditions, *rated, *overdue, *extra)


def plan_page(
    condition,
    number,
    service_id=None,
    status=None,
    rag=None,
    overdue_only=False,
    today=None,
    per_page=PER_PAGE,
    awaiting_only=False,
):
    """The `number`th page of the plans meeting `condition` and the filters."""
    today = today or date.today()
    overdue = overdue_condition(today)
    conditions = [condition]
    if service_id:
        conditions.append(Pip.service == service_id)
    if status:
        conditions.append(Pip.status == status)
    if awaiting_only:
        conditions.append(awaiting_decision_condition())
    chosen = PlanFilter(conditions, Rag(rag) if rag else None, overdue, overdue_only)
    by_status = dict(chosen.plans(Pip.status, fn.COUNT(Pip.id)).group_by(Pip.status).tuples())
    return page_of(
        sum(by_status.values()),
        number,
        lambda start, size: _plan_rows(_page(chosen, by_status, start, size), today),
        per_page,
    )


def _page(chosen, by_status, start, size):
    """The plans from the `start`th, `size` of them, in the list's order, joined to their PIs, services
    and standings. Each group the page falls in is read in order up to the page's end: all that comes
    before the page's end is then at hand, though how many Live plans are overdue was never counted."""
    end, before, parts, skipped = start + size, 0, [], None
    for status in STATUS_ORDER:
        count = by_status.get(status, 0)
        if before < end and before + count > start:
            skipped = before if skipped is None else skipped  # the plans of the statuses not read
            for place, (group_status, overdue) in enumerate(GROUPS):
                if group_status is status and not (overdue is False and chosen.overdue_only):
                    parts.append(_group(chosen, place, status, overdue, end - before))
        before += count
    if not parts:
        return []
    page = reduce(operator.add, parts).alias("page")  # UNION ALL
    return list(
        Pip.select(
            Pip.id,
            Pip.pi_code,
            Pip.pi_name,
            Pip.status,
            Pip.went_live_on,
            Pip.indicator,
            Indicator.frequency,
            Service.name,
            Standing.rag,
            Standing.trend,
        )
        .join(page, on=(Pip.id == page.c.id))
        .switch(Pip)
        .join(Indicator)
        .switch(Pip)
        .join(Service)
        .switch(Pip)
        .join(Standing, JOIN.LEFT_OUTER, on=(Standing.indicator == Pip.indicator), attr="standing")
        .order_by(page.c.place, Service.name, Pip.pi_code, Pip.id)
        .limit(size)
        .offset(start - skipped)
    )


def _group(chosen, place, status, overdue, most):
    """The first `most` plans of a group, in order, each with the group's place in the list."""
    extra = [Pip.status == status.value]
    if overdue is not None:
        extra.append(chosen.overdue if overdue else ~chosen.overdue)
    part = (
        chosen.plans(Pip.id, Value(place).alias("place"), pi=overdue is not None, in_order=True, extra=extra)
        .limit(most)
        .alias(f"group{place}")
    )
    return Select([part], [part.c.id, part.c.place])  # SQLite takes a LIMIT in a UNION's part only in a subquery


def _plan_rows(pips, today):
    """Each plan on the page with its last progress update and when the next is due."""
    if not pips:
        return []
    last_updates = dict(
        ProgressUpdate.select(ProgressUpdate.pip, fn.MAX(ProgressUpdate.made_on))
        .where(ProgressUpdate.pip.in_([p.id for p in pips]))
        .group_by(ProgressUpdate.pip)
        .tuples()
    )
    rows = []
    for pip in pips:
        last = ProgressUpdate.made_on.python_value(last_updates.get(pip.id))
        due = next_update_due(pip.indicator.frequency, last, pip.went_live_on) if pip.status is PipStatus.LIVE else None
        standing = pip.standing
        rows.append(
            PlanRow(
                pip,
                standing.rag if standing else None,
                standing.trend if standing else None,
                last,
                due,
                is_overdue(due, today),
            )
        )
    return rows


@bp.route("/")
@role_required(*PLAN_READERS)
def index():
    form = PlanFilterForm(request.args)
    form.service.choices = choices(
        [(0, "All services")] + [(s.id, s.name) for s in Service.select().order_by(Service.name)]
    )
    if not form.validate():
        form = PlanFilterForm(formdata=None)
        form.service.choices = choices([(0, "All services")])
    page = plan_page(
        readable_condition(),
        page_asked(),
        form.service.data,
        form.status.data,
        form.rag.data,
        form.overdue.data == "yes",
        awaiting_only=form.awaiting.data == "yes",
    )
    return render_template("pips/index.html", form=form, rows=page.items, page=page)
