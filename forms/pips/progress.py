"""Section 6 Progress Tracking: one progress entry of Date, Comment and PI Score."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, ValidationError

from forms.core.drawn import AddsOnce, DrawnFrom, version_field
from forms.core.fields import DateInputField, NumberField, text_field
from webapp.domain.dates import uk_date
from webapp.domain.limits import LONG_TEXT
from webapp.domain.units import exact_number


class ProgressForm(AddsOnce, DrawnFrom, FlaskForm):
    """The view sets `earliest` (the day the plan went live), `latest` (today) and `pi_unit` (the PI's
    unit, whose range the score keeps to) before validating."""

    version = version_field()
    made_on = DateInputField("Date", validators=[DataRequired("Enter the date of the progress update")])
    comment = text_field("Comment", max_length=LONG_TEXT, multiline=True, message="Enter a comment on progress")
    score = NumberField("PI Score", in_pi_unit=True)
    # The register score the form was drawn with: a score left as it was is the register's for the
    # period of the date saved, so changing only the date (JavaScript off) never keeps the wrong period's.
    prefilled = HiddenField()

    earliest = None
    latest = None

    def validate_made_on(self, field):
        if field.data is None:
            return
        if self.latest is not None and field.data > self.latest:
            raise ValidationError("Date must be today or in the past")
        if self.earliest is not None and field.data < self.earliest:
            raise ValidationError(f"Date must be on or after {uk_date(self.earliest)}, when the plan went live")

    def prefilled_value(self):
        """The register score the form was drawn with, or None."""
        try:
            return exact_number(self.prefilled.data) if self.prefilled.data else None
        except (ValueError, ArithmeticError):  # not a number: a page tampered with
            return None
