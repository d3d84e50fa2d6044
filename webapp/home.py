"""The landing page after sign-in."""

from flask import Blueprint, redirect, url_for

from webapp.core.permissions import signed_in

bp = Blueprint("home", __name__)


@bp.route("/")
@signed_in
def index():
    return redirect(url_for("indicators.index"))
