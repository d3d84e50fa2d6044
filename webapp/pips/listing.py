"""The PIP list: every plan the user may read, filtered, with where its PI stands and whether
its progress updates are overdue. A fixed number of queries whatever the number of plans."""
from dataclasses import dataclass
from datetime import date

from flask import render_template, request
from peewee import fn

from forms.fields import choices
from forms.pips import PlanFilterForm
from webapp.domain.plans import PipStatus
from webapp.domain.progress import is_overdue, next_update_due
from webapp.domain.rating import Rag
from webapp.models import Indicator, Pip, ProgressUpdate, Service
from webapp.navigation import PLAN_READERS
from webapp.permissions import role_required
from webapp.register import register_rows

from . import bp
from .access import readable_condition

STATUS_ORDER = {PipStatus.LIVE: 0, PipStatus.DRAFT: 1, PipStatus.COMPLETED: 2, PipStatus.WITHDRAWN: 3}


@dataclass
class PlanRow:
    pip: Pip
    position: object
    last_update: date | None
    next_due: date | None
    overdue: bool


def plan_rows(condition, service_id=None, status=None, rag=None, overdue_only=False, today=None):
    today = today or date.today()
    query = (Pip.select(Pip, Indicator, Service).join(Indicator).switch(Pip).join(Service).where(condition))
    if service_id:
        query = query.where(Pip.service == service_id)
    if status:
        query = query.where(Pip.status == status)
    pips = list(query)
    if not pips:
        return []
    last_updates = dict(ProgressUpdate.select(ProgressUpdate.pip, fn.MAX(ProgressUpdate.made_on))
                        .where(ProgressUpdate.pip.in_([p.id for p in pips]))
                        .group_by(ProgressUpdate.pip).tuples())
    positions = {row.id: row.position for row in register_rows(include_inactive=True)}
    rows = []
    for pip in pips:
        last = ProgressUpdate.made_on.python_value(last_updates.get(pip.id))
        due = next_update_due(pip.indicator.frequency, last, pip.went_live_on) \
            if pip.status is PipStatus.LIVE else None
        rows.append(PlanRow(pip, positions.get(pip.indicator_id), last, due, is_overdue(due, today)))
    if rag:
        rows = [r for r in rows if r.position and r.position.rag is Rag(rag)]
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    rows.sort(key=lambda r: (STATUS_ORDER[r.pip.status], not r.overdue, r.pip.service.name, r.pip.pi_code))
    return rows


@bp.route("/")
@role_required(*PLAN_READERS)
def index():
    form = PlanFilterForm(request.args)
    form.service.choices = choices([(0, "All services")] + [(s.id, s.name) for s in Service.select().order_by(Service.name)])
    if not form.validate():
        form = PlanFilterForm(formdata=None)
        form.service.choices = choices([(0, "All services")])
    rows = plan_rows(readable_condition(), form.service.data, form.status.data, form.rag.data,
                     form.overdue.data == "yes")
    return render_template("pips/index.html", form=form, rows=rows)
