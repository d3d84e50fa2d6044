"""Exceptions (PRODUCT §2.3): PIs that need attention, Red or Amber and deteriorating, and have no
Draft or Live plan yet, each with a way to raise one. The database picks them, a page at a time,
from each PI's standing (webapp/register.py)."""
from flask import Blueprint, render_template, request
from flask_login import current_user

from webapp.domain.access import can_raise
from webapp.domain.plans import PipStatus
from webapp.domain.rating import Direction, Rag
from webapp.models import Indicator, Pip
from webapp.permissions import signed_in
from webapp.register import list_page, needing_attention

bp = Blueprint("exceptions", __name__, url_prefix="/exceptions")


def exception_conditions():
    """Active PIs that need attention and have no open plan."""
    open_plans = Pip.select(Pip.indicator).where(Pip.status.in_([PipStatus.DRAFT.value, PipStatus.LIVE.value]))
    return [Indicator.active == True, needing_attention(), Indicator.id.not_in(open_plans)]  # noqa: E712


@bp.route("/")
@signed_in
def index():
    page = list_page(exception_conditions(), request.args.get("page", 1, type=int))
    raisable = {row.id for row in page.items
                if can_raise(current_user.roles, current_user.service_ids, row.service_id)}
    return render_template("exceptions/index.html", rows=page.items, page=page, raisable=raisable,
                           ratings=list(Rag), trends=[None, *Direction])
