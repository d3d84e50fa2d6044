"""Forms for raising a PIP and for its Section 1 details."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired, ValidationError

from forms.core.drawn import DrawnFrom, version_field
from forms.core.fields import DateInputField, NumberField, text_field
from webapp.domain.dates import uk_date
from webapp.domain.limits import LONG_TEXT
from webapp.domain.pi_codes import code_problem, pi_code


class RaisePipForm(FlaskForm):
    indicator = SelectField(
        "Performance indicator",
        coerce=int,
        validators=[DataRequired("Choose the performance indicator")],
        invalid_value_message="Choose a performance indicator from the list",
        invalid_choice_message="Choose a performance indicator from the list: an active PI without an open plan",
    )
    author = text_field("Author", max_length=100, message="Enter the author's name")


class DetailsForm(DrawnFrom, FlaskForm):
    """Section 1 Performance Indicator Details, in the template's own words. The view sets `pi_unit`,
    the PI's unit, whose range the four values keep to (docs/plans.md#validation-limits)."""

    version = version_field()
    author = text_field("Author", max_length=100, message="Enter the author's name")
    raised_on = DateInputField("Date", validators=[DataRequired("Enter the date the plan was raised")])
    pi_code = text_field("PI Code", max_length=20, message="Enter the PI Code")
    pi_name = text_field("PI Name", max_length=200, message="Enter the PI Name")
    pi_description = text_field("PI Description", max_length=2000, required=False, multiline=True)
    target_value = NumberField("Target", in_pi_unit=True)
    target_as_at = DateInputField("Target As at Date")
    score_value = NumberField("Score", in_pi_unit=True)
    score_as_at = DateInputField("Score As at Date")
    last_year_end_value = NumberField("Last Year End Score", in_pi_unit=True)
    last_year_end_as_at = DateInputField("Last Year End Score As at Date")
    score_12_months_ago_value = NumberField("Score 12 Months Ago", in_pi_unit=True)
    score_12_months_ago_as_at = DateInputField("Score 12 Months Ago As at Date")
    comments = text_field(
        "Comments",
        max_length=LONG_TEXT,
        required=False,
        multiline=True,
        description="Include the rationale behind the original target.",
    )

    PAIRS = [
        ("target_value", "target_as_at"),
        ("score_value", "score_as_at"),
        ("last_year_end_value", "last_year_end_as_at"),
        ("score_12_months_ago_value", "score_12_months_ago_as_at"),
    ]

    def validate_raised_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError("Date must be today or in the past: the day the plan was raised")

    def validate_pi_code(self, field):
        """The register's rule for a code (webapp/domain/pi_codes.py), kept in capitals as the register keeps it."""
        if field.errors:
            return
        field.data = pi_code(field.data)
        if problem := code_problem(field.data):
            raise ValidationError(f"PI Code {problem}")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for value_name, date_name in self.PAIRS:
            value, as_at = self[value_name], self[date_name]
            if value.data is not None and as_at.data is None and not as_at.errors:
                as_at.errors.append(f"Enter the {as_at.label.text} for the {value.label.text}")
                valid = False
            if as_at.data is not None and value.data is None and not value.errors:
                value.errors.append(f"Enter the {value.label.text} as at {uk_date(as_at.data)}")
                valid = False
        return valid


def field_labels(form_class):
    """Each field's label, by name, for the history ("Section 1: Target")."""
    return {
        name: value.args[0]
        for name, value in vars(form_class).items()
        if hasattr(value, "field_class") and value.args and name != "version"
    }


DETAIL_LABELS = field_labels(DetailsForm)
