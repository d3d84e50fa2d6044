"""One place that answers a refused change, for every area that writes with a version guard
(docs/concurrency.md): a plan's rows and steps, the committee papers' cover report and their record.

A write raises Conflict (409: someone else changed the same thing since the form was drawn) or Refused
(422: a change the thing cannot take, such as a row past its section's limit); no view catches them. The
form is drawn again by the function the form's module registered with `@redraws(kind)`: on the values
saved now, with what the user changed kept, and the reason shown.
"""

from forms.core.fields import restamp
from webapp.domain.described import describe_value

_REDRAWS = {}


class Conflict(Exception):
    """Someone else changed the same thing since the form was drawn: nothing was written.

    `kind` names the thing ("factor", "solution", "details", ...) so that one error handler can draw
    its form again (`redraws`, below); `row_id` is the row, when it is one of several.
    """

    status = 409

    def __init__(self, kind, changes, version, merge=None, now=None, described=None, removal=False, row_id=None):
        super().__init__(f"The {kind} was changed by someone else")
        self.kind = kind
        self.changes = changes  # the history lines written since the form was drawn
        self.version = version  # the version now, for the form shown again
        self.merge = merge  # a domain.merge.Merge, when the form carried the values it was drawn from
        self.now = now or {}  # the values saved now, by name
        # The values saved now in words, for the message beside a field both people changed.
        self.described = {name: describe_value(value) for name, value in self.now.items()} | (described or {})
        self.removal = removal
        self.row_id = row_id

    def redraw(self, form):
        """Show the form again on the values saved now, keeping what the user changed."""
        if self.merge is not None:
            form.show_merge(self.merge, self.now, self.version, self.described)
        else:
            restamp(form.version, self.version)


class Refused(Exception):
    """A change the plan cannot take, such as a row past its section's limit: the form is shown
    again with the reason (422), by the same handler as a Conflict."""

    def __init__(self, kind, message, row_id=None, status=422):
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.row_id = row_id

    def redraw(self, form):
        form.form_errors.append(self.message)


def redraws(kind):
    """Register the function that draws the form of `kind` again after a Conflict or Refused."""

    def register(function):
        _REDRAWS[kind] = function
        return function

    return register


def _refused(error):
    return _REDRAWS[error.kind](error)


def init_app(app):
    app.register_error_handler(Conflict, _refused)
    app.register_error_handler(Refused, _refused)
