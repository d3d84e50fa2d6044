"""The clerk's pages for the rows of the cover report's Risk Analysis table
(docs/meetings-and-papers.md#the-risk-table): a row added, changed or removed in place with htmx, or
without JavaScript on a page of its own and back to the cover report (docs/architecture.md#pages-and-htmx-fragments).
A form with a mistake (422), or refused because someone else changed the row meanwhile (409), is drawn
again with what was typed."""

from flask import abort, flash, redirect, render_template, request, url_for

from forms.core.fields import restamp
from forms.papers import ConfirmForm, RiskForm
from webapp.core.permissions import role_required
from webapp.core.rendering import fragment_or_redirect, is_fragment_request, render_page_or_fragment
from webapp.domain.roles import Role
from webapp.models import RiskRow

from . import bp
from .risk_rows import (
    FIELDS,
    RiskAddedAlready,
    RiskChanged,
    RisksPublished,
    add_risk,
    change_risk,
    last_row_id,
    remove_risk,
    risks,
)
from .views import a_and_p_meeting, item_or_404, published_refusal

CHANGED = "Someone else changed this risk while you were editing. Your changes have not been saved: "
GONE = "Someone else removed this risk while you were editing: nothing was saved."
REMOVE_CHANGED = "Someone else changed that risk since the page was drawn: check it, then remove it again."


def _report_url(meeting):
    return url_for(".report", meeting_id=meeting.id, _anchor="risk-analysis")


def _editable(meeting_id):
    """The A&P meeting and its cover report, when the papers can still change; a response otherwise."""
    meeting = a_and_p_meeting(meeting_id)
    item = item_or_404(meeting)
    return meeting, item, (published_refusal(meeting) if item.published else None)


def _table(meeting, item, status_message="", problem=""):
    return render_template(
        "papers/_risks.html",
        meeting=meeting,
        item=item,
        risks=risks(item),
        status_message=status_message,
        problem=problem,
    )


def _done(meeting, item, message):
    """After a change: the table again for htmx (with the message for screen readers), else back to the
    cover report with the message."""
    return fragment_or_redirect(_report_url(meeting), message, lambda: _table(meeting, item, message))


def _form(meeting, form, row=None, status=200, problem=None, saved=None):
    return render_page_or_fragment(
        "papers/risk.html",
        "papers/_risk_form.html",
        status,
        retarget="risk-form" if status != 200 else None,
        meeting=meeting,
        form=form,
        row=row,
        problem=problem,
        saved=saved,
    )


@bp.route("/report/risks")
@role_required(Role.CLERK)
def risk_table(meeting_id):
    """The table alone (htmx: a form cancelled), or the cover report at the table."""
    meeting = a_and_p_meeting(meeting_id)
    item = item_or_404(meeting)
    return fragment_or_redirect(_report_url(meeting), None, lambda: _table(meeting, item))


@bp.route("/report/risks/new", methods=["GET", "POST"])
@role_required(Role.CLERK)
def add_risk_row(meeting_id):
    meeting, item, refused = _editable(meeting_id)
    if refused:
        return refused
    form = RiskForm(data={"after": last_row_id(item)})
    if not form.validate_on_submit():
        return _form(meeting, form, status=422 if form.errors else 200)
    try:
        add_risk(item, {name: form[name].data for name in FIELDS}, after=form.after.data)
    except RisksPublished:
        return published_refusal(meeting)
    except RiskAddedAlready:
        return _done(meeting, item, "This risk was added already: the form was sent twice, and it is added once.")
    return _done(meeting, item, "Risk added to the Risk Analysis table.")


@bp.route("/report/risks/<int:row_id>", methods=["GET", "POST"])
@role_required(Role.CLERK)
def change_risk_row(meeting_id, row_id):
    meeting, item, refused = _editable(meeting_id)
    if refused:
        return refused
    row = RiskRow.get_or_none(RiskRow.id == row_id, RiskRow.item == item)
    if row is None and request.method == "GET":
        abort(404)
    form = RiskForm(obj=row)
    if not form.validate_on_submit():
        return _form(meeting, form, row, 422 if form.errors else 200)
    try:
        change_risk(item, row_id, form.version.data, {name: form[name].data for name in FIELDS})
    except RisksPublished:
        return published_refusal(meeting)
    except RiskChanged as changed:
        return _refused(meeting, form, row, changed)
    return _done(meeting, item, "Risk saved.")


def _refused(meeting, form, row, changed):
    """The form again with what this clerk typed, and the row as it is saved now (409); a form sent again
    saves over it."""
    if changed.saved is None:  # the form now adds it again, if the clerk still wants it
        return _form(meeting, form, None, 409, GONE + " Add it again to keep it.")
    # The saved version, or every later save is refused again.
    restamp(form.version, changed.saved.version)
    return _form(meeting, form, row, 409, CHANGED + "the saved risk is shown below yours.", changed.saved)


@bp.route("/report/risks/<int:row_id>/remove", methods=["POST"])
@role_required(Role.CLERK)
def remove_risk_row(meeting_id, row_id):
    meeting, item, refused = _editable(meeting_id)
    if refused:
        return refused
    form = RiskForm()
    if not ConfirmForm().validate_on_submit() or form.version.data is None:
        abort(400)
    try:
        remove_risk(item, row_id, form.version.data)
    except RisksPublished:
        return published_refusal(meeting)
    except RiskChanged as changed:
        if changed.saved is None:
            return _done(meeting, item, "That risk had already been removed.")
        if is_fragment_request():
            return _table(meeting, item, problem=REMOVE_CHANGED), 409
        flash(REMOVE_CHANGED, "error")
        return redirect(_report_url(meeting))
    return _done(meeting, item, "Risk removed from the Risk Analysis table.")
