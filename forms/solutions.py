"""The form for Section 4 Proposed Solutions: one solution, in the template's words (seed 002)."""
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import DataRequired, ValidationError

from webapp.domain.plans import Resourcing, SolutionStatus

from .fields import DateInputField, MultiCheckboxField, NumberField, choices, text_field
from .pips import LONG_TEXT, version_field

SHORT_TEXT = 2_000
MAX_AMOUNT = Decimal("999999999999.99")  # the column holds 14 digits, 2 after the point
DECISIONS = {SolutionStatus.APPROVED.value, SolutionStatus.NOT_APPROVED.value}
NOT_THIS_PLANS = "Choose only factors of this plan: one you chose is not, or is no longer, one of its factors"
ONLY_CMT = "Only CMT can approve or decline a solution: record the decision in a CMT comment in Section 5"


class SolutionForm(FlaskForm):
    """One proposed solution.

    The view sets, before validating: `factors.choices` (this plan's factors only), `complete_required`
    (a Live plan needs what Submit checks), `may_decide` (who may set Approved / Not approved here) and
    `current_status` (the status the solution has now: keeping it is never refused).
    """

    complete_required = False
    may_decide = False
    current_status = SolutionStatus.PROPOSED.value

    version = version_field()
    description = text_field("Solution", max_length=LONG_TEXT, multiline=True, message="Describe the solution")
    target_date = DateInputField("Target Date")
    factors = MultiCheckboxField("Factors Addressed", coerce=int, choices=[],
                                 invalid_choice_message=NOT_THIS_PLANS, invalid_value_message=NOT_THIS_PLANS)
    resourcing = RadioField("Resourcing", choices=choices((r.value, r.label) for r in Resourcing),
                            default=Resourcing.WITHIN_SERVICE.value,
                            validators=[DataRequired("Choose whether the solution is resourced within the service "
                                                     "or extra funding is sought")])
    funding_amount = NumberField("Funding amount (£)")
    funding_note = text_field("Funding route", max_length=SHORT_TEXT, required=False, multiline=True)
    time_lag = text_field("Expected time lag", max_length=SHORT_TEXT, required=False, multiline=True)
    option_group = text_field("Option group", max_length=100, required=False)
    strengths = text_field("Strengths", max_length=LONG_TEXT, required=False, multiline=True)
    weaknesses = text_field("Weaknesses", max_length=LONG_TEXT, required=False, multiline=True)
    status = RadioField("Status", choices=choices((s.value, s.label) for s in SolutionStatus),
                        default=SolutionStatus.PROPOSED.value,
                        validators=[DataRequired("Choose the status of the solution")])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        checks = [
            (self.target_date, self.complete_required and self.target_date.data is None,
             "Enter the Target Date: the plan is Live"),
            (self.factors, self.complete_required and not self.factors.data,
             "Choose the Factors Addressed: the plan is Live"),
            (self.funding_amount, self.extra_funding and self.funding_amount.data is None,
             "Enter the funding amount sought, in £"),
            (self.status, self.status.data in DECISIONS and self.status.data != self.current_status
             and not self.may_decide, ONLY_CMT),
        ]
        for field, failed, message in checks:
            if failed and not field.errors:
                field.errors.append(message)
                valid = False
        return valid

    def validate_funding_amount(self, field):
        if field.data is None:
            return
        if field.data < 0:
            raise ValidationError("Funding amount cannot be negative")
        amount = Decimal(str(field.data))
        if amount.as_tuple().exponent < -2:
            raise ValidationError("Funding amount must be in pounds and pence, for example 18,000 or 18,000.50")
        if amount > MAX_AMOUNT:
            raise ValidationError("Funding amount must be less than £1,000,000,000,000")

    @property
    def extra_funding(self):
        return self.resourcing.data == Resourcing.EXTRA_FUNDING.value

    @property
    def amount(self):
        """The amount in pounds and pence, kept only when extra funding is sought."""
        if not self.extra_funding or self.funding_amount.data is None:
            return None
        return Decimal(str(self.funding_amount.data)).quantize(Decimal("0.01"))
