"""Submit, Complete, Withdraw and Reopen (PRODUCT §3.1)."""
from datetime import date

import peewee

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forms.pips import CompleteForm, ReasonForm, StepForm
from webapp.domain import lifecycle
from webapp.domain.access import can_reopen
from webapp.models import ProgressUpdate, Score
from webapp.permissions import signed_in

from . import bp
from .access import editable_pip, may_edit, pip_or_404
from .changes import Conflict, changing
from .store import load_plan

COMPLETION_STATEMENT = ("This Performance Improvement Plan has been completed: every approved solution is in "
                        "place and the plan is formally closed.")


def _refused(plan, action, problems, status=422):
    """The PIP page again, listing every unmet condition with a link to what fixes it."""
    return render_template("pips/show.html", plan=plan, can_edit=True, problems=problems, action=action), status


def _stale(pip_id):
    flash("Someone else changed the plan's status since you opened the page. Check it and try again.", "info")
    return redirect(url_for("pips.show", pip_id=pip_id))


def _move(pip_id, action, base_version, **fields):
    """Change the status, with the history line; Conflict when the status changed meanwhile."""
    with changing(pip_id, "status", current_user, base_version, allow_read_only=action == "reopen") as change:
        pip = change.pip
        if not lifecycle.can(action, pip.status):
            raise Conflict([], pip.version - 1)
        before = pip.status
        pip.status = lifecycle.next_status(action)
        for name, value in fields.items():
            setattr(pip, name, value)
        pip.save()
        change.record("Status", before, pip.status)
        if fields.get("closing_reason"):
            change.record(f"Reason ({action})", after=fields["closing_reason"])
        return change


@bp.route("/<int:pip_id>/submit", methods=["POST"])
@signed_in
def submit(pip_id):
    editable_pip(pip_id)
    form = StepForm()
    plan = load_plan(pip_id)
    if not form.validate_on_submit() or not lifecycle.can("submit", plan.pip.status):
        return _stale(pip_id)
    problems = lifecycle.submit_problems(plan.facts)
    if problems:
        return _refused(plan, "submit", problems)
    try:
        _move(pip_id, "submit", form.version.data, went_live_on=date.today())
    except Conflict:
        return _stale(pip_id)
    flash("Plan submitted: it is now Live. Progress updates are due from now on.", "success")
    return redirect(url_for("pips.show", pip_id=pip_id))


@bp.route("/<int:pip_id>/complete", methods=["GET", "POST"])
@signed_in
def complete(pip_id):
    editable_pip(pip_id)
    plan = load_plan(pip_id)
    form = CompleteForm(data={"version": plan.pip.version})
    if not lifecycle.can("complete", plan.pip.status):
        return _stale(pip_id)
    problems = lifecycle.complete_problems(plan.facts)
    if problems:
        return _refused(plan, "complete", problems)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("pips/complete.html", plan=plan, form=form), status
    today = date.today()
    latest = (Score.select().where(Score.indicator == plan.pip.indicator_id)
              .order_by(Score.period_end.desc()).first())
    try:
        change = _move(pip_id, "complete", form.version.data, closed_on=today)
    except Conflict:
        return _stale(pip_id)
    comment = COMPLETION_STATEMENT + (f"\n\n{form.comment.data}" if form.comment.data else "")
    ProgressUpdate.create(pip=pip_id, made_on=today, comment=comment, score=latest.value if latest else None,
                          final=True, recorded_by=current_user.id)
    flash("Plan completed. The final progress entry records that it is formally complete.", "success")
    return redirect(url_for("pips.show", pip_id=change.pip.id, _anchor="section-6"))


def _reason_step(pip_id, action, title, allowed, done_message, **extra):
    pip = pip_or_404(pip_id)
    if not allowed(pip):
        abort(403)
    if not lifecycle.can(action, pip.status):
        return _stale(pip_id)
    form = ReasonForm(data={"version": pip.version})
    if form.validate_on_submit():
        try:
            _move(pip_id, action, form.version.data, closing_reason=form.reason.data, **extra)
        except Conflict:
            return _stale(pip_id)
        except peewee.IntegrityError:
            flash("This PI already has another Draft or Live plan, so this one cannot be reopened.", "info")
            return redirect(url_for("pips.show", pip_id=pip_id))
        flash(done_message, "success")
        return redirect(url_for("pips.show", pip_id=pip_id))
    status = 422 if form.errors else 200
    return render_template("pips/reason.html", plan=load_plan(pip_id), form=form, title=title, action=action), status


@bp.route("/<int:pip_id>/withdraw", methods=["GET", "POST"])
@signed_in
def withdraw(pip_id):
    return _reason_step(pip_id, "withdraw", "Withdraw this plan", may_edit,
                        "Plan withdrawn. It is kept, with its history, and can no longer be changed.",
                        closed_on=date.today())


@bp.route("/<int:pip_id>/reopen", methods=["GET", "POST"])
@signed_in
def reopen(pip_id):
    return _reason_step(pip_id, "reopen", "Reopen this plan", lambda pip: can_reopen(current_user.roles),
                        "Plan reopened: it is Live again.", closed_on=None)

