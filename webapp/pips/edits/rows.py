"""What the edits of every row kind share: finding the row inside the write, and section limits."""
from flask import abort

from webapp.domain.limits import over_limit

from ..changes import Refused


def row_of_plan(model, row_id, pip_id):
    """The row, read inside the write: only this plan's, else 404 (another plan's id is not found here)."""
    row = model.get_or_none((model.id == row_id) & (model.pip == pip_id))
    if row is None:
        abort(404)
    return row


def check_room(kind, model, pip_id, limit, what):
    """Refused when the plan already holds `limit` rows of `model`."""
    message = over_limit(model.select().where(model.pip == pip_id).count() + 1, limit, what)
    if message:
        raise Refused(kind, f"{message}. Remove one before adding another.")
