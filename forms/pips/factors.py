"""The form for a factor of Sections 2 and 3 (external or internal)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import DataRequired, ValidationError

from forms.core.drawn import AddsOnce, DrawnFrom, version_field
from forms.core.fields import choices, enum_value, text_field
from webapp.domain.limits import LONG_TEXT
from webapp.domain.pips import Duration, FactorKind


class FactorForm(AddsOnce, DrawnFrom, FlaskForm):
    version = version_field()
    kind = HiddenField()
    duration = RadioField(
        "Type of factor",
        choices=choices((d.value, d.label) for d in Duration),
        coerce=enum_value,
        validators=[DataRequired("Choose Temporary Factors or Long Term Factors")],
    )
    description = text_field("Factor", max_length=LONG_TEXT, multiline=True, message="Describe the factor")

    def validate_kind(self, field):
        if field.data not in {k.value for k in FactorKind}:
            raise ValidationError("Choose external or internal")
