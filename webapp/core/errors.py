"""Error pages: clear words, never a stack trace; for htmx requests the same words as a fragment,
which static/failures.mjs shows where the user is working, leaving their form as typed (docs/quality.md).

A database error gets a page that needs no database (errors/standalone.html): the usual page reads
the signed-in user, which needs the very database that has just failed.
"""

import logging

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_login.utils import login_url
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.core.db import is_busy, is_database_error
from webapp.core.extensions import htmx, login_manager
from webapp.core.same_site import page_sent_from

log = logging.getLogger(__name__)
security_log = logging.getLogger("webapp.security")

MESSAGES = {
    400: ("Something was wrong with that request", "Go back, refresh the page and try again."),
    401: ("Your session has ended", "You were signed out, so this was not saved."),
    403: (
        "You do not have permission to see or change this",
        "If you think you should, ask an administrator to check your roles and services.",
    ),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("That action is not allowed here", "Go back and use the buttons on the page."),
    409: (
        "This plan can no longer be changed",
        "It has been completed or withdrawn. A performance officer can reopen it if it needs more work.",
    ),
    413: ("That file or form is too large", "Try a smaller file or shorter text."),
    429: ("Too many attempts", "Wait a minute before trying again."),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you had already saved has been lost.",
    ),
    503: ("The service is busy: try again", "Nothing was saved this time."),
}


def is_partial_request():
    """htmx wants a fragment to show in place; a fetch of JSON wants no sign-in page either."""
    return (bool(htmx) and not htmx.boosted) or request.accept_mimetypes.best == "application/json"


def _render(status, title=None, body=None, link=None, refresh_token=False, standalone=False):
    """The error page, or for htmx its message alone. `body` is a paragraph or a list of them;
    `link` a dict (href, text, after, new_tab); `refresh_token` tells the page to fetch a new
    CSRF token before it sends again."""
    default_title, default_body = MESSAGES.get(status, MESSAGES[500])
    body = body or default_body
    context = {
        "status": status,
        "title": title or default_title,
        "paragraphs": [body] if isinstance(body, str) else body,
        "link": link,
        "refresh_token_url": url_for("resume.token") if refresh_token else None,
    }
    if is_partial_request():
        return _without_the_user("errors/_message.html", context), status
    if not standalone:
        try:
            return render_template("errors/error.html", **context), status
        except Exception:  # the error page failed too (the database, say): the page that needs nothing
            log.exception("The error page failed; showing the standalone one")
    return _without_the_user("errors/standalone.html", context), status


def _without_the_user(template, context):
    """Not render_template: its context processors load the signed-in user (flask-login's
    current_user), which needs the database."""
    return current_app.jinja_env.get_template(template).render(context)


def _who():
    """Which user, for the security log: never what they typed."""
    return f"user {current_user.id}" if current_user.is_authenticated else "anonymous user"


def session_ended():
    """A request that needs a signed-in user from a page whose session has ended: say so, and let
    the user sign in again in a new tab so that this page, and what is typed on it, is kept."""
    link = {
        "href": url_for("auth.sign_in", next=url_for("resume.signed_in_again")),
        "text": "Sign in again (opens in new tab)",
        "new_tab": True,
        "after": ", then come back to this tab and press the button again.",
    }
    return _render(401, link=link, refresh_token=True)


def init_app(app):
    login_manager.unauthorized_handler(sign_in_required)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)


def sign_in_required():
    if is_partial_request():
        return session_ended()
    # Without JavaScript, as flask-login does by default: to the sign-in page, and back.
    if request.method in ("GET", "HEAD"):
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(login_url(login_manager.login_view, next_url=request.url))
    # A form sent after the session ended: back to the page it was sent from, never to the address it
    # was sent to, which only takes a POST (signing in would end on "not allowed here").
    flash(SENT_SIGNED_OUT, "info")
    return redirect(login_url(login_manager.login_view, next_url=page_sent_from()))


SENT_SIGNED_OUT = "Your session had ended, so what you sent was not saved. Sign in, then send it again."


def csrf_failed(error):
    security_log.warning("CSRF check failed: %s, %s %s (%s)", _who(), request.method, request.path, error.description)
    if not is_partial_request():
        return _render(
            400,
            "Your session has expired or the form was out of date",
            "Go back, refresh the page and try again. What you typed may need to be entered again.",
        )
    if not current_user.is_authenticated:
        return session_ended()
    return _render(
        400,
        "This page was out of date",
        "Nothing was saved. Press the button again to send it.",
        refresh_token=True,
    )


def http_error(error):
    if error.code == 403:
        security_log.warning("Forbidden: %s, %s %s", _who(), request.method, request.path)
    if error.code == 429:
        security_log.warning("Rate limit hit: %s %s", request.method, request.path)
    return _render(error.code)


def unexpected_error(error):
    if is_database_error(error) and is_busy(error):
        log.warning("Database busy on %s %s: %s", request.method, request.path, error)
        body = (
            "Nothing was saved: someone else's change was still being written. Press the button again."
            if is_partial_request()
            else "Nothing was saved: someone else's change was still being written. Go back with your browser's "
            "Back button, where what you typed is still in the form, and press the button again."
        )
        return _render(503, body=body, standalone=True)
    if is_database_error(error):
        log.exception("Database error on %s %s", request.method, request.path)
        return _render(500, standalone=True)
    if current_app.testing:
        raise error
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return _render(500)
