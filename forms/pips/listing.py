"""The PIP list's filters."""

from flask_wtf import FlaskForm
from wtforms import SelectField

from forms.core.fields import choices
from webapp.domain.pips import PipStatus
from webapp.domain.rating import Rag


class PlanFilterForm(FlaskForm):
    """The PIP list's filters, read from the query string (GET: no CSRF needed)."""

    class Meta:
        csrf = False

    service = SelectField("Service", coerce=int, default=0)
    status = SelectField(
        "Status", choices=choices([("", "Any status")] + [(s.value, s.label) for s in PipStatus]), default=""
    )
    rag = SelectField("RAG", choices=choices([("", "Any RAG")] + [(r.value, r.label) for r in Rag]), default="")
    overdue = SelectField("Updates", choices=choices([("", "Overdue or not"), ("yes", "Overdue only")]), default="")
    awaiting = SelectField(
        "CMT decision", choices=choices([("", "Awaited or not"), ("yes", "Awaiting CMT decision")]), default=""
    )
