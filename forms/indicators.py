"""Forms of the PI register: a PI, a target version, a score, and the PI list's filter.

No database access here: choices from the database, and facts such as which financial years
already have a target or whether a code is taken, are set on the form by the view.
"""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, HiddenField, SelectChoice
from wtforms import RadioField as _RadioField
from wtforms import SelectField as _SelectField
from wtforms.validators import ValidationError

from forms.core.fields import DateInputField, NumberField, optional_id, required, text_field
from webapp.domain.dates import uk_date
from webapp.domain.periods import Frequency, financial_year_label, is_period_end, latest_period_end
from webapp.domain.pi_codes import MAX_CODE_LENGTH, code_problem, pi_code
from webapp.domain.rating import Polarity, Rag, ToleranceKind
from webapp.domain.target_rules import NO_RATIONALE, RATIONALE_LENGTH, stretch_problem, target_years
from webapp.domain.units import Level, Unit, range_text, value_range


def _choices(enum):
    return [SelectChoice(member.value, member.label) for member in enum]


class _OneMessageOnly:
    """Leaves a missing choice to the field's own "Choose ..." message, not "Not a valid choice"."""

    def pre_validate(self, form):
        if self.data is None:
            return
        super().pre_validate(form)


# Named as WTForms names them: the render_field macro draws a field by its type's name.
class RadioField(_OneMessageOnly, _RadioField):
    pass


class SelectField(_OneMessageOnly, _SelectField):
    pass


class IndicatorForm(FlaskForm):
    code = text_field(
        "Code", MAX_CODE_LENGTH, message="Enter the PI's code, for example WR01", description="Unique, for example WR01"
    )
    name = text_field("Name", 200, message="Enter the PI's name")
    description = text_field("Description", 2000, required=False, multiline=True)
    service = SelectField(
        "Service",
        coerce=optional_id,
        validators=[required("Choose the service the PI belongs to")],
        invalid_value_message="Choose the service the PI belongs to",
        invalid_choice_message="Choose a service from the list",
    )
    polarity = RadioField(
        "Polarity", choices=_choices(Polarity), validators=[required("Choose whether higher or lower is better")]
    )
    unit = RadioField("Unit", choices=_choices(Unit), validators=[required("Choose the unit the PI is measured in")])
    decimal_places = NumberField(
        "Decimal places",
        integer=True,
        default=1,
        description="From 0 to 4",
        minimum=0,
        maximum=4,
        validators=[required("Enter the number of decimal places")],
    )
    frequency = RadioField(
        "How often it is collected",
        choices=_choices(Frequency),
        validators=[required("Choose how often the PI is collected")],
    )
    level = RadioField("Level", choices=_choices(Level), validators=[required("Choose the PI's level")])
    tolerance = NumberField(
        "Tolerance",
        default=10,
        description="How far from the target is still Amber, not Red: "
        "10 means 10% of the target when the tolerance is relative",
        minimum=0,
        validators=[required("Enter the tolerance")],
    )
    tolerance_kind = RadioField(
        "The tolerance is",
        choices=_choices(ToleranceKind),
        validators=[required("Choose whether the tolerance is a percentage or absolute")],
    )
    benchmark_value = NumberField("Benchmark value")
    benchmark_label = text_field(
        "Benchmark label", 100, required=False, description="What the benchmark is, for example England average"
    )
    active = BooleanField("Active", default=True, description="Active PIs are listed in the register by default")
    version = HiddenField()

    # Set by the view: the PI that already has the code typed, if another one does.
    code_taken_by = None

    def validate_code(self, field):
        if field.errors:  # too long already says so: the rule's own length would say it twice
            return
        field.data = pi_code(field.data)  # the rule every way a PI is made keeps (webapp/domain/pi_codes.py)
        problem = code_problem(field.data)
        if problem:
            raise ValidationError(f"Code {problem}")
        if self.code_taken_by is not None:
            raise ValidationError(f"{field.data} is already the code of {self.code_taken_by}. Choose another code")

    def validate(self, extra_validators=None):
        # The benchmark is a pair: checked here, as an optional field's own checks stop when it is empty.
        valid = super().validate(extra_validators)
        value, label = self.benchmark_value, self.benchmark_label
        if value.data is not None and not label.data and not label.errors:
            label.errors.append("Enter what the benchmark is, for example England average")
            valid = False
        if label.data and value.data is None and not value.errors:
            value.errors.append("Enter the benchmark value, or remove the label")
            valid = False
        if value.data is not None and not value.errors and self.unit.data in {unit.value for unit in Unit}:
            lowest, highest = value_range(self.unit.data)  # the benchmark is in the PI's own unit
            if not lowest <= value.data <= highest:
                value.errors.append(f"Benchmark value must be {range_text(lowest, highest)}")
                valid = False
        return valid

    def indicator_fields(self):
        """The PI's columns as typed, ready to save."""
        return {
            "code": self.code.data,
            "name": self.name.data,
            "description": self.description.data or "",
            "service": self.service.data,
            "polarity": Polarity(self.polarity.data),
            "unit": Unit(self.unit.data),
            "decimal_places": self.decimal_places.data,
            "frequency": Frequency(self.frequency.data),
            "level": Level(self.level.data),
            "tolerance": self.tolerance.data,
            "tolerance_kind": ToleranceKind(self.tolerance_kind.data),
            "benchmark_value": self.benchmark_value.data,
            "benchmark_label": self.benchmark_label.data or "",
            "active": self.active.data,
        }

    @staticmethod
    def data_of(indicator):
        """What the form shows for a saved PI."""
        return {
            "code": indicator.code,
            "name": indicator.name,
            "description": indicator.description,
            "service": indicator.service_id,
            "polarity": indicator.polarity.value,
            "unit": indicator.unit.value,
            "decimal_places": indicator.decimal_places,
            "frequency": indicator.frequency.value,
            "level": indicator.level.value,
            "tolerance": indicator.tolerance,
            "tolerance_kind": indicator.tolerance_kind.value,
            "benchmark_value": indicator.benchmark_value,
            "benchmark_label": indicator.benchmark_label,
            "active": indicator.active,
            "version": str(indicator.version),
        }


def financial_year_choices(today=None):
    """The financial years a new target may be set for, shown as 2026/27 (webapp/domain/target_rules.py, which the
    targets import applies too)."""
    return [SelectChoice(year, financial_year_label(year)) for year in target_years(today or date.today())]


class TargetForm(FlaskForm):
    financial_year = SelectField(
        "Financial year",
        coerce=optional_id,
        validators=[required("Choose the financial year")],
        invalid_value_message="Choose the financial year",
        invalid_choice_message="Choose a financial year from the list",
    )
    value = NumberField("Target", in_pi_unit=True, validators=[required("Enter the target")])
    stretch_value = NumberField(
        "Stretch target", in_pi_unit=True, description="Performance that would exceed expectations"
    )
    rationale = text_field(
        "Rationale",
        RATIONALE_LENGTH,
        multiline=True,
        message=NO_RATIONALE,
        description="Why this target: for example the upper quartile of nearest neighbours",
    )
    reason = text_field(
        "Reason for the change",
        2000,
        required=False,
        multiline=True,
        description="Needed when the year already has a target",
    )
    meeting = SelectField(
        "Meeting that decided it",
        coerce=optional_id,
        invalid_value_message="Choose a meeting from the list",
        invalid_choice_message="Choose a meeting from the list",
    )
    minute_reference = text_field("Minute reference", 50, required=False, description="For example, minute 23(b)")

    # Set by the view: the financial years that already have a target, the PI's polarity and unit.
    years_with_targets = frozenset()
    polarity = Polarity.HIGHER_IS_BETTER
    pi_unit = None

    def validate(self, extra_validators=None):
        # Checked here, as an optional field's own checks stop when it is empty.
        valid = super().validate(extra_validators)
        year = self.financial_year.data
        if year in self.years_with_targets and not self.reason.data and not self.reason.errors:
            self.reason.errors.append(f"Enter the reason for changing the {financial_year_label(year)} target")
            valid = False
        return valid

    def validate_stretch_value(self, field):
        if field.data is None or self.value.data is None:
            return
        if problem := stretch_problem(field.data, self.value.data, self.polarity):
            raise ValidationError(problem)

    def validate_minute_reference(self, field):
        if field.data and self.meeting.data is None:
            raise ValidationError("Choose the meeting the minute reference belongs to")


_PERIOD_END_RULES = {
    Frequency.MONTHLY: "Period end must be the last day of a month",
    Frequency.QUARTERLY: "Period end must be the end of a quarter: 30 June, 30 September, 31 December or 31 March",
    Frequency.ANNUAL: "Period end must be 31 March, the end of a financial year",
}


class ScoreForm(FlaskForm):
    """A score for a period: a new one, or a correction when the period already has one."""

    period_end = DateInputField("Period end", validators=[required("Enter the period end")])
    value = NumberField("Score", in_pi_unit=True, validators=[required("Enter the score")])
    note = text_field("Note", 1000, required=False, multiline=True)

    # Set by the view: the PI's collection frequency and unit.
    frequency = Frequency.MONTHLY
    pi_unit = None

    def validate_period_end(self, field):
        frequency = Frequency(self.frequency)
        if not is_period_end(field.data, frequency):
            raise ValidationError(_PERIOD_END_RULES[frequency])
        today = date.today()
        if field.data > today:
            latest = latest_period_end(frequency, today)
            raise ValidationError(f"Period end must not be in the future: the latest is {uk_date(latest)}")


class ScoreEditForm(FlaskForm):
    """A correction to one score, made in its row. `seen` is when the score was last recorded,
    as the user saw it: a save over a newer recording is refused rather than lost."""

    value = NumberField("Score", in_pi_unit=True, validators=[required("Enter the score")])
    note = text_field("Note", 1000, required=False, multiline=True)
    seen = HiddenField()
    pi_unit = None  # set by the view: the PI's unit

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.note.render_kw = {"rows": 2}


class RegisterFilterForm(Form):
    """The PI list's filter: a GET form, so it needs no CSRF token and works without JavaScript."""

    service = SelectField("Service", coerce=optional_id)
    level = SelectField("Level", choices=[SelectChoice("", "All levels")] + _choices(Level))
    rag = SelectField("RAG rating", choices=[SelectChoice("", "All ratings")] + _choices(Rag))
    gap = SelectField(
        "Missing",
        choices=[
            SelectChoice("", "Nothing in particular"),
            SelectChoice("no_score", "The score for the last period due"),
            SelectChoice("no_target", "This year's target"),
        ],
    )
    inactive = BooleanField("Include inactive PIs")

    def chosen(self):
        """The filters asked for; anything not on offer (a hand-edited address) is ignored."""
        self.validate()
        for field in (self.service, self.level, self.rag, self.gap):
            if field.errors or field.data == "":
                field.data = None
            field.errors = []
        return {
            "service_id": self.service.data,
            "level": Level(self.level.data) if self.level.data else None,
            "rag": Rag(self.rag.data) if self.rag.data else None,
            "gap": self.gap.data or None,
            "include_inactive": bool(self.inactive.data),
        }
