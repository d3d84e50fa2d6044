"""Fields every form shares: cleaned text, forgiving numbers and GOV.UK date inputs."""

from datetime import date

from wtforms import Field, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Length, Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.domain.limits import DATE_RANGE_TEXT, date_in_range
from webapp.domain.text import clean_text
from webapp.domain.typed_numbers import UnreadableNumber, typed_number
from webapp.domain.units import AMOUNT_RANGE, LARGEST, amount_problem, plain_number, range_text, value_range


def _clean_line(value):
    return clean_text(value, multiline=False) or ""


def _clean_block(value):
    return clean_text(value) or ""


def _clean_name(value):
    """A name's spaces, however typed (two, a tab, a non-breaking space pasted from Word), made one space each:
    "Development  Committee" is the body "Development Committee", not another."""
    return " ".join(_clean_line(value).split())


def text_field(label, max_length, required=True, message=None, multiline=False, is_name=False, **kwargs):
    """A text or textarea field: pasted text cleaned (docs/plans.md#validation-limits), a length limit, required or
    not. A name (`is_name`: of a service, directorate or body, unique whatever its case) has its spaces made single."""
    presence = DataRequired(message or f"Enter {label[0].lower() + label[1:]}") if required else Optional()
    field_class = TextAreaField if multiline else StringField
    return field_class(
        label,
        validators=[presence, Length(max=max_length, message=f"{label} must be {max_length:,} characters or fewer")],
        # Always text, never None: a field a script leaves out reads as blank, as a blank box does.
        filters=[_clean_name if is_name else _clean_block if multiline else _clean_line],
        render_kw={"maxlength": max_length} if not multiline else None,
        **kwargs,
    )


def _stop_after_process_errors(field):
    """Keep "must be a real date" rather than let DataRequired replace it with "Enter ..."."""
    if field.process_errors:
        raise StopValidation()


WHOLE_NUMBER = "must be a whole number"


class NumberField(Field):
    """A number typed as people type them: '1,234.5', '91.2%', '£18,000' all read as numbers, as every number
    field and score import reads them (webapp/domain/typed_numbers.py); '1_000' and '５０' do not.

    Whatever was typed is shown again when it is not a number, with a clear message. Every number lies
    between `minimum` and `maximum` (by default the cap of ±1e12, docs/plans.md#validation-limits); one `in_pi_unit`
    lies
    also within the range of the PI's unit when the view has set the form's `pi_unit`
    (webapp/domain/units.py).
    """

    def __init__(
        self,
        label=None,
        validators=None,
        integer=False,
        minimum=-LARGEST,
        maximum=LARGEST,
        in_pi_unit=False,
        money=False,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.integer = integer
        self.minimum, self.maximum = AMOUNT_RANGE if money else (minimum, maximum)
        self.in_pi_unit = in_pi_unit
        self.money = money  # pounds and pence, never negative (webapp/domain/units.py `amount_problem`)

    def range(self, form):
        """(lowest, highest) this field accepts on `form`."""
        lowest, highest = self.minimum, self.maximum
        unit = getattr(form, "pi_unit", None)
        if self.in_pi_unit and unit is not None:
            unit_lowest, unit_highest = value_range(unit)
            lowest, highest = max(lowest, unit_lowest), min(highest, unit_highest)
        return lowest, highest

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        if self.integer:
            return str(int(self.data))
        return number_text(self.data)  # every digit kept: a saved form must not round what it shows

    def pre_validate(self, form):
        _stop_after_process_errors(self)
        if self.data is None:
            return
        if self.money and (problem := amount_problem(self.data)):
            raise StopValidation(f"{self.label.text} {problem}")
        lowest, highest = self.range(form)
        if self.data < lowest and lowest > -LARGEST and highest == LARGEST:  # a floor alone: -5 hears of no cap
            raise StopValidation(f"{self.label.text} must be {lowest:,} or more")
        if not lowest <= self.data <= highest:
            raise StopValidation(f"{self.label.text} must be {range_text(lowest, highest)}")

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = None
        try:
            # A Decimal, never a float: 999999999999.999999 keeps all 18 digits (README, "Exact numbers").
            number = typed_number(valuelist[0])
        except UnreadableNumber as problem:
            raise ValueError(f"{self.label.text} {WHOLE_NUMBER if self.integer else problem}") from None
        if number is None or not self.integer:
            self.data = number
        elif number != number.to_integral_value():
            raise ValueError(f"{self.label.text} {WHOLE_NUMBER}")
        else:  # past the cap it stays a Decimal for the range to refuse: 1e999999999 is never made a billion-digit int
            self.data = int(number) if -LARGEST <= number <= LARGEST else number


class DateInputField(Field):
    """A GOV.UK date input: day, month and year boxes named NAME-day, NAME-month, NAME-year."""

    PARTS = ("day", "month", "year")

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data
        self.raw_data = None
        self.parts = (
            dict(zip(self.PARTS, (str(data.day), str(data.month), str(data.year))))
            if data
            else {part: "" for part in self.PARTS}
        )
        if formdata is None:
            return
        keys = [f"{self.name}-{part}" for part in self.PARTS]
        if not any(key in formdata for key in keys):
            if self.name in formdata:  # an ISO date from a script or a single-box form
                self._parse_iso(formdata.get(self.name, ""))
            return  # not sent at all: keep what the object had, as WTForms' own fields do
        self.parts = {part: formdata.get(key, "").strip() for part, key in zip(self.PARTS, keys)}
        self.raw_data = list(self.parts.values())
        self.data = None
        missing = [part for part in self.PARTS if not self.parts[part]]
        if len(missing) == 3:
            return
        label = self.label.text
        if missing:
            self.process_errors.append(f"{label} must include a {' and '.join(missing)}")
            self.error_parts = missing
            return
        try:
            # The digits 0 to 9 only: int() also takes 2_026 and any script's digits (webapp/domain/typed_numbers.py).
            if not all(self.parts[part].isascii() and self.parts[part].isdigit() for part in self.PARTS):
                raise ValueError
            day, month, year = (int(self.parts[part]) for part in self.PARTS)
            if not 1000 <= year <= 9999:
                raise ValueError
            self.data = date(year, month, day)
        except (ValueError, OverflowError):  # a day or month of 20 digits overflows the C int date() takes
            self.process_errors.append(f"{label} must be a real date")
            self.error_parts = list(self.PARTS)
            return
        self._check_range()

    def _check_range(self):
        """Every date lies between 1900 and 2100 (webapp/domain/limits.py): 0001-01-01 once made
        Section 1 refuse to save, and 9999-12-31 broke the plan list."""
        if not date_in_range(self.data):
            self.data = None
            self.process_errors.append(f"{self.label.text} must be {DATE_RANGE_TEXT}")
            self.error_parts = ["year"]

    def pre_validate(self, form):
        _stop_after_process_errors(self)

    def _parse_iso(self, text):
        text = text.strip()
        self.raw_data = [text]
        if not text:
            self.data = None
            return
        try:
            self.data = date.fromisoformat(text)
        except ValueError:
            self.data = None
            self.process_errors.append(f"{self.label.text} must be a real date")
            return
        self._check_range()

    @property
    def anchor(self):
        """Where an error summary link should land: the first box in error."""
        parts = getattr(self, "error_parts", None) or ["day"]
        return f"{self.id}-{parts[0]}"


class MultiCheckboxField(SelectMultipleField):
    """Several choices as GOV.UK checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(pairs):
    """SelectField/RadioField choices from (value, label) pairs (WTForms 3.3 deprecates bare tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


def enum_value(value):
    """RadioField/SelectField coerce for choices that are enum values: a model's Enum member becomes its
    value ("long_term"), where str() would give "Duration.LONG_TERM" and tick nothing."""
    return getattr(value, "value", value)


def optional_id(value):
    """SelectField/RadioField coerce for a choice of row: its id, or None for the blank "Choose" option.
    Anything else that is not a whole number is a ValueError, which WTForms shows as the field's
    invalid_value_message ("Choose a body from the list")."""
    if value in (None, ""):
        return None
    return int(value)


def restamp(field, value):
    """A hidden field set to `value` for the form drawn again. A field draws what was sent (its raw data) before
    its data, so setting the data alone would send the stale value back (a version, a token) on the next save."""
    field.data, field.raw_data = value, None


def give_ids(form, prefix):
    """Ids unique to this form on the page (names unchanged), so that two forms open at once never
    share an id and every label, hint and error stays tied to its own field."""
    for field in form:
        field.id = f"{prefix}-{field.id}"
    return form


def required(message):
    """Something must be given. Unlike DataRequired, a value that could not be read keeps its own,
    clearer message ("must be a real date"), and no `required` attribute is drawn on every checkbox."""

    def check(form, field):
        if field.process_errors:
            raise StopValidation()
        if field.data is None or field.data == "":
            raise StopValidation(message)

    return check


def number_text(value):
    """A number as it is typed back: every digit kept, no trailing ".0" or exponent."""
    return "" if value is None else plain_number(value)
