"""Signing in and out."""

import logging
import math
from functools import cache

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from forms.auth import SignInForm
from webapp.auth import throttle
from webapp.auth.sessions import begin_signed_in_session, end_session, load_session_user
from webapp.core.extensions import login_manager
from webapp.core.same_site import same_site_path
from webapp.domain.dates import duration_words
from webapp.models import User

from . import bp
from .single_sign_on import directory_sign_out_url, password_allowed

security_log = logging.getLogger("webapp.security")


@cache
def _dummy_hash():
    """Checked when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
    Made at the first such sign-in, not at import: it costs a worker 150 ms to start otherwise."""
    return generate_password_hash("not-a-real-password")


@login_manager.user_loader
def load_user(token):
    config = current_app.config
    # Asking when the session ends (the page's timeout warning) is not using it.
    asking = request.endpoint == "account.session_time" and request.method == "GET"
    return load_session_user(
        token, config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"], touch=not asking
    )


def _who(user):
    return f"user {user.id}" if user else "an unknown email"


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if not form.validate_on_submit():
        return render_template("auth/sign_in.html", form=form)
    if not password_allowed(form.email.data):
        security_log.warning("Password sign-in refused: single sign-on only, from %s", request.remote_addr)
        return render_template("auth/sign_in.html", form=form, password_off=True), 403
    next_page = same_site_path(request.args.get("next")) or url_for("home.index")
    user = User.get_or_none(User.email == form.email.data)
    source = request.remote_addr
    account = throttle.account_key(form.email.data, current_app.config["SECRET_KEY"])
    try:
        attempt = throttle.begin(account, source, throttle.Limits.from_config(current_app.config))
    except throttle.TooManyAttempts as refused:
        security_log.warning("Sign-in refused, too many failures: %s from %s", _who(user), source)
        return (
            render_template("auth/sign_in.html", form=form, wait=duration_words(refused.wait)),
            429,
            {"Retry-After": str(math.ceil(refused.wait.total_seconds()))},
        )
    if user is None or not user.password_hash:
        # No account, or no password yet (invited: docs/users-and-permissions.md#invitations-and-forgotten-passwords):
        # as long as a wrong password takes, and the same answer.
        check_password_hash(_dummy_hash(), form.password.data)
    elif user.active and user.check_password(form.password.data) and password_allowed(user.email, user):
        throttle.succeeded(attempt)
        begin_signed_in_session(user)
        security_log.info("Sign-in: user %s from %s", user.id, source)
        return redirect(next_page)
    disabled = " (disabled)" if user and not user.active else ""
    security_log.warning("Failed sign-in: %s%s from %s", _who(user), disabled, source)
    return render_template("auth/sign_in.html", form=form, failed=True)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    if current_user.is_authenticated:
        security_log.info("Sign-out: user %s", current_user.id)
        end_session(current_user.get_id())
    at_directory = directory_sign_out_url(session.get("directory_id_token"))
    logout_user()
    session.clear()
    return redirect(at_directory or url_for("auth.sign_in", signed_out=1))
