"""The form of each person's e-mail choices (docs/notifications.md#choosing-what-you-get): one set of radios per
kind of e-mail their roles receive. The view gives the kinds and the current choices."""

from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from forms.core.fields import choices
from forms.core.radios import RadioField
from webapp.domain.notifications import ALWAYS_SENT, Delivery, Kind, deliveries_for

CANNOT_SWITCH_OFF = "This e-mail cannot be switched off."


class PreferencesForm(FlaskForm):
    """Fields are added per kind by `preferences_form`, each named by the kind's value."""

    def chosen(self, kinds):
        """{kind: Delivery} as submitted."""
        return {kind: Delivery(self[kind.value].data) for kind in kinds}


def preferences_form(kinds: list[Kind], current: dict[Kind, Delivery], formdata=None):
    class Form(PreferencesForm):
        pass

    for kind in kinds:
        field = RadioField(
            kind.label,
            choices=choices((how.value, how.label) for how in deliveries_for(kind)),
            default=current[kind].value,
            validators=[InputRequired(f"Choose how you get e-mail when {kind.label[0].lower()}{kind.label[1:]}")],
            description=CANNOT_SWITCH_OFF if kind in ALWAYS_SENT else None,
            invalid_choice_message=CANNOT_SWITCH_OFF if kind in ALWAYS_SENT else "Choose one of the ways listed",
        )
        setattr(Form, kind.value, field)
    if formdata is None:
        return Form(formdata=None)
    return Form(formdata)
