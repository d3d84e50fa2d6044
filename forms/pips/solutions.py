"""The form for Section 4 Proposed Solutions: one solution, in the template's words."""

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms.validators import DataRequired

from forms.core.drawn import AddsOnce, DrawnFrom, version_field
from forms.core.fields import DateInputField, MultiCheckboxField, NumberField, choices, text_field
from forms.core.radios import RadioField, ignore_unchosen
from webapp.domain.choices import solution_statuses
from webapp.domain.limits import LONG_TEXT
from webapp.domain.pips import Resourcing, SolutionStatus

SHORT_TEXT = 2_000
DECISIONS = {SolutionStatus.APPROVED.value, SolutionStatus.NOT_APPROVED.value}
CHOOSE_STATUS = "Choose the status of the solution"
NOT_THIS_PLANS = "Choose only factors of this plan: one you chose is not, or is no longer, one of its factors"
ONLY_CMT = "Only CMT can approve or decline a solution: record the decision in a CMT comment in Section 5"
NOT_APPROVED_YET = "A solution is put in place once CMT has approved it: record CMT's decision in Section 5 first"


class SolutionForm(AddsOnce, DrawnFrom, FlaskForm):
    """One proposed solution.

    The view sets, before validating: `factors.choices` (this plan's factors only), `complete_required`
    (a Live plan needs what Submit checks) and `status.choices` (the statuses this user may set, by
    webapp.domain.choices.solution_statuses: a status not offered is refused). Nothing is ticked on a
    new solution: the user chooses the resourcing and the status (GOV.UK: never pre-select radios).
    """

    complete_required = False

    version = version_field()
    description = text_field("Solution", max_length=LONG_TEXT, multiline=True, message="Describe the solution")
    target_date = DateInputField("Target Date")
    factors = MultiCheckboxField(
        "Factors Addressed",
        coerce=int,
        choices=[],
        invalid_choice_message=NOT_THIS_PLANS,
        invalid_value_message=NOT_THIS_PLANS,
    )
    resourcing = RadioField(
        "Resourcing",
        choices=choices((r.value, r.label) for r in Resourcing),
        reveals={Resourcing.EXTRA_FUNDING.value: ("funding_amount", "funding_note")},
        validators=[
            DataRequired("Choose whether the solution is resourced within the service or extra funding is sought")
        ],
    )
    funding_amount = NumberField("Funding amount (£)", description="In pounds, for example 18,000.", money=True)
    funding_note = text_field(
        "Funding route",
        max_length=SHORT_TEXT,
        required=False,
        multiline=True,
        description="Optional. How and where the funding is being applied for.",
    )
    time_lag = text_field("Expected time lag", max_length=SHORT_TEXT, required=False, multiline=True)
    option_group = text_field("Option group", max_length=100, required=False)
    strengths = text_field("Strengths", max_length=LONG_TEXT, required=False, multiline=True)
    weaknesses = text_field("Weaknesses", max_length=LONG_TEXT, required=False, multiline=True)
    status = RadioField(
        "Status",
        choices=choices((s.value, s.label) for s in solution_statuses(set())),
        validators=[DataRequired(CHOOSE_STATUS)],
        invalid_choice_message=CHOOSE_STATUS,
    )

    def validate(self, extra_validators=None):
        super().validate(extra_validators)
        ignore_unchosen(self)  # what was typed under a choice not made is neither checked nor saved
        if self.status_fixed and not self.status.raw_data:  # shown as words, not asked (the template)
            self.status.data, self.status.errors = self.status.choices[0].value, []
        if self.status.data in DECISIONS - self.offered_statuses:
            self.status.errors = [ONLY_CMT]  # a decision this user is not offered: say why it is refused
        elif self.status.data == SolutionStatus.IN_PLACE.value and self.status.data not in self.offered_statuses:
            self.status.errors = [NOT_APPROVED_YET]
        checks = [
            (
                self.target_date,
                self.complete_required and self.target_date.data is None,
                "Enter the Target Date: the plan is Live",
            ),
            (
                self.factors,
                self.complete_required and not self.factors.data,
                "Choose the Factors Addressed: the plan is Live",
            ),
            (
                self.funding_amount,
                self.extra_funding and self.funding_amount.data is None,
                "Enter the funding amount sought, in £",
            ),
        ]
        for field, failed, message in checks:
            if failed and not field.errors:
                field.errors.append(message)
        return not self.errors

    @property
    def status_fixed(self):
        """One status only is offered (a new solution, to someone who does not record CMT's decisions): the
        form says it rather than ask."""
        return len(self.status.choices) == 1

    @property
    def offered_statuses(self):
        return {choice.value for choice in self.status.choices}

    @property
    def may_decide(self):
        """Whether Approved and Not approved are both offered: this user records CMT's decision here."""
        return self.offered_statuses >= DECISIONS

    @property
    def extra_funding(self):
        return self.resourcing.data == Resourcing.EXTRA_FUNDING.value

    @property
    def amount(self):
        """The amount in pounds and pence, kept only when extra funding is sought."""
        if not self.extra_funding or self.funding_amount.data is None:
            return None
        return Decimal(str(self.funding_amount.data)).quantize(Decimal("0.01"))
