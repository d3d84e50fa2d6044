"""One place that answers a refused change (docs/plans.md#changes-and-history, docs/concurrency.md).

The edits raise three errors; no view catches them. A Completed or Withdrawn plan (ReadOnlyPlan) gets
the 409 page. A Conflict (409) or a Refused change (422) gets its form drawn again by the function the
form's module registered with `@redraws(kind)`: on the values saved now, with what the user changed
kept, and the reason shown.
"""

from flask import current_app
from werkzeug.exceptions import Conflict as HTTPConflict

from . import bp
from .changes import Conflict, ReadOnlyPlan, Refused

_REDRAWS = {}


def redraws(kind):
    """Register the function that draws the form of `kind` again after a Conflict or Refused."""

    def register(function):
        _REDRAWS[kind] = function
        return function

    return register


@bp.app_errorhandler(Conflict)
@bp.app_errorhandler(Refused)
def refused(error):
    return _REDRAWS[error.kind](error)


@bp.app_errorhandler(ReadOnlyPlan)
def read_only(error):
    return current_app.handle_http_exception(HTTPConflict())
