"""When your session ends, for the page's warning before it does (docs/accessibility.md#the-session-time-limit):
asking does not put the end off; "Stay signed in" does, as using the service would."""

from flask import current_app, jsonify
from flask_login import current_user

from webapp.auth.sessions import stay_signed_in
from webapp.core.permissions import signed_in
from webapp.models import utcnow

from . import bp


def _answer(end):
    return jsonify(signed_in=True, ends_in=end.seconds_left(utcnow()), can_stay=end.can_stay)


@bp.route("/session")
@signed_in
def session_time():
    return _answer(current_user.session_end)


@bp.route("/session", methods=["POST"])
@signed_in
def stay():
    config = current_app.config
    return _answer(stay_signed_in(current_user, config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"]))
