"""The meetings register: meetings and the bodies that hold them
(docs/meetings-and-papers.md#meetings-and-committee-papers).

Choices that come from the database (the bodies) are set by the view.
"""

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import enum_choices, enum_coerce

from forms.core.fields import DateInputField, optional_id, required, text_field
from forms.core.radios import RadioField
from webapp.domain.bodies import BodyKind


class MeetingForm(FlaskForm):
    body = RadioField(
        "Body",
        coerce=optional_id,
        validators=[required("Choose the body that is meeting")],
        invalid_value_message="Choose a body from the list",
        invalid_choice_message="Choose a body from the list",
    )
    date = DateInputField("Date of the meeting", validators=[required("Enter the date of the meeting")])
    title = text_field("Title", 200, required=False, description="Optional. For example, Quarter 2 performance review")
    location = text_field("Location", 200, required=False, description="Optional. For example, Council Chamber")


class BodyForm(FlaskForm):
    name = text_field("Name", 100, message="Enter the name of the body", is_name=True)
    kind = RadioField(
        "Kind of body",
        choices=enum_choices(BodyKind, label=lambda kind: kind.label),
        coerce=enum_coerce(BodyKind),
        validators=[required("Choose the kind of body")],
        invalid_value_message="Choose a kind of body from the list",
        invalid_choice_message="Choose a kind of body from the list",
    )


class MeetingFilterForm(FlaskForm):
    """The filter above the register: sent by GET, so it changes nothing and needs no CSRF token."""

    class Meta:
        csrf = False

    body = SelectField(
        "Body",
        coerce=optional_id,
        invalid_value_message="Choose a body from the list",
        invalid_choice_message="Choose a body from the list",
    )
