"""The append-only History page of a PIP (docs/plans.md#changes-and-history), newest first, a page at a time: the
database
counts and pages the changes, so a plan with thousands costs what one with a hundred does."""

from flask import render_template
from peewee import JOIN

from webapp.core.pagination import page_asked, page_of
from webapp.core.permissions import signed_in
from webapp.models import PipChange, User

from . import bp
from .access import check_read, pip_or_404


@bp.route("/<int:pip_id>/history")
@signed_in
def history(pip_id):
    pip = check_read(pip_or_404(pip_id))
    changes = PipChange.select().where(PipChange.pip == pip)
    newest_first = (
        changes.select(PipChange, User)
        .join(User, join_type=JOIN.LEFT_OUTER)
        .order_by(PipChange.version.desc(), PipChange.id.desc())
    )
    page = page_of(
        changes.count(),
        page_asked(),
        lambda start, size: list(newest_first.limit(size).offset(start)),
    )
    return render_template("pips/history.html", pip=pip, changes=page.items, page=page)
