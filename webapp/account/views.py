"""Your account (docs/users-and-permissions.md#your-account), for every signed-in person: your details, a
link to your e-mail choices (which stay at /notifications/), changing your password, and your sign-ins."""

import logging

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.account import ChangePasswordForm, EndOtherSessionsForm
from webapp.auth import throttle
from webapp.auth.sessions import active_sessions, end_other_sessions
from webapp.core.permissions import signed_in
from webapp.domain.dates import duration_words
from webapp.models import User, database

from . import bp

security_log = logging.getLogger("webapp.security")

WRONG_CURRENT_PASSWORD = "Your current password is not right"


def _sessions():
    config = current_app.config
    return active_sessions(
        current_user.id, config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"], current_user.get_id()
    )


@bp.route("/")
@signed_in
def index():
    return render_template("account/index.html", sessions=_sessions(), end_form=EndOtherSessionsForm())


@bp.route("/sessions/end-others", methods=["POST"])
@signed_in
def end_others():
    if EndOtherSessionsForm().validate_on_submit():
        ended = end_other_sessions(current_user.id, current_user.get_id())
        security_log.info("User %s signed out %s other sessions", current_user.id, ended)
        flash("You are signed out everywhere else." if ended else "You were not signed in anywhere else.", "success")
    return redirect(url_for(".index"))


def _wrong_current_password(form):
    """Checks the current password, throttled as sign-in is (webapp/auth/throttle.py): a session left open
    must not let someone guess the password behind it. Puts what is wrong on the form."""
    config = current_app.config
    account = throttle.account_key(current_user.email, config["SECRET_KEY"])
    try:
        attempt = throttle.begin(account, request.remote_addr, throttle.Limits.from_config(config))
    except throttle.TooManyAttempts as refused:
        form.current_password.errors.append(
            f"There have been too many wrong passwords. Wait {duration_words(refused.wait)}, then try again"
        )
        return True
    if not User.get_by_id(current_user.id).check_password(form.current_password.data):
        security_log.warning("Wrong current password changing the password: user %s", current_user.id)
        form.current_password.errors.append(WRONG_CURRENT_PASSWORD)
        return True
    throttle.succeeded(attempt)
    return False


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    form.person_email = current_user.email
    if form.validate_on_submit() and not _wrong_current_password(form):
        user = User.get_by_id(current_user.id)
        user.set_password(form.password.data)  # hashed before the transaction: the slow KDF holds no lock
        with database.atomic():
            user.save(only=[User.password_hash])
            end_other_sessions(user.id, current_user.get_id())
        security_log.info("Password changed by user %s; their other sessions ended", user.id)
        flash("Your password is changed. You are signed out everywhere else.", "success")
        return redirect(url_for(".index"))
    status = 422 if form.errors or any(field.errors for field in form) else 200
    return render_template("account/change_password.html", form=form), status
