"""Your work: the page everyone lands on after signing in (docs/your-work.md)."""

from datetime import date

from flask import render_template
from flask_login import current_user

from webapp.core.permissions import signed_in
from webapp.domain.work import DUE_SOON_DAYS

from . import bp
from .work import work_for


@bp.route("/")
@signed_in
def index():
    """Each part of the page is for one of the user's roles and reads only what that role may see."""
    today = date.today()
    work = work_for(current_user, today)
    return render_template("home/index.html", work=work, today=today, due_soon_days=DUE_SOON_DAYS)
