"""Submit, Complete, Withdraw and Reopen (docs/plans.md#lifecycle): the pages; the steps are in edits/lifecycle.py."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.core.fields import give_ids, restamp
from forms.pips.details import DetailsForm
from forms.pips.lifecycle import CompleteForm, ReasonForm, StepForm
from webapp.core.permissions import signed_in
from webapp.core.refusals import redraws
from webapp.domain import lifecycle
from webapp.domain.access import can_reopen
from webapp.domain.merge import Base

from . import bp, edits
from .access import editable_pip, may_edit, pip_or_404
from .changes import Conflict
from .edits.lifecycle import standing
from .store import load_plan

# Not "someone else": the change in between may be this person's own, sent twice or from another tab.
STALE = "The plan changed since you opened the page. Check it and try again."


def _refused(plan, action, problems, status=422):
    """The PIP page again, listing every unmet condition with a link to what fixes it."""
    links = [(problem.message, _fixed_at(plan.pip.id, problem.anchor)) for problem in problems]
    return render_template("pips/show.html", plan=plan, can_edit=True, problems=links, action=action), status


def _fixed_at(pip_id, anchor):
    """The address of what fixes a problem: a Section 1 box on Section 1's own page (at the box, as its form's
    error summary links), anything else on the plan page."""
    boxes = give_ids(DetailsForm(formdata=None), "details")
    if anchor in boxes:
        box = boxes[anchor]
        return url_for("pips.details", pip_id=pip_id, _anchor=getattr(box, "anchor", box.id))
    return f"#{anchor}"


def _stale(pip):
    """The step's page was drawn for a status the plan has left: it says which it is in now."""
    flash(f"The plan is {pip.status.label} now: its status changed since you opened the page.", "info")
    return redirect(url_for("pips.show", pip_id=pip.id))


@bp.route("/<int:pip_id>/submit", methods=["POST"])
@signed_in
def submit(pip_id):
    editable_pip(pip_id)
    form = StepForm()
    plan = load_plan(pip_id)
    if not lifecycle.can("submit", plan.pip.status):
        return _stale(plan.pip)
    if not form.validate_on_submit():
        flash(STALE, "info")
        return redirect(url_for("pips.show", pip_id=pip_id))
    problems = lifecycle.submit_problems(plan.facts)
    if problems:
        return _refused(plan, "submit", problems)
    edits.submit(pip_id, current_user, Base(form.version.data))
    flash("Plan submitted: it is now Live. Progress updates are due from now on.", "success")
    return redirect(url_for("pips.show", pip_id=pip_id))


def _complete_form(plan, formdata=None):
    form = CompleteForm(formdata=formdata, data={"version": plan.pip.version})
    form.standing = standing(plan.indicator)
    form.below_target = form.standing.below_target
    return form


def _complete_page(plan, form, status=200, conflict=None):
    return render_template("pips/complete.html", plan=plan, form=form, conflict=conflict), status


@bp.route("/<int:pip_id>/complete", methods=["GET", "POST"])
@signed_in
def complete(pip_id):
    editable_pip(pip_id)
    plan = load_plan(pip_id)
    if not lifecycle.can("complete", plan.pip.status):
        return _stale(plan.pip)
    problems = lifecycle.complete_problems(plan.facts)
    if problems:
        return _refused(plan, "complete", problems)
    form = _complete_form(plan, request.form if request.method == "POST" else None)
    if not form.validate_on_submit():
        return _complete_page(plan, form, 422 if form.errors else 200)
    edits.complete(
        pip_id,
        current_user,
        Base(form.version.data),
        form.comment.data or "",
        form.below_target_reason.data or "" if form.below_target else "",
    )
    flash("Plan completed. The final progress entry records that it is formally complete.", "success")
    return redirect(url_for("pips.show", pip_id=pip_id, _anchor="section-6"))


STEPS = {
    "withdraw": ("Withdraw this plan", "Plan withdrawn. It is kept, with its history, and can no longer be changed."),
    "reopen": ("Reopen this plan", "Plan reopened: it is Live again."),
}


def _reason_page(pip_id, action, form, status=200, message=None):
    title = STEPS[action][0]
    return render_template(
        "pips/reason.html", plan=load_plan(pip_id), form=form, title=title, action=action, message=message
    ), status


def _reason_step(pip_id, action, allowed, step):
    pip = pip_or_404(pip_id)
    if not allowed(pip):
        abort(403)
    if not lifecycle.can(action, pip.status):
        return _stale(pip)
    form = ReasonForm(data={"version": pip.version})
    if not form.validate_on_submit():
        return _reason_page(pip_id, action, form, 422 if form.errors else 200)
    step(pip_id, current_user, Base(form.version.data), form.reason.data)
    flash(STEPS[action][1], "success")
    return redirect(url_for("pips.show", pip_id=pip_id))


@bp.route("/<int:pip_id>/withdraw", methods=["GET", "POST"])
@signed_in
def withdraw(pip_id):
    return _reason_step(pip_id, "withdraw", may_edit, edits.withdraw)


@bp.route("/<int:pip_id>/reopen", methods=["GET", "POST"])
@signed_in
def reopen(pip_id):
    return _reason_step(pip_id, "reopen", lambda pip: can_reopen(current_user.roles), edits.reopen)


@redraws("status")
def _status_refused(error):
    """A step refused because the status changed meanwhile, or (reopen) the PI has another open plan:
    the step's page again with what was typed, and why (409); Submit, which has nothing typed, goes back
    to the plan with the message."""
    pip_id = request.view_args["pip_id"]
    message = STALE if isinstance(error, Conflict) else error.message
    action = request.endpoint.rpartition(".")[2]
    if action in STEPS:
        form = ReasonForm()
        restamp(form.version, load_plan(pip_id).pip.version)
        return _reason_page(pip_id, action, form, 409, message)
    if action == "complete":
        plan = load_plan(pip_id)
        form = _complete_form(plan, request.form)
        restamp(form.version, plan.pip.version)
        return _complete_page(plan, form, 409, message)
    flash(message, "info")
    return redirect(url_for("pips.show", pip_id=pip_id))
