"""Forms for raising a PIP, its Section 1 details, its factors and its lifecycle steps."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField
from wtforms.validators import DataRequired, ValidationError

from webapp.domain.limits import LONG_TEXT
from webapp.domain.plans import Duration, FactorKind, PipStatus
from webapp.domain.rating import Rag

from .drawn import DrawnFrom, version_field
from .fields import DateInputField, NumberField, choices, enum_value, text_field


class RaisePipForm(FlaskForm):
    indicator = SelectField("Performance indicator", coerce=int,
                            validators=[DataRequired("Choose the performance indicator")])
    author = text_field("Author", max_length=100, message="Enter the author's name")


class DetailsForm(DrawnFrom, FlaskForm):
    """Section 1 Performance Indicator Details, in the template's own words. The view sets `pi_unit`,
    the PI's unit, whose range the four values keep to (PRODUCT §3.2)."""

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
    comments = text_field("Comments", max_length=LONG_TEXT, required=False, multiline=True,
                          description="Include the rationale behind the original target.")

    PAIRS = [("target_value", "target_as_at"), ("score_value", "score_as_at"),
             ("last_year_end_value", "last_year_end_as_at"),
             ("score_12_months_ago_value", "score_12_months_ago_as_at")]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for value_name, date_name in self.PAIRS:
            value, as_at = self[value_name], self[date_name]
            if value.data is not None and as_at.data is None and not as_at.errors:
                as_at.errors.append(f"Enter the {as_at.label.text} for the {value.label.text}")
                valid = False
            if as_at.data is not None and value.data is None and not value.errors:
                value.errors.append(f"Enter the {value.label.text} as at {as_at.data:%-d %B %Y}")
                valid = False
        return valid


class FactorForm(DrawnFrom, FlaskForm):
    version = version_field()
    kind = HiddenField()
    duration = RadioField("Type of factor", choices=choices((d.value, d.label) for d in Duration), coerce=enum_value,
                          validators=[DataRequired("Choose Temporary Factors or Long Term Factors")])
    description = text_field("Factor", max_length=LONG_TEXT, multiline=True, message="Describe the factor")

    def validate_kind(self, field):
        if field.data not in {k.value for k in FactorKind}:
            raise ValidationError("Choose external or internal")


class ReasonForm(FlaskForm):
    version = version_field()
    reason = text_field("Reason", max_length=LONG_TEXT, multiline=True, message="Enter the reason")


class StepForm(FlaskForm):
    """Submit or Complete: nothing to type but the version the page showed."""

    version = version_field()


def field_labels(form_class):
    """Each field's label, by name, for the history ("Section 1: Target")."""
    return {name: value.args[0] for name, value in vars(form_class).items()
            if hasattr(value, "field_class") and value.args and name != "version"}


DETAIL_LABELS = field_labels(DetailsForm)


class CompleteForm(FlaskForm):
    """Complete the plan. The view sets `below_target` when the PI's latest score is still below target:
    then the user confirms, and says why, and the reason goes in the final entry."""

    below_target = False

    version = version_field()
    confirm_below_target = BooleanField("Complete the plan although the PI is still below target")
    below_target_reason = text_field(
        "Why complete the plan now?", max_length=LONG_TEXT, required=False, multiline=True,
        description="For example, every solution is in place and the improvement is expected to follow. "
                    "This goes in the final entry.")
    comment = text_field("Closing comment", max_length=LONG_TEXT, required=False, multiline=True,
                         description="Added to the final Section 6 entry, after the formal statement that the "
                                     "plan has been completed.")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.below_target:
            return valid
        if not self.confirm_below_target.data:
            self.confirm_below_target.errors = [
                *self.confirm_below_target.errors,
                "Confirm that the plan should be completed although the PI is still below target"]
            valid = False
        if not self.below_target_reason.data and not self.below_target_reason.errors:
            self.below_target_reason.errors = ["Say why the plan should be completed while the PI is below target"]
            valid = False
        return valid


class PlanFilterForm(FlaskForm):
    """The PIP list's filters, read from the query string (GET: no CSRF needed)."""

    class Meta:
        csrf = False

    service = SelectField("Service", coerce=int, default=0)
    status = SelectField("Status", choices=choices([("", "Any status")] + [(s.value, s.label) for s in PipStatus]),
                         default="")
    rag = SelectField("RAG", choices=choices([("", "Any RAG")] + [(r.value, r.label) for r in Rag]), default="")
    overdue = SelectField("Updates", choices=choices([("", "Overdue or not"), ("yes", "Overdue only")]), default="")
