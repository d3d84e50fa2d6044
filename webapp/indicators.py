"""Performance indicators."""
from flask import Blueprint, render_template

from webapp.domain.roles import Role  # noqa: F401
from webapp.permissions import role_required, signed_in  # noqa: F401

bp = Blueprint("indicators", __name__, url_prefix="/indicators")


@bp.route("/")
@signed_in
def index():
    return render_template("indicators/index.html")
