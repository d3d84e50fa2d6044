"""The meeting's record from the papers page (docs/meetings-and-papers.md#the-meetings-record): for each plan
presented, the clerk records what the committee did with it and the Members' comments on it, in one form
per plan on the papers page. With htmx a form swaps itself (and the plan's outcome in the table) in place;
without JavaScript it posts, and comes back to the papers page, or to a page of its own with what was typed
when something needs correcting. Only once the meeting has been held."""

from datetime import date

from flask import render_template, request, url_for
from flask_login import current_user

from forms.papers_record import RecordForm
from webapp.core.permissions import role_required
from webapp.core.refusals import Refused
from webapp.core.rendering import fragment_or_redirect, render_page_or_fragment
from webapp.domain.referrals import held_by, not_held_yet
from webapp.domain.roles import Role
from webapp.pips.changes import AlreadyAdded, ReadOnlyPlan
from webapp.pips.committee import decisions_for

from . import bp
from .outcomes import _back, _presented, committee_choices, policy_committees
from .referrals import DecisionRecorded, members_comments_at, presented_entry, record_meeting


def _form(entry, meeting, committees, decided, formdata=None):
    """One plan's record form, drawn from what is recorded (`formdata` None) or read from the POST."""
    data = {
        "outcome": entry.outcome,
        "referred_to": entry.referred_to_id,
        "reason": entry.referral_reason,
        "minute_reference": entry.minute_reference,
        "author": meeting.body.name,
    }
    form = RecordForm(formdata=None, data=data) if formdata is None else RecordForm(formdata=formdata)
    if decided:
        form.fix_outcome()  # the policy committee has decided: the outcome stands
    else:
        form.referred_to.choices = committee_choices(committees)
    for field in form:
        field.id = f"record-{entry.id}-{field.id}"
    return form


@bp.app_template_global()
def meeting_record(meeting, item, rows, decisions):
    """What the papers page's meeting's record draws: for each plan presented, (entry, form, comments), once
    the clerk may record it; None before the papers are published or when the user is not a clerk."""
    if not (current_user.has_role(Role.CLERK) and item is not None and item.published):
        return None
    if not held_by(meeting.date, date.today()):
        return []
    committees = policy_committees()
    comments = members_comments_at(meeting, [entry.pip_id for entry in rows])
    return [
        (entry, _form(entry, meeting, committees, decisions.get(entry.id)), comments[entry.pip_id]) for entry in rows
    ]


def _context(meeting, entry, form, comments, decided):
    return {"meeting": meeting, "entry": entry, "form": form, "comments": comments, "decision": decided}


def _shown_again(meeting, entry, form, decided, status):
    """The form again with what was typed and why (422, or 409): in place for htmx, else a page of its own."""
    comments = members_comments_at(meeting, [entry.pip_id])[entry.pip_id]
    return render_page_or_fragment(
        "papers/record.html",
        "papers/_record.html",
        status,
        retarget=f"record-{entry.id}",
        **_context(meeting, entry, form, comments, decided),
    )


@bp.route("/plans/<int:entry_id>/record")
@role_required(Role.CLERK)
def record(meeting_id, entry_id):
    """One plan's record on a page of its own: where the form comes back without JavaScript."""
    meeting, entry = _presented(meeting_id, entry_id)
    if entry is None:
        return _back(meeting)
    decided = decisions_for([entry]).get(entry.id)
    form = _form(entry, meeting, policy_committees() if decided is None else {}, decided)
    comments = members_comments_at(meeting, [entry.pip_id])[entry.pip_id]
    not_yet = not held_by(meeting.date, date.today())
    context = _context(meeting, entry, form, comments, decided)
    return render_template("papers/record.html", not_yet=not_yet, **context)


@bp.route("/plans/<int:entry_id>/record", methods=["POST"])
@role_required(Role.CLERK)
def save_record(meeting_id, entry_id):
    meeting, entry = _presented(meeting_id, entry_id)
    if entry is None:
        return _back(meeting)
    decided = decisions_for([entry]).get(entry.id)
    committees = policy_committees() if decided is None else {}
    not_yet = not_held_yet("its outcomes and Members' comments", meeting.date, date.today())
    form = _form(entry, meeting, committees, decided, formdata=request.form)
    if not form.validate_on_submit() or not_yet:
        if not_yet:
            form.form_errors.append(not_yet)
        return _shown_again(meeting, entry, form, decided, 422)
    outcome = None
    if not form.outcome_fixed:
        outcome = {
            "outcome": form.outcome.data,
            "referred_to": committees.get(form.referred_to.data),
            "reason": form.reason.data,
            "minute_reference": form.minute_reference.data,
        }
    comment = (
        {"author": form.author.data, "text": form.comment.data, "minute_reference": form.minute_reference.data}
        if form.comment.data
        else None
    )
    message = f"Record saved for {entry.pip.pi_code}" + (
        ": Members' comments added to its Section 5" if comment else ""
    )
    try:
        record_meeting(entry, meeting, outcome, comment, current_user, form_token=form.form_token())
    except AlreadyAdded:  # the same form sent twice: its record was saved the first time
        message = f"Record saved for {entry.pip.pi_code}: the form was sent twice, and its comments added once"
    except DecisionRecorded:
        form.form_errors.append("The policy committee's decision is now recorded, so the outcome no longer changes")
        return _shown_again(meeting, entry, form, decisions_for([entry]).get(entry.id), 409)
    except ReadOnlyPlan:
        form.form_errors.append(
            "This plan is withdrawn: it takes no more comments. Record the outcome with the comments box empty"
        )
        return _shown_again(meeting, entry, form, decided, 409)
    except Refused as refusal:
        form.form_errors.append(refusal.message)
        return _shown_again(meeting, entry, form, decided, refusal.status)
    return fragment_or_redirect(
        url_for(".show", meeting_id=meeting.id, _anchor=f"record-{entry.id}"),
        message + ".",
        lambda: _saved(meeting, entry.item_id, entry.id, message),
    )


def _saved(meeting, item, entry_id, message):
    """For htmx: the plan's record drawn again, its outcome in the table and the status message."""
    entry = presented_entry(item, entry_id)
    decided = decisions_for([entry]).get(entry.id)
    form = _form(entry, meeting, policy_committees() if decided is None else {}, decided)
    comments = members_comments_at(meeting, [entry.pip_id])[entry.pip_id]
    return "\n".join(
        (
            render_template("papers/_record.html", **_context(meeting, entry, form, comments, decided), focus=True),
            render_template("papers/_outcome.html", entry=entry, decision=decided, oob=True),
            render_template("pips/_status_message.html", message=message),
        )
    )
