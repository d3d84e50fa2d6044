"""Signing in and out."""
import logging

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from forms.auth import SignInForm
from webapp.extensions import limiter, login_manager
from webapp.models import User
from webapp.sessions import end_session, load_session_user, start_session

bp = Blueprint("auth", __name__)
security_log = logging.getLogger("webapp.security")

# Checked when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


@login_manager.user_loader
def load_user(token):
    config = current_app.config
    return load_session_user(token, config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"])


def _safe_next(target):
    """Only a path on this site: never //elsewhere.example or https://elsewhere.example."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        user = User.get_or_none(User.email == form.email.data)
        if user is None:
            check_password_hash(_DUMMY_HASH, form.password.data)
        elif user.active and user.check_password(form.password.data):
            next_page = _safe_next(request.args.get("next"))
            session.clear()  # a new session at sign-in: nothing carries over from before
            start_session(user)
            login_user(user)
            session.permanent = True
            security_log.info("Sign-in: user %s", user.id)
            return redirect(next_page)
        failed = True
        security_log.warning("Failed sign-in from %s", request.remote_addr)
    return render_template("auth/sign_in.html", form=form, failed=failed)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    if current_user.is_authenticated:
        security_log.info("Sign-out: user %s", current_user.id)
        end_session(current_user.get_id())
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in", signed_out=1))
