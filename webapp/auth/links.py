"""Setting a password from a mailed link, and asking for one when it is forgotten
(docs/users-and-permissions.md#invitations-and-forgotten-passwords). Public pages: the link is the proof.

A link followed (GET) only shows the form, so a mail scanner that opens links uses nothing up; the
password set (POST) uses the link. Used, expired and unknown links each say so plainly, with the next step.
"""

import logging
import math

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from forms.auth import ForgottenPasswordForm, SetPasswordForm
from webapp.auth import throttle
from webapp.auth.tokens import LinkState, Purpose, find, send_link, set_password_with
from webapp.domain.dates import duration_words
from webapp.models import User, database

from . import bp

security_log = logging.getLogger("webapp.security")

# A forgotten password's requests are counted with sign-in's (webapp/auth/throttle.py), under a key of their
# own so that asking for links never closes the account's sign-in.
RESET_KEY = "forgotten-password:"


def _link_page(token, purpose):
    link, state = find(token, purpose)
    if state is not LinkState.USABLE:
        status = 404 if link is None else 410
        return render_template("auth/link_refused.html", purpose=purpose, state=state), status
    form = SetPasswordForm()
    form.person_email = link.user.email
    if form.validate_on_submit():
        if set_password_with(link, form.password.data):
            if current_user.is_authenticated and current_user.id == link.user_id:
                logout_user()  # every session of theirs has just ended, this one too
            security_log.info("Password set from a %s link: user %s", purpose.value, link.user_id)
            flash("Your password is set. Sign in with your email address and your new password.", "success")
            return redirect(url_for("auth.sign_in"))
        return _link_page(token, purpose)  # used or expired a moment ago: say which
    heading = "Create your password" if purpose is Purpose.INVITATION else "Choose a new password"
    status = 422 if form.errors else 200
    return render_template("auth/set_password.html", form=form, link=link, heading=heading), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    return _link_page(token, Purpose.INVITATION)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token):
    return _link_page(token, Purpose.RESET)


@bp.route("/forgotten-password", methods=["GET", "POST"])
def forgotten_password():
    form = ForgottenPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgotten_password.html", form=form), 422 if form.errors else 200
    config = current_app.config
    account = throttle.account_key(RESET_KEY + form.email.data, config["SECRET_KEY"])
    try:
        throttle.begin(account, request.remote_addr, throttle.Limits.from_config(config))
    except throttle.TooManyAttempts as refused:
        security_log.warning("Password reset refused, too many requests from %s", request.remote_addr)
        return (
            render_template("auth/forgotten_password.html", form=form, wait=duration_words(refused.wait)),
            429,
            {"Retry-After": str(math.ceil(refused.wait.total_seconds()))},
        )
    user = User.get_or_none(User.email == form.email.data)
    if user is not None and user.active:
        with database.atomic():
            send_link(user, Purpose.RESET, config["SERVICE_NAME"])
        security_log.info("Password reset link asked for: user %s from %s", user.id, request.remote_addr)
    else:
        security_log.info("Password reset asked for an unknown or disabled email from %s", request.remote_addr)
    # The same answer whether or not the address has an account.
    return redirect(url_for("auth.reset_asked"))


@bp.route("/forgotten-password/sent")
def reset_asked():
    return render_template("auth/reset_asked.html", lasts=Purpose.RESET.lasts)
