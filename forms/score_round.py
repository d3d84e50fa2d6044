"""The score round's forms (docs/score-round.md): the period chosen, and one row a PI.

A row is a score for the round's period end, read and checked by the same fields and rules as a
score added on the PI's page (forms/indicators.py ScoreForm: forgiving numbers within the PI's unit's
range, a cleaned note of at most 1,000 characters); the period end itself is one the page offers, so
it is always a period end of the PI's frequency and never in the future. No database access here: the
PI's unit and the score saved now are set on the row by the view.
"""

from datetime import date, datetime

from wtforms import Form, HiddenField, SelectChoice
from wtforms import SelectField as _SelectField

from forms.core.fields import NumberField, text_field
from webapp.domain.dates import uk_date


class PeriodForm(Form):
    """The period end asked for (a GET form: no CSRF token, works without JavaScript)."""

    period = _SelectField("Period end")

    def chosen(self, period_ends: list[date]) -> date:
        """The period end asked for, if on offer; otherwise the latest (a hand-edited address)."""
        self.period.choices = [SelectChoice(day.isoformat(), uk_date(day)) for day in period_ends]
        wanted = self.period.data
        day = next((day for day in period_ends if day.isoformat() == wanted), period_ends[0])
        self.period.data = day.isoformat()
        return day


class ScoreRoundRowForm(Form):
    """One PI's row: the period's score and note, and when its score was recorded as the row was drawn."""

    value = NumberField("Score", in_pi_unit=True)
    note = text_field("Note", 1000, required=False, multiline=True)
    seen = HiddenField()

    # Set by the view: the PI's unit and decimal places, and the period's score as saved now (None when
    # it has none).
    pi_unit = None
    places = 0
    saved = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.note.render_kw = {"rows": 1}

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.value.data is None and not self.value.errors:
            if self.saved is not None:
                self.value.errors.append("Enter the score: a recorded score cannot be removed here")
                valid = False
            elif self.note.data:
                self.value.errors.append("Enter the score, or remove the note")
                valid = False
        return valid

    @property
    def entered(self) -> bool:
        """Something to save: a new score, or a saved one changed (a correction)."""
        if self.value.data is None:
            return False
        saved = self.saved
        # A blank note keeps the saved one, as on the PI's page: emptying the box is no change.
        note = self.note.data or ""
        return saved is None or self.value.data != saved.value or (note != "" and note != saved.note)

    def seen_moment(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.seen.data) if self.seen.data else None
        except ValueError:
            return datetime.min  # not a moment this app wrote: never the one saved, so refused

    @staticmethod
    def data_of(score) -> dict:
        """What a row shows for the period's score (or for none)."""
        if score is None:
            return {"value": None, "note": "", "seen": ""}
        return {"value": score.value, "note": score.note, "seen": score.recorded_at.isoformat()}
