"""The append-only History page of a PIP (PRODUCT §4)."""
from peewee import JOIN
from flask import render_template

from webapp.models import PipChange, User
from webapp.permissions import signed_in

from . import bp
from .access import check_read, pip_or_404


@bp.route("/<int:pip_id>/history")
@signed_in
def history(pip_id):
    pip = check_read(pip_or_404(pip_id))
    changes = (PipChange.select(PipChange, User).join(User, join_type=JOIN.LEFT_OUTER)
               .where(PipChange.pip == pip).order_by(PipChange.version.desc(), PipChange.id.desc()))
    return render_template("pips/history.html", pip=pip, changes=list(changes))
