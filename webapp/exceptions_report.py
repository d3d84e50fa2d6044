"""Exceptions (docs/rating.md#exceptions): PIs that need attention, Red or Amber and deteriorating, and have no
Draft or Live plan yet, each with a way to raise one. The database picks them, a page at a time,
from each PI's standing (webapp/indicators/listing.py)."""

from flask import Blueprint, render_template
from flask_login import current_user

from webapp.core.pagination import page_asked
from webapp.core.permissions import signed_in
from webapp.domain.access import can_raise
from webapp.domain.rating import Direction, Rag
from webapp.indicators.listing import exceptions_selection, list_page

bp = Blueprint("exceptions_report", __name__, url_prefix="/exceptions")


@bp.route("/")
@signed_in
def index():
    page = list_page(exceptions_selection(), page_asked())
    raisable = {row.id for row in page.items if can_raise(current_user.roles, current_user.service_ids, row.service_id)}
    return render_template(
        "exceptions_report/index.html",
        rows=page.items,
        page=page,
        raisable=raisable,
        ratings=list(Rag),
        trends=[None, *Direction],
    )
