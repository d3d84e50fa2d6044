"""The meeting's record of one plan presented: what the committee did with it and the Members' comments on
it (docs/meetings-and-papers.md#the-meetings-record)."""

from forms.core.drawn import AddsOnce
from forms.core.fields import text_field
from forms.papers import OutcomeForm
from webapp.domain.limits import LONG_TEXT

OUTCOME_FIELDS = ("outcome", "referred_to", "reason")


class RecordForm(AddsOnce, OutcomeForm):
    """The outcome (as OutcomeForm) and, optionally, the Members' comments made on the plan at the meeting,
    recorded in its Section 5 citing the meeting and the minute reference. Once the policy committee's
    decision is recorded the outcome no longer changes: the view takes its fields off (`fix_outcome`).
    The comments are added once however often the same form is sent (AddsOnce)."""

    comment = text_field(
        "Members' comments",
        LONG_TEXT,
        required=False,
        multiline=True,
        description="What Members said about the plan at the meeting, if anything. It is added to the plan's "
        "Section 5 as a Members comment citing this meeting and the minute reference.",
    )
    author = text_field(
        "Comments made by",
        100,
        required=False,
        description="For example, the committee, or the name of the Member who spoke.",
    )

    def fix_outcome(self):
        for name in OUTCOME_FIELDS:
            delattr(self, name)

    @property
    def outcome_fixed(self):
        return "outcome" not in self

    def validate(self, extra_validators=None):
        if self.outcome_fixed:
            super(OutcomeForm, self).validate(extra_validators)
        else:
            super().validate(extra_validators)
        if self.comment.data and not self.author.data and not self.author.errors:
            self.author.errors.append("Enter who made the comments")
        return not self.errors
