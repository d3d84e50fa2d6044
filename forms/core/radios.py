"""Radios as GOV.UK asks for them: nothing ticked until the user chooses, one clear message when nothing
is, and the fields that belong to one choice revealed under it (the conditional reveal pattern)."""

from wtforms import RadioField as _RadioField


class RadioField(_RadioField):
    """`reveals` maps a choice's value to the names of the fields that only that choice needs, such as
    the funding amount under "Extra funding sought". The render_field macro draws them inside the choice's
    `govuk-radios__conditional`; without JavaScript every field shows, so `ignore_unchosen` makes the
    server ignore what was typed under a choice not made.

    Named as WTForms names it: the render_field macro draws a field by its type's name."""

    def __init__(self, label=None, validators=None, reveals=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.reveals = {str(value): tuple(names) for value, names in (reveals or {}).items()}

    def pre_validate(self, form):
        if self.data is None:
            return  # nothing chosen: the field's own "Choose ..." message says so, not "Not a valid choice" too
        super().pre_validate(form)

    @property
    def chosen(self):
        """The value of the choice made, as the form sends it ('' when none)."""
        value = getattr(self.data, "value", self.data)
        return "" if value is None else str(value)

    def revealed(self, value):
        """The fields shown only under the choice `value`."""
        return [self._form[name] for name in self.reveals.get(str(value), ())]

    def unchosen(self):
        """The fields that belong to a choice other than the one made."""
        return [self._form[name] for value, names in self.reveals.items() if value != self.chosen for name in names]


def ignore_unchosen(form):
    """Forget the errors of fields under choices not made: what was typed there is kept on the page but
    never checked, and the save ignores it (the view or write keeps only the chosen branch's values)."""
    for field in form:
        if isinstance(field, RadioField):
            for hidden in field.unchosen():
                hidden.errors = []
