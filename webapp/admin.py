"""Administration."""
from flask import Blueprint, render_template

from webapp.domain.roles import Role  # noqa: F401
from webapp.permissions import role_required, signed_in  # noqa: F401

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    return render_template("admin/index.html")
