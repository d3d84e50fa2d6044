"""Error pages: clear words, never a stack trace; the same pages for htmx requests."""
import logging

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.extensions import htmx

security_log = logging.getLogger("webapp.security")

MESSAGES = {
    400: ("Something was wrong with that request", "Go back, refresh the page and try again."),
    403: ("You do not have permission to see or change this",
          "If you think you should, ask an administrator to check your roles and services."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("That action is not allowed here", "Go back and use the buttons on the page."),
    409: ("This plan can no longer be changed",
          "It has been completed or withdrawn. A performance officer can reopen it if it needs more work."),
    413: ("That file or form is too large", "Try a smaller file or shorter text."),
    429: ("Too many attempts", "Wait a minute before trying again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you had already saved has been lost."),
}


def _render(status, title=None, body=None):
    default_title, default_body = MESSAGES.get(status, MESSAGES[500])
    template = "errors/_message.html" if htmx and not htmx.boosted else "errors/error.html"
    return render_template(template, status=status, title=title or default_title,
                           body=body or default_body), status


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        security_log.warning("CSRF check failed: %s %s (%s)", request.method, request.path, error.description)
        return _render(400, "Your session has expired or the form was out of date",
                       "Go back, refresh the page and try again. What you typed may need to be entered again.")

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code == 403:
            security_log.warning("Forbidden: %s %s", request.method, request.path)
        if error.code == 429:
            security_log.warning("Rate limit hit: %s %s", request.method, request.path)
        return _render(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        if app.testing:
            raise error
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _render(500)
