"""Administration: users and their roles, services and committees, directorates and services.

Choices that come from the database (services, committees, directorates) are set by the view.
"""

from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField
from wtforms.fields.choices import enum_choices, enum_coerce
from wtforms.validators import DataRequired, Length, Regexp, StopValidation, ValidationError

from forms.auth import confirm_password_field, new_password_field
from forms.core.fields import MultiCheckboxField, text_field
from webapp.domain.passwords import HINT
from webapp.domain.roles import Role

# Enough to catch a slip of the keyboard; the address itself is proved when the person signs in.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _email_filter(value):
    return value.strip().lower() if value else value


def _at_least_one(message):
    """Like DataRequired, without marking every checkbox `required` (which would mean all of them)."""

    def check(form, field):
        if not field.data and not field.errors:
            raise StopValidation(message)

    return check


class UserForm(FlaskForm):
    """Adding a user: they choose their own password from the invitation they are e-mailed
    (docs/users-and-permissions.md#invitations-and-forgotten-passwords)."""

    name = text_field("Name", 100, message="Enter the person's name")
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter the person's email address"),
            Length(max=254, message="The email address must be 254 characters or fewer"),
            Regexp(EMAIL_PATTERN, message="Enter an email address in the correct format, like name@example.org"),
        ],
        filters=[_email_filter],
        render_kw={"autocomplete": "off", "spellcheck": "false", "maxlength": 254},
    )
    roles = MultiCheckboxField(
        "Roles",
        choices=enum_choices(Role, label=lambda role: role.label),
        coerce=enum_coerce(Role),
        validators=[_at_least_one("Choose at least one role")],
        invalid_value_message="Choose roles from the list",
        description="A person may hold several roles.",
    )
    services = MultiCheckboxField(
        "Services they are Head of Service for",
        coerce=int,
        invalid_value_message="Choose services from the list",
        invalid_choice_message="Choose services from the list",
        description="Only for a Head of Service: tick every service they own.",
    )

    committees = MultiCheckboxField(
        "Committees they sit on",
        coerce=int,
        invalid_value_message="Choose committees from the list",
        invalid_choice_message="Choose committees from the list",
        description="Only for a Member: tick every committee they sit on. They read the plans presented to these.",
    )

    def validate_committees(self, field):
        member = Role.MEMBER in (self.roles.data or ())
        if member and not field.data and field.choices:
            raise ValidationError("Choose at least one committee for a Member")
        if field.data and not member:
            raise ValidationError("Only a Member sits on committees: untick the committees, or tick Member")

    def validate_services(self, field):
        head_of_service = Role.HEAD_OF_SERVICE in (self.roles.data or ())
        if head_of_service and not field.data:
            raise ValidationError("Choose at least one service for a Head of Service")
        if field.data and not head_of_service:
            raise ValidationError("Only a Head of Service has services: untick the services, or tick Head of Service")


class UserEditForm(UserForm):
    """Changing a user: a new password is optional."""

    password = new_password_field(
        "New password", required=False, description=f"Leave blank to keep their password. {HINT}"
    )
    confirm_password = confirm_password_field("Confirm the new password")

    def validate_confirm_password(self, field):
        if self.password.data and not field.data:
            raise ValidationError("Enter the password again to confirm it")
        if field.data != self.password.data:
            raise ValidationError("The passwords do not match")


class AccountStatusForm(FlaskForm):
    """The Disable, Enable and Send the invitation again buttons: nothing to type, only the CSRF token."""


class DirectorateForm(FlaskForm):
    name = text_field("Name", 100, message="Enter the name of the directorate", is_name=True)


class ServiceForm(FlaskForm):
    name = text_field("Name", 100, message="Enter the name of the service", is_name=True)
    directorate = RadioField(
        "Directorate",
        coerce=int,
        validators=[DataRequired("Choose the directorate")],
        invalid_value_message="Choose a directorate from the list",
        invalid_choice_message="Choose a directorate from the list",
    )
