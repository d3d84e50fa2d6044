"""Exceptions (PRODUCT §2.3): PIs that need attention, Red or Amber and deteriorating, and have no
Draft or Live plan yet, each with a way to raise one."""
from flask import Blueprint, render_template, request
from flask_login import current_user

from webapp.domain.access import can_raise
from webapp.domain.plans import PipStatus
from webapp.domain.rating import Direction, Rag, needs_attention
from webapp.models import Pip
from webapp.pagination import paginate
from webapp.permissions import signed_in
from webapp.register import register_rows

bp = Blueprint("exceptions", __name__, url_prefix="/exceptions")


def exception_rows():
    """Register rows that need attention and have no open plan, in the register's order."""
    open_plans = {indicator_id for (indicator_id,) in
                  Pip.select(Pip.indicator).where(Pip.status.in_([PipStatus.DRAFT.value, PipStatus.LIVE.value]))
                  .tuples()}
    return [row for row in register_rows()
            if row.id not in open_plans and needs_attention(row.position.rag, row.position.trend)]


@bp.route("/")
@signed_in
def index():
    page = paginate(exception_rows(), request.args.get("page", 1, type=int))
    raisable = {row.id for row in page.items
                if can_raise(current_user.roles, current_user.service_ids, row.service_id)}
    return render_template("exceptions/index.html", rows=page.items, page=page, raisable=raisable,
                           ratings=list(Rag), trends=[None, *Direction])
