"""Forms for the Performance Improvement Plans item on an A&P agenda
(docs/meetings-and-papers.md#meetings-and-committee-papers)."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField
from wtforms.fields.choices import enum_choices, enum_coerce
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional
from wtforms.widgets import HiddenInput

from forms.core.drawn import DrawnFrom
from forms.core.fields import DateInputField, NumberField, choices, optional_id, required, text_field
from forms.core.radios import RadioField, ignore_unchosen
from webapp.domain.papers import LIKELIHOODS, REPORT_SECTIONS, RISK_COLUMNS
from webapp.domain.referrals import DecisionKind, Outcome, missing_for_decision, missing_for_outcome

SECTION_TEXT = 5_000
HEADINGS = dict(REPORT_SECTIONS)


def _label(word):
    return word.label


def _section(key, hint):
    return text_field(HEADINGS[key], SECTION_TEXT, required=False, multiline=True, description=hint)


class ReportForm(DrawnFrom, FlaskForm):
    """The cover report: its heading lines and the text of each standard section."""

    version = IntegerField(
        widget=HiddenInput(), default=0, validators=[InputRequired("Refresh the page and try again")]
    )
    item_number = text_field("Agenda item number", 20, required=False, description="For example, 7")
    title = text_field("Report title", 200, message="Enter the report title")
    report_of = text_field(
        "Report of", 200, message="Enter who the report is from", description="For example, Head of Performance"
    )
    contact_officer = text_field(
        "Author and contact officer", 300, required=False, description="Name, job title and telephone number"
    )
    purpose = _section("purpose", "Leave a blank line between paragraphs: each is numbered 1.1, 1.2 …")
    executive_summary = _section("executive_summary", "The summary table of the plans follows this text.")
    proposed_action = _section(
        "proposed_action", "For example, The committee is invited to RESOLVE to note … It is printed in bold."
    )
    background = _section("background", None)
    discussion = _section("discussion", None)
    legal_powers = _section("legal_powers", None)
    financial = _section("financial", None)
    risk = _section("risk", "Printed above the risk table, whose rows you change below.")
    resources = _section("resources", None)
    communities = _section("communities", None)
    equalities = _section("equalities", None)
    consultees = _section("consultees", "One a line: each line is printed as an entry of the list.")
    background_papers = _section("background_papers", "One a line: each line is printed as an entry of the list.")


RISK_TEXT = 1_000


def _word(value):
    """A choice as typed; nothing chosen stays None (str would make it "None")."""
    return None if value is None else str(value)


class RiskForm(FlaskForm):
    """A row of the cover report's Risk Analysis table (docs/meetings-and-papers.md#cover-report)."""

    version = IntegerField(
        widget=HiddenInput(), default=0, validators=[InputRequired("Refresh the page and try again")]
    )
    # The table's last row when an add form was drawn (webapp/papers/risk_rows.py `add_risk`).
    after = IntegerField(widget=HiddenInput(), validators=[Optional()])
    nature = text_field(
        RISK_COLUMNS[0], RISK_TEXT, multiline=True, description="For example, Performance targets not achieved"
    )
    consequences = text_field(RISK_COLUMNS[1], RISK_TEXT, multiline=True)
    likelihood = RadioField(
        RISK_COLUMNS[2],
        choices=choices([(word, word) for word in LIKELIHOODS]),
        coerce=_word,
        validators=[required("Choose how likely the risk is")],
        invalid_value_message="Choose one of the likelihoods listed",
        invalid_choice_message="Choose one of the likelihoods listed",
    )
    control_measures = text_field(RISK_COLUMNS[3], RISK_TEXT, multiline=True)


class AddPlanForm(FlaskForm):
    pip = SelectField(
        "Plan to present",
        coerce=int,
        validators=[DataRequired("Choose a plan to present")],
        invalid_value_message="Choose a plan from the list",
        # The list is the plans that may be added: not one on the papers already, nor one raised after the meeting.
        invalid_choice_message="Choose a plan from the list: that one is on the papers already, or was raised after "
        "the meeting, or is not Live or Completed",
    )


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(("up", "down"), message="Move a plan up or down")])


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token is checked."""


CHANGES_LABEL = "Include “Changes since last presented” for each plan presented to an earlier meeting"
CHANGES_HINT = "Each such plan’s appendix lists what was added, changed and removed since the committee saw it."


class PublishForm(FlaskForm):
    """Publishing the papers (docs/meetings-and-papers.md#publishing). `as_shown` is what the page showed
    (webapp/papers/item.py `papers_as_shown`), so that only what the clerk confirmed is published."""

    as_shown = HiddenField()

    with_changes = BooleanField(CHANGES_LABEL, description=CHANGES_HINT)


class RevisionForm(FlaskForm):
    """A revised version of published papers (docs/meetings-and-papers.md#revisions-after-publishing).
    `revises` is the latest version when the form was drawn: the same form sent twice issues one version."""

    revises = IntegerField(widget=HiddenInput())

    reason = text_field(
        "Reason for the revision",
        2_000,
        message="Enter the reason for the revision",
        multiline=True,
        description="Members see it with the revised papers. For example, Appendix B: the August score corrected.",
    )
    with_changes = BooleanField(CHANGES_LABEL, description=CHANGES_HINT)


def _add_missing(form, missing):
    for name, message in missing:
        if not form[name].errors:
            form[name].errors.append(message)
    return not missing


class OutcomeForm(FlaskForm):
    """What the committee did with a plan presented to it (docs/meetings-and-papers.md#meetings-and-committee-papers).
    The view sets the committees.
    The committee and the reason are revealed under "Referred"; typed under "Noted", they are ignored."""

    outcome = RadioField(
        "What did the committee do with this plan?",
        choices=enum_choices(Outcome, label=_label),
        coerce=enum_coerce(Outcome),
        validators=[required("Choose what the committee did")],
        reveals={Outcome.REFERRED.value: ("referred_to", "reason")},
        invalid_value_message="Choose one of the outcomes listed",
        invalid_choice_message="Choose one of the outcomes listed",
    )
    referred_to = SelectField(
        "Policy committee it is referred to",
        coerce=optional_id,
        invalid_value_message="Choose a policy committee from the list",
        invalid_choice_message="Choose a policy committee from the list",
    )
    reason = text_field(
        "Reason for the referral",
        SECTION_TEXT,
        required=False,
        multiline=True,
        description="For example, the committee considers the target unachievable with the current resources.",
    )
    minute_reference = text_field("Minute reference", 50, required=False, description="For example, AP/2026/9")

    def validate(self, extra_validators=None):
        super().validate(extra_validators)
        ignore_unchosen(self)
        if self.outcome.data is not None:
            _add_missing(self, missing_for_outcome(self.outcome.data, self.referred_to.data, self.reason.data))
        return not self.errors


class DecisionForm(FlaskForm):
    """A policy committee's decision on a referred plan (docs/meetings-and-papers.md#referrals-and-decisions). The view
    sets the meetings.
    The new target is revealed under (a) and the amount under (b); typed under another decision, they
    are ignored. The details serve every decision: the rationale (a), the resources (b), the decision (d)."""

    meeting = SelectField(
        "Meeting",
        coerce=optional_id,
        validators=[required("Choose the meeting that decided")],
        invalid_value_message="Choose a meeting from the list",
        invalid_choice_message="Choose a meeting from the list",
    )
    minute_reference = text_field(
        "Minute reference", 50, message="Enter the minute reference", description="For example, DEV/2027/12"
    )
    kind = RadioField(
        "Decision",
        choices=enum_choices(DecisionKind, label=_label),
        coerce=enum_coerce(DecisionKind),
        validators=[required("Choose the decision")],
        reveals={
            DecisionKind.AMEND_TARGET.value: ("target_value", "target_from"),
            DecisionKind.ADDITIONAL_RESOURCES.value: ("amount",),
        },
        invalid_value_message="Choose one of the decisions listed",
        invalid_choice_message="Choose one of the decisions listed",
    )
    target_value = NumberField("New target", description="In the PI's own unit.", in_pi_unit=True)
    target_from = DateInputField(
        "New target applies from",
        description="It becomes the PI's target for that financial year. For example, 1 4 2027",
    )
    amount = NumberField(
        "Amount of additional resources (£)",
        description="In pounds, for example 25,000.",
        money=True,
    )
    description = text_field(
        "Details",
        SECTION_TEXT,
        required=False,
        multiline=True,
        description="What the resources are for (b), or what was decided (d).",
    )

    def validate(self, extra_validators=None):
        super().validate(extra_validators)
        ignore_unchosen(self)
        if self.kind.data is not None:
            _add_missing(
                self,
                missing_for_decision(
                    self.kind.data,
                    self.target_value.data,
                    self.target_from.data,
                    self.amount.data,
                    self.description.data,
                    today=date.today(),
                ),
            )
        return not self.errors
