"""The Section 5 Management Comment form (docs/plans.md#section-5-management-comments)."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired, ValidationError

from forms.core.drawn import AddsOnce, DrawnFrom, version_field
from forms.core.fields import DateInputField, MultiCheckboxField, optional_id, text_field
from forms.core.radios import RadioField, ignore_unchosen
from webapp.domain.dates import uk_date
from webapp.domain.limits import LONG_TEXT
from webapp.domain.pips import CommentRole

MEETING_KINDS = {role: role.meeting_kinds for role in CommentRole}
MEETING_WORDS = {
    CommentRole.CMT: "a CMT meeting",
    CommentRole.OMT: "an OMT meeting",
    CommentRole.MEMBERS: "a committee meeting or Members' briefing",
}


class CommentForm(AddsOnce, DrawnFrom, FlaskForm):
    """One management comment. The view sets the choices: the roles this user may record, the meetings
    of the matching bodies and this plan's solutions; `meeting_kinds` maps each listed meeting's id to
    its body's kind, so the meeting can be checked against the role without touching the database."""

    version = version_field()
    role = RadioField(
        "Role",
        validators=[DataRequired("Choose whose comment this is")],
        invalid_choice_message="Choose one of the roles listed",
    )
    author = text_field("Author", max_length=100, message="Enter the author's name")
    made_on = DateInputField("Date", validators=[DataRequired("Enter the date of the comment")])
    meeting = SelectField(
        "Meeting",
        coerce=optional_id,
        invalid_choice_message="Choose a meeting from the list",
        invalid_value_message="Choose a meeting from the list",
        description="The meeting the comment was made at. Not needed for a Head of Service comment.",
    )
    minute_reference = text_field(
        "Minute reference", max_length=50, required=False, description="For example, CMT/2026/41"
    )
    text = text_field(
        "Comment",
        max_length=LONG_TEXT,
        multiline=True,
        message="Enter the comment",
        description="Include the rationale for approving or declining any solutions.",
    )
    approves = MultiCheckboxField(
        "Approve",
        coerce=int,
        invalid_choice_message="Choose solutions of this plan",
        invalid_value_message="Choose solutions of this plan",
        description="CMT comments only: the solutions CMT approved.",
    )
    declines = MultiCheckboxField(
        "Decline",
        coerce=int,
        invalid_choice_message="Choose solutions of this plan",
        invalid_value_message="Choose solutions of this plan",
        description="CMT comments only: the solutions CMT did not approve.",
    )

    def __init__(self, *args, meeting_kinds=None, meeting_dates=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_kinds = meeting_kinds or {}
        self.meeting_dates = meeting_dates or {}
        self.today = today or date.today()

    def field_for(self, name):
        return "approves" if name == "decisions" else name

    def show_saved(self, name, value):
        """The saved decisions ({solution id: approved}) fill the Approve and Decline boxes."""
        if name != "decisions":
            return super().show_saved(name, value)
        super().show_saved("approves", [i for i, approved in value.items() if approved])
        super().show_saved("declines", [i for i, approved in value.items() if not approved])

    @property
    def chosen_role(self):
        try:
            return CommentRole(self.role.data)
        except ValueError:
            return None

    def validate_made_on(self, field):
        if field.data and field.data > self.today:
            raise ValidationError("Date must be today or in the past")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        role = self.chosen_role
        if role is None:
            return False
        meeting_ok, decisions_ok = self._check_meeting(role), self._check_decisions(role)
        return meeting_ok and decisions_ok and valid

    def _check_meeting(self, role):
        meeting, minute = self.meeting, self.minute_reference
        if meeting.errors:
            return False
        if not role.needs_meeting:
            # Shown only because this user may also record a role that cites a meeting: a Head of
            # Service comment cites none, so what was chosen there is ignored, never refused.
            meeting.errors, minute.errors = [], []
            return True
        if meeting.data is None:
            meeting.errors.append(f"Choose the meeting the {role.label} comment was made at")
            return False
        if self.meeting_kinds.get(meeting.data) not in MEETING_KINDS[role]:
            meeting.errors.append(f"{role.label} comments cite {MEETING_WORDS[role]}: choose one of those")
            return False
        held = self.meeting_dates.get(meeting.data)
        if held and self.made_on.data and self.made_on.data < held:
            self.made_on.errors.append(f"Date must be on or after the meeting it was made at, {uk_date(held)}")
            return False
        return True

    def _check_decisions(self, role):
        """Approve and Decline are revealed under CMT only: for another role what is ticked there is
        ignored (the view saves decisions for a CMT comment alone), never refused."""
        if role is not CommentRole.CMT:
            ignore_unchosen(self)
            return True
        approves, declines = set(self.approves.data or ()), set(self.declines.data or ())
        if self.approves.errors or self.declines.errors:
            return False
        if approves & declines:
            self.declines.errors.append("A solution cannot be both approved and declined: untick it in one list")
            return False
        return True
