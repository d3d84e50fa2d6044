"""A change to a Completed or Withdrawn plan (ReadOnlyPlan) gets the 409 page, however it was asked for
(docs/plans.md#changes-and-history); an addition whose form was sent twice (AlreadyAdded) is shown as done.
Conflicts and refusals of every area are answered in webapp/core/refusals.py."""

from flask import current_app, request
from werkzeug.exceptions import Conflict as HTTPConflict

from webapp.domain.pips import FactorKind

from . import bp
from .changes import AlreadyAdded, ReadOnlyPlan
from .responses import section_response
from .store import load_plan

# Each addition's subject in changing(), and the row it adds in words.
ADDED = {"factors": "factor", "solutions": "solution", "comments": "comment", "progress": "progress update"}


@bp.app_errorhandler(ReadOnlyPlan)
def read_only(error):
    return current_app.handle_http_exception(HTTPConflict())


@bp.app_errorhandler(AlreadyAdded)
def already_added(error):
    """The same form sent again (a double click without JavaScript): its row was added the first time and is
    not added twice. The section is shown as it is, as after any addition (docs/concurrency.md)."""
    plan = load_plan(request.view_args["pip_id"])
    section = FactorKind(request.form["kind"]).value if error.subject == "factors" else error.subject
    message = f"This {ADDED[error.subject]} was added already: the form was sent twice, and it is added once."
    return section_response(plan, section, message, also=("matrix",) if error.subject == "factors" else ())
