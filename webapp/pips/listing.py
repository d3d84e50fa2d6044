"""The PIP list: every plan the user may read, filtered, with where its PI stands and whether
its progress updates are overdue. The database filters, sorts and pages it (PRODUCT §9): a count and
a page of rows, then the page's last updates, whatever the number of plans."""
from dataclasses import dataclass
from datetime import date

from flask import render_template, request
from peewee import JOIN, Case, fn

from forms.fields import choices
from forms.pips import PlanFilterForm
from webapp.domain.periods import Frequency
from webapp.domain.plans import PipStatus
from webapp.domain.progress import is_overdue, next_update_due, overdue_if_started_by
from webapp.domain.rating import Direction, Rag
from webapp.models import Indicator, Pip, ProgressUpdate, Service, Standing
from webapp.navigation import PLAN_READERS
from webapp.pagination import page_of
from webapp.permissions import role_required

from . import bp
from .access import readable_condition

STATUS_ORDER = {PipStatus.LIVE: 0, PipStatus.DRAFT: 1, PipStatus.COMPLETED: 2, PipStatus.WITHDRAWN: 3}


@dataclass
class PlanRow:
    pip: Pip
    rag: Rag | None  # where its PI stands now; None for a PI with no standing yet
    trend: Direction | None
    last_update: date | None
    next_due: date | None
    overdue: bool


def overdue_condition(today):
    """A condition: the plan is Live and its next progress update was due before `today`, as
    domain/progress.py has it, asked in the database through the last start day that is overdue."""
    last_update = ProgressUpdate.select(fn.MAX(ProgressUpdate.made_on)).where(ProgressUpdate.pip == Pip.id)
    started = fn.COALESCE(last_update, Pip.went_live_on)
    latest_start = Case(Indicator.frequency,
                        [(frequency.value, overdue_if_started_by(frequency, today)) for frequency in Frequency])
    return (Pip.status == PipStatus.LIVE.value) & (started <= latest_start)


def plan_page(condition, number, service_id=None, status=None, rag=None, overdue_only=False, today=None):
    """A page of the plans meeting `condition` and the filters: Live first, then Draft, Completed and
    Withdrawn; within each the overdue first, then by service and PI code."""
    today = today or date.today()
    overdue = overdue_condition(today)
    query = (Pip.select().join(Indicator).switch(Pip).join(Service)
             .switch(Pip).join(Standing, JOIN.LEFT_OUTER, on=(Standing.indicator == Pip.indicator))
             .where(condition))
    if service_id:
        query = query.where(Pip.service == service_id)
    if status:
        query = query.where(Pip.status == status)
    if rag:
        query = query.where(Standing.rag == Rag(rag))
    if overdue_only:
        query = query.where(overdue)
    status_order = Case(Pip.status, [(status.value, order) for status, order in STATUS_ORDER.items()])
    rows = (query.select(Pip.id, Pip.pi_code, Pip.pi_name, Pip.status, Pip.went_live_on, Pip.indicator,
                         Indicator.frequency, Service.name, Standing.rag, Standing.trend)
            .order_by(status_order, Case(None, [(overdue, 0)], 1), Service.name, Pip.pi_code, Pip.id))
    return page_of(query.count(), number,
                   lambda start, size: _plan_rows(list(rows.limit(size).offset(start)), today))


def _plan_rows(pips, today):
    """Each plan on the page with its last progress update and when the next is due."""
    last_updates = dict(ProgressUpdate.select(ProgressUpdate.pip, fn.MAX(ProgressUpdate.made_on))
                        .where(ProgressUpdate.pip.in_([p.id for p in pips]))
                        .group_by(ProgressUpdate.pip).tuples())
    rows = []
    for pip in pips:
        last = ProgressUpdate.made_on.python_value(last_updates.get(pip.id))
        due = next_update_due(pip.indicator.frequency, last, pip.went_live_on) \
            if pip.status is PipStatus.LIVE else None
        standing = getattr(pip, "standing", None)
        rows.append(PlanRow(pip, standing.rag if standing else None, standing.trend if standing else None,
                            last, due, is_overdue(due, today)))
    return rows


@bp.route("/")
@role_required(*PLAN_READERS)
def index():
    form = PlanFilterForm(request.args)
    form.service.choices = choices([(0, "All services")] + [(s.id, s.name) for s in Service.select().order_by(Service.name)])
    if not form.validate():
        form = PlanFilterForm(formdata=None)
        form.service.choices = choices([(0, "All services")])
    page = plan_page(readable_condition(), request.args.get("page", 1, type=int), form.service.data,
                     form.status.data, form.rag.data, form.overdue.data == "yes")
    return render_template("pips/index.html", form=form, rows=page.items, page=page)
