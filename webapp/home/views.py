"""The landing page after sign-in."""

from flask import redirect, url_for

from webapp.core.permissions import signed_in

from . import bp


@bp.route("/")
@signed_in
def index():
    return redirect(url_for("indicators.index"))
