"""Signing in, and every form where a person types a new password (docs/users-and-permissions.md#password-rules).

The rules are the domain's (webapp/domain/passwords.py); this only asks for them on the fields."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from webapp.domain.passwords import HINT, MAXIMUM_PASSWORD_LENGTH, password_problem


def _email_filter(value):
    return value.strip().lower() if value else value


class SignInForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address"), Length(max=254)],
        filters=[_email_filter],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password"), Length(max=MAXIMUM_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


def password_rules(form, field):
    """The domain's rules for a new password. The person's e-mail is the form's email field when it has
    one (the admin's user form), else `form.person_email`, set by the view."""
    if not field.data:
        return
    email_field = getattr(form, "email", None)
    email = email_field.data if email_field is not None else getattr(form, "person_email", "")
    problem = password_problem(field.data, email or "")
    if problem:
        raise StopValidation(problem)


def new_password_field(label="Password", required=True, description=HINT):
    return PasswordField(
        label,
        validators=[DataRequired("Enter a password") if required else Optional(), password_rules],
        description=description,
        render_kw={"autocomplete": "new-password"},
    )


def confirm_password_field(label="Confirm the password"):
    return PasswordField(label, render_kw={"autocomplete": "new-password"})


class NewPasswordForm(FlaskForm):
    """A new password, typed twice. Subclasses may relabel the two fields."""

    password = new_password_field()
    confirm_password = confirm_password_field()

    def validate_confirm_password(self, field):
        if self.password.data and not field.data:
            raise ValidationError("Enter the password again to confirm it")
        if field.data != self.password.data:
            raise ValidationError("The passwords do not match")


class SetPasswordForm(NewPasswordForm):
    """Setting a password from an invitation or a reset link."""

    password = new_password_field("Create a password")
    confirm_password = confirm_password_field()


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address"), Length(max=254)],
        filters=[_email_filter],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
