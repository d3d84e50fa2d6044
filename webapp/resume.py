"""Carrying on after a session ended (docs/quality.md). A page whose session ended keeps what was typed and
offers a sign-in in a new tab; that tab lands on `signed_in_again`, and the first page fetches the new
session's CSRF token from `token` before it sends again (static/failures.mjs)."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from webapp.core.permissions import signed_in

bp = Blueprint("resume", __name__, url_prefix="/resume")


@bp.route("/token")
@signed_in
def token():
    """The CSRF token of the session the browser now has, and whose it is."""
    return jsonify(csrf_token=generate_csrf(), name=current_user.name)


@bp.route("/signed-in")
@signed_in
def signed_in_again():
    return render_template("resume/signed_in.html")
