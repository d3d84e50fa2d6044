"""The clerk records what the committee did with each plan presented (noted, or referred to a policy
committee with a reason), then the policy committee's decision on a referral
(docs/meetings-and-papers.md#meetings-and-committee-papers). Either only once its meeting has been held
(docs/meetings-and-papers.md#outcomes): a meeting still to come says from when, and refuses a POST (422)
with what was typed kept."""

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forms.core.fields import choices
from forms.papers import DecisionForm, OutcomeForm
from webapp.core.permissions import role_required
from webapp.domain.bodies import BodyKind
from webapp.domain.dates import uk_date
from webapp.domain.referrals import Outcome, not_held_yet
from webapp.domain.roles import Role
from webapp.models import Body, Meeting

from . import bp
from .referrals import DecisionRecorded, decision_for, presented_entry, record_decision, record_outcome
from .views import a_and_p_meeting, item_or_404


def _back(meeting):
    return redirect(url_for(".show", meeting_id=meeting.id, _anchor="agenda-plans"))


def _presented(meeting_id, entry_id):
    """The A&P meeting and a plan presented on its published papers; a message and None otherwise."""
    meeting = a_and_p_meeting(meeting_id)
    item = item_or_404(meeting)
    if not item.published:
        flash("Publish the papers first: outcomes are recorded for the plans that were presented.", "error")
        return meeting, None
    entry = presented_entry(item, entry_id)
    if entry is None:
        abort(404)
    return meeting, entry


def _decided(meeting):
    flash("The policy committee's decision on this plan is recorded, so its outcome no longer changes.", "error")
    return _back(meeting)


@bp.route("/plans/<int:entry_id>/outcome", methods=["GET", "POST"])
@role_required(Role.CLERK)
def outcome(meeting_id, entry_id):
    meeting, entry = _presented(meeting_id, entry_id)
    if entry is None:
        return _back(meeting)
    if decision_for(entry) is not None:
        return _decided(meeting)
    form = OutcomeForm(
        data={
            "outcome": entry.outcome,
            "referred_to": entry.referred_to_id,
            "reason": entry.referral_reason,
            "minute_reference": entry.minute_reference,
        }
    )
    committees = policy_committees()
    form.referred_to.choices = committee_choices(committees)
    not_yet = not_held_yet("its outcomes", meeting.date, date.today())
    if form.validate_on_submit() and not_yet is None:
        try:
            record_outcome(
                entry,
                meeting,
                form.outcome.data,
                committees.get(form.referred_to.data),
                form.reason.data,
                form.minute_reference.data,
                current_user.id,
            )
        except DecisionRecorded:
            return _decided(meeting)
        flash(f"Outcome recorded for {entry.pip.pi_code}: {Outcome(form.outcome.data).label}.", "success")
        return _back(meeting)
    if not_yet and form.is_submitted():
        form.form_errors.append(not_yet)
    return render_template(
        "papers/outcome.html", meeting=meeting, entry=entry, form=form, not_yet=not_yet
    ), 422 if form.errors else 200


def policy_committees():
    """The bodies a plan may be referred to, by name."""
    return {body.id: body for body in Body.select().where(Body.kind == BodyKind.POLICY_COMMITTEE).order_by(Body.name)}


def committee_choices(committees):
    return choices([("", "Choose a policy committee")] + [(body.id, body.name) for body in committees.values()])


@bp.route("/plans/<int:entry_id>/decision", methods=["GET", "POST"])
@role_required(Role.CLERK)
def decision(meeting_id, entry_id):
    meeting, entry = _presented(meeting_id, entry_id)
    if entry is None:
        return _back(meeting)
    if entry.outcome is not Outcome.REFERRED:
        flash("Only a plan referred to a policy committee has a decision to record.", "error")
        return _back(meeting)
    if decision_for(entry) is not None:
        flash("This referral's decision is already recorded.", "error")
        return _back(meeting)
    body = entry.referred_to
    today = date.today()
    meetings = {
        m.id: m
        for m in Meeting.select()
        .where((Meeting.body == body.id) & (Meeting.date >= meeting.date))
        .order_by(Meeting.date)
    }
    held = {i: m for i, m in meetings.items() if m.date <= today}
    form = DecisionForm()
    form.pi_unit = entry.pip.indicator.unit  # a new target keeps to the PI's unit's range
    form.meeting.choices = choices([("", "Choose a meeting")] + [(m.id, uk_date(m.date)) for m in held.values()])
    not_yet = not_held_yet("the referral's decision", meeting.date, today)
    valid = form.validate_on_submit()
    if form.is_submitted() and form.meeting.raw_data:
        # A meeting of the committee still to come (a page drawn before it was moved, say): say from when.
        raw = form.meeting.raw_data[0]
        chosen = meetings.get(int(raw)) if raw.isdigit() else None
        later = chosen and not_held_yet("its decision", chosen.date, today)
        if later:
            form.meeting.errors = [later]
            valid = False
    if valid and not_yet is None:
        values = {
            name: form[name].data
            for name in ("minute_reference", "kind", "target_value", "target_from", "amount", "description")
        }
        chosen = meetings[form.meeting.data]
        chosen.body = body  # already read: the History line names the meeting without asking again
        try:
            record_decision(entry, chosen, values, current_user.id)
        except DecisionRecorded:
            flash("This referral's decision is already recorded.", "error")
            return _back(meeting)
        flash(f"Decision of {body.name} recorded for {entry.pip.pi_code}.", "success")
        return _back(meeting)
    if not_yet and form.is_submitted():
        form.form_errors.append(not_yet)
    return render_template(
        "papers/decision.html",
        meeting=meeting,
        entry=entry,
        body=body,
        form=form,
        has_meetings=bool(held),
        next_meeting=next((m for m in meetings.values() if m.date > today), None),
        not_yet=not_yet,
    ), 422 if form.errors else 200
