"""What the edits of every row kind share: finding and writing a row, and section limits."""

from flask import abort

from webapp.domain.limits import over_limit

from ..changes import Refused
from ..store import read_back


def row_of_plan(model, row_id, pip_id):
    """The row as a model, read inside the write: only this plan's, else 404."""
    row = model.get_or_none((model.id == row_id) & (model.pip == pip_id))
    if row is None:
        abort(404)
    return row


def update_row(model, row, names):
    """Write the columns `names` of a plan's row (a record of webapp/pips/records.py) to its table; the record
    then holds them as the plan reads them back."""
    if names:
        values = {getattr(model, name): getattr(row, name) for name in names}
        model.update(values).where(model.id == row.id).execute()
        for column, value in values.items():
            setattr(row, column.name, read_back(column, value))


def check_room(kind, rows, limit, what):
    """Refused when the plan already holds `limit` of these rows."""
    message = over_limit(len(rows) + 1, limit, what)
    if message:
        raise Refused(kind, f"{message}. Remove one before adding another.")
