"""Forms that remember what they were drawn from, so a save can be merged three ways
(docs/plans.md#changes-and-history).

Every form that changes a saved thing carries two hidden fields: `version` (the version of the plan or
report it was drawn from) and `drawn` (the saved values it showed, as canonical JSON). When someone
else saved in between, the form is shown again with their values in the fields the user did not touch,
and, beside a field both changed, the other person's value as an error to resolve.
"""

import json
import re
import secrets
from datetime import date

from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from webapp.domain.merge import Base, canonical_values

from .fields import restamp

REFRESH = "Refresh the page and try again"


def version_field():
    """The version the form was drawn from (docs/plans.md#changes-and-history)."""
    return IntegerField(widget=HiddenInput(), validators=[InputRequired(REFRESH)])


class DrawnFrom:
    """Mixin for a FlaskForm: the hidden `drawn` field and the merge that uses it.

    A form names the values it edits in `merged_fields` (the saved thing's own names); a name that is
    not a field of the form (a value built from several fields) is handled by `show_saved`.
    """

    drawn = HiddenField()

    def stamp(self, version, values):
        """Draw the form from `values` saved at `version`: both travel with it as hidden fields."""
        restamp(self.version, version)
        restamp(self.drawn, json.dumps(canonical_values(values), separators=(",", ":")))

    def drawn_values(self):
        """What the form showed when drawn, or None when the page is older than this mechanism."""
        try:
            values = json.loads(self.drawn.data or "")
        except ValueError:
            return None
        return values if isinstance(values, dict) else None

    def base(self):
        """What the form was drawn from, for the write that checks it."""
        return Base(self.version.data, self.drawn_values())

    def show_merge(self, merge, now, version, described):
        """After a refused save: fields the user left alone show what is saved now; a field both
        changed keeps the user's value, with the other person's (`described`) as its error. The form
        is restamped, so saving again writes only what the user changed."""
        for name in merge.theirs - merge.mine:
            self.show_saved(name, now[name])
        for name in sorted(merge.clashes):
            field = self._fields.get(name) or self._fields.get(self.field_for(name))
            if field is not None:
                field.errors = [
                    *field.errors,
                    f"{field.label.text} was changed by someone else to “"
                    f"{described.get(name) or '(blank)'}”. Yours is shown: save again to keep it, "
                    f"or change it.",
                ]
        self.stamp(version, now)

    def field_for(self, name):
        """The form field that shows saved value `name` (the same name unless a form says otherwise)."""
        return name

    def show_saved(self, name, value):
        """Show saved `value` in the field for `name`, as if the form had been drawn with it."""
        field = self._fields.get(self.field_for(name))
        if field is None:
            return
        if isinstance(value, (list, tuple)):
            data = [getattr(v, "id", v) for v in value]
        elif isinstance(value, date):
            data = value
        else:
            data = getattr(value, "value", getattr(value, "id", value))
        field.process(None, data=data)
        field.raw_data = None


FORM_TOKEN_LENGTH = 32
_FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,32}")


def _new_form_token():
    return secrets.token_urlsafe(16)  # 22 characters


class AddsOnce:
    """Mixin for a form that adds a row (a factor, solution, comment or progress update): a token drawn with the
    form, so the same form sent twice (a double click without JavaScript, a browser sending it again) adds its
    row once (`form_token` in webapp/pips/changes.py). A form sent back with a mistake keeps its token."""

    sent = HiddenField(default=_new_form_token)

    def form_token(self):
        """The token the form was drawn with, as sent; None when it sent none (a page drawn before there were
        tokens, a script), or one that is not a token."""
        token = (self.sent.raw_data or [""])[0]
        return token if _FORM_TOKEN.fullmatch(token) else None
