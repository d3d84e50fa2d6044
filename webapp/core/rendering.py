"""Rendering helpers shared by every view: page or htmx fragment, fragment or redirect after a change,
template globals, filters."""

from datetime import date, datetime

from flask import current_app, flash, make_response, redirect, render_template
from flask_login import current_user

from webapp.core.extensions import htmx
from webapp.core.navigation import navigation_for
from webapp.domain.dates import duration_words, uk_date, uk_date_and_time, uk_date_with_weekday
from webapp.domain.roles import Role
from webapp.domain.units import format_value, plain_number
from webapp.models import utcnow


def is_fragment_request():
    """A non-boosted htmx request wants just the fragment, not the whole page."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page_or_fragment(page, fragment, status=200, retarget=None, **context):
    """The whole page, or for an htmx request only the fragment the page includes
    (docs/architecture.md#pages-and-htmx-fragments). `retarget` is the id of the element a form shown
    again (422, 409) replaces in place, whatever the request that sent it was swapping (HX-Retarget)."""
    wanted = is_fragment_request()
    response = make_response(render_template(fragment if wanted else page, **context), status)
    if wanted and retarget:
        response.headers["HX-Retarget"] = f"#{retarget}"
        response.headers["HX-Reswap"] = "outerHTML"
    response.headers["Vary"] = "HX-Request"
    return response


def fragment_or_redirect(location, message, draw):
    """After a successful change: for htmx, what `draw()` renders (drawn only then, as it may read what
    changed); without JavaScript, `message` flashed and a redirect to `location` (Post/Redirect/Get).
    With no `message`, a GET for a fragment alone: without JavaScript, the page at `location` that includes it."""
    if is_fragment_request():
        response = make_response(draw())
    else:
        if message:
            flash(message, "success")
        response = redirect(location)
    response.headers["Vary"] = "HX-Request"
    return response


def uk_date_filter(value, with_day=False):
    """The `uk_date` filter: a day as webapp/domain/dates.py writes it, a moment with its time, and
    `with_day` with its weekday."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return uk_date_and_time(value)
    return uk_date_with_weekday(value) if with_day else uk_date(value)


def compile_templates(app):
    """Every template compiled now (webapp/wsgi.py, as a server's worker starts): otherwise a worker
    compiles each template the first time it is used, and its first form fragment took 300 ms where the
    next takes 10. Jinja keeps them all: its cache holds 400, and there are about 120."""
    environment = app.jinja_env
    for name in environment.list_templates(extensions=("html", "txt")):
        environment.get_template(name)


def init_app(app):
    app.jinja_env.filters["uk_date"] = uk_date_filter
    app.jinja_env.filters["duration"] = duration_words  # "30 minutes", "10 hours"
    app.jinja_env.filters["plain_number"] = plain_number  # every digit, as saved: a relative tolerance
    app.jinja_env.filters["with_unit"] = lambda value, indicator: format_value(
        value, indicator.unit, indicator.decimal_places
    )
    app.jinja_env.globals.update(
        Role=Role,
        is_fragment_request=is_fragment_request,  # a fragment drawn alone shows its own error summary
        navigation=lambda: navigation_for(current_user),
        service_name=lambda: current_app.config["SERVICE_NAME"],
        today=date.today,
        now_utc=utcnow,  # as the database keeps moments: a session's end (templates/account/_session_timeout.html)
    )
