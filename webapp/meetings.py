"""Meetings."""
from flask import Blueprint, render_template

from webapp.domain.roles import Role  # noqa: F401
from webapp.permissions import role_required, signed_in  # noqa: F401

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.route("/")
@signed_in
def index():
    return render_template("meetings/index.html")
