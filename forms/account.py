"""Your account (docs/users-and-permissions.md#your-account): changing your own password, and signing out
your other sessions."""

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from forms.auth import NewPasswordForm, confirm_password_field, new_password_field
from webapp.domain.passwords import MAXIMUM_PASSWORD_LENGTH


class ChangePasswordForm(NewPasswordForm):
    """The view sets `person_email` for the rules and checks the current password itself."""

    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password"), Length(max=MAXIMUM_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field("New password")
    confirm_password = confirm_password_field("Confirm the new password")


class EndOtherSessionsForm(FlaskForm):
    """The button that signs you out everywhere else: nothing to type, only the CSRF token."""
