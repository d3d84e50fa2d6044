"""A change to a Completed or Withdrawn plan (ReadOnlyPlan) gets the 409 page, however it was asked for
(docs/plans.md#changes-and-history). Conflicts and refusals of every area are answered in
webapp/core/refusals.py."""

from flask import current_app
from werkzeug.exceptions import Conflict as HTTPConflict

from . import bp
from .changes import ReadOnlyPlan


@bp.app_errorhandler(ReadOnlyPlan)
def read_only(error):
    return current_app.handle_http_exception(HTTPConflict())
