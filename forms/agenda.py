"""Forms for the Performance Improvement Plans item on an A&P agenda (PRODUCT §5)."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField
from wtforms.validators import AnyOf, DataRequired, InputRequired
from wtforms.widgets import HiddenInput

from webapp.domain.papers import REPORT_SECTIONS

from .fields import text_field

SECTION_TEXT = 5_000
HEADINGS = dict(REPORT_SECTIONS)


def _section(key, hint):
    return text_field(HEADINGS[key], SECTION_TEXT, required=False, multiline=True, description=hint)


class ReportForm(FlaskForm):
    """The cover report: its heading lines and the text of each standard section."""

    version = IntegerField(widget=HiddenInput(), default=0,
                           validators=[InputRequired("Refresh the page and try again")])
    item_number = text_field("Agenda item number", 20, required=False, description="For example, 7")
    title = text_field("Report title", 200, message="Enter the report title")
    report_of = text_field("Report of", 200, message="Enter who the report is from",
                           description="For example, Head of Performance")
    contact_officer = text_field("Author and contact officer", 300, required=False,
                                 description="Name, job title and telephone number")
    purpose = _section("purpose", "Leave a blank line between paragraphs: each is numbered 1.1, 1.2 …")
    executive_summary = _section("executive_summary", "The summary table of the plans follows this text.")
    proposed_action = _section("proposed_action", "For example, The committee is invited to RESOLVE to note …")
    background = _section("background", None)
    legal_powers = _section("legal_powers", None)
    financial = _section("financial", None)
    risk = _section("risk", None)
    resources = _section("resources", None)
    communities = _section("communities", None)
    equalities = _section("equalities", None)
    consultees = _section("consultees", None)
    background_papers = _section("background_papers", None)


class AddPlanForm(FlaskForm):
    pip = SelectField("Plan to present", coerce=int, validators=[DataRequired("Choose a plan to present")],
                      invalid_value_message="Choose a plan from the list",
                      invalid_choice_message="Choose a plan from the list")


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(("up", "down"), message="Move a plan up or down")])


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token is checked."""
