"""The forms of a plan's lifecycle steps: submit, complete, withdraw or reopen with a reason."""

from flask_wtf import FlaskForm
from wtforms import BooleanField

from forms.core.drawn import version_field
from forms.core.fields import text_field
from webapp.domain.limits import LONG_TEXT


class ReasonForm(FlaskForm):
    version = version_field()
    reason = text_field("Reason", max_length=LONG_TEXT, multiline=True, message="Enter the reason")


class StepForm(FlaskForm):
    """Submit or Complete: nothing to type but the version the page showed."""

    version = version_field()


class CompleteForm(FlaskForm):
    """Complete the plan. The view sets `below_target` when the PI's latest score is still below target:
    then the user confirms, and says why, and the reason goes in the final entry."""

    below_target = False

    version = version_field()
    confirm_below_target = BooleanField("Complete the plan although the PI is still below target")
    below_target_reason = text_field(
        "Why complete the plan now?",
        max_length=LONG_TEXT,
        required=False,
        multiline=True,
        description="For example, every solution is in place and the improvement is expected to follow. "
        "This goes in the final entry.",
    )
    comment = text_field(
        "Closing comment",
        max_length=LONG_TEXT,
        required=False,
        multiline=True,
        description="Added to the final Section 6 entry, after the formal statement that the plan has been completed.",
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.below_target:
            return valid
        if not self.confirm_below_target.data:
            self.confirm_below_target.errors = [
                *self.confirm_below_target.errors,
                "Confirm that the plan should be completed although the PI is still below target",
            ]
            valid = False
        if not self.below_target_reason.data and not self.below_target_reason.errors:
            self.below_target_reason.errors = ["Say why the plan should be completed while the PI is below target"]
            valid = False
        return valid
