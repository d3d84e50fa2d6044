"""Section 6 Progress Tracking: progress entries added, changed and removed in place.

The PI Score is prefilled from the register: the score for the period (month, quarter or year end, by
the PI's frequency) that contains the entry's date. A score left blank, or left as it was prefilled, is
saved as the register's score for the period of the date saved, so it works the same with JavaScript off.
"""

from datetime import date

from flask import request
from flask_login import current_user

from forms.core.fields import give_ids, number_text
from forms.pips.progress import ProgressForm
from webapp.core.permissions import signed_in
from webapp.core.refusals import redraws
from webapp.core.rendering import render_page_or_fragment
from webapp.domain.access import is_read_only
from webapp.domain.dates import uk_date
from webapp.domain.periods import latest_period_end
from webapp.domain.pips import PipStatus
from webapp.models import Score

from . import bp, edits
from .access import editable_plan
from .changes import Conflict, ReadOnlyPlan, RowRemoved, plan_row
from .edits.progress import FINAL, NOT_LIVE, progress_values
from .responses import form_response, section_response

DATE_PARTS = ("made_on-day", "made_on-month", "made_on-year", "made_on")


def register_score(indicator, day):
    """The period end containing `day` by the PI's frequency, and the register's score for it (or None)."""
    if day is None:
        return None, None
    period = latest_period_end(indicator.frequency, day)
    score = Score.get_or_none((Score.indicator == indicator.id) & (Score.period_end == period))
    return period, score.value if score else None


def _show_score(form, value):
    form.score.data = value
    form.score.raw_data = [number_text(value)] if value is not None else None


def _prefill(form, indicator):
    """Show the register's score for the form's date, unless the user typed a score of their own."""
    period, value = register_score(indicator, form.made_on.data)
    if form.score.data is None or form.score.data == form.prefilled_value():
        _show_score(form, value)
    form.prefilled.data = number_text(value)
    return period, value


def _score_to_save(form, indicator):
    """The typed score, or the register's for the date's period when left blank or as prefilled."""
    typed = form.score.data
    if typed is not None and typed != form.prefilled_value():
        return typed
    return register_score(indicator, form.made_on.data)[1]


def _bounded(form, pip):
    """Dates run from the day the plan went live to today; the score keeps to the PI's unit's range."""
    form.earliest = pip.went_live_on
    form.latest = date.today()
    form.pi_unit = pip.indicator.unit
    return form


def _drawn(pip, entry=None):
    """The form as first drawn, or redrawn for a changed date (htmx sends the date boxes as a GET)."""
    data = {"version": pip.version}
    if entry is None:
        data["made_on"] = date.today()
    formdata = request.args if any(part in request.args for part in DATE_PARTS) else None
    form = give_ids(ProgressForm(formdata=formdata, obj=entry, data=data), f"progress-{entry.id if entry else 'new'}")
    if entry is not None and formdata is None and entry.score is not None:
        _show_score(form, entry.score)
    if entry is not None:
        form.stamp(pip.version, progress_values(entry))
    return form


def _entry_or_404(plan, entry_id):
    """Only an entry of this PIP: another PIP's entry id is not found here, and one removed since is said so."""
    return plan_row(plan.pip.id, plan.progress, "progress", entry_id)


def _form_page(plan, form, entry=None, conflict=None, status=200, register=None):
    period, value = register or register_score(plan.indicator, form.made_on.data)
    context = {
        "plan": plan,
        "form": form,
        "entry": entry,
        "conflict": conflict,
        "register_period": period,
        "register_value": value,
    }
    if status == 200:
        return render_page_or_fragment("pips/progress.html", "pips/_progress_form.html", **context)
    target = f"progress-form-{entry.id if entry else 'new'}"
    return form_response("pips/progress.html", "pips/_progress_form.html", target, status, **context)


def _refused_in_place(plan, message, entry=None):
    """A clear refusal in place of the form (409): the plan is a Draft, or the entry is the final one."""
    target = f"progress-form-{entry.id if entry else 'new'}"
    return form_response(
        "pips/progress.html",
        "pips/_progress_form.html",
        target,
        409,
        plan=plan,
        form=None,
        entry=entry,
        refusal=message,
    )


def _check_live(plan, entry=None):
    """None when progress may be written; otherwise the refusal. Completed and Withdrawn plans are 409."""
    if is_read_only(plan.pip.status):
        raise ReadOnlyPlan()
    if plan.pip.status is not PipStatus.LIVE:
        return _refused_in_place(plan, NOT_LIVE, entry)
    if entry is not None and entry.final:
        return _refused_in_place(plan, FINAL, entry)
    return None


@bp.route("/<int:pip_id>/progress/new")
@signed_in
def new_progress(pip_id):
    plan = editable_plan(pip_id)
    refusal = _check_live(plan)
    if refusal:
        return refusal
    form = _drawn(plan.pip)
    return _form_page(plan, form, register=_prefill(form, plan.indicator))


@bp.route("/<int:pip_id>/progress", methods=["POST"])
@signed_in
def add_progress(pip_id):
    plan = editable_plan(pip_id)
    refusal = _check_live(plan)
    if refusal:
        return refusal
    form = _bounded(give_ids(ProgressForm(), "progress-new"), plan.pip)
    if not form.validate_on_submit():
        return _form_page(plan, form, status=422)
    entry, after = edits.add_progress(
        pip_id,
        current_user,
        form.made_on.data,
        form.comment.data,
        _score_to_save(form, plan.indicator),
        plan=plan,
        form_token=form.form_token(),
    )
    day = uk_date(entry.made_on)
    return section_response(
        after,
        "progress",
        f"Progress update of {day} added",
        anchor=f"progress-{entry.id}",
        focus=entry.id,
        before=plan,
    )


@bp.route("/<int:pip_id>/progress/<int:entry_id>/edit")
@signed_in
def edit_progress(pip_id, entry_id):
    plan = editable_plan(pip_id)
    entry = _entry_or_404(plan, entry_id)
    refusal = _check_live(plan, entry)
    if refusal:
        return refusal
    form = _drawn(plan.pip, entry)
    return _form_page(plan, form, entry, register=_prefill(form, plan.indicator))


@bp.route("/<int:pip_id>/progress/<int:entry_id>", methods=["POST"])
@signed_in
def save_progress(pip_id, entry_id):
    plan = editable_plan(pip_id)
    entry = _entry_or_404(plan, entry_id)
    refusal = _check_live(plan, entry)
    if refusal:
        return refusal
    form = _bounded(give_ids(ProgressForm(), f"progress-{entry.id}"), plan.pip)
    if not form.validate_on_submit():
        return _form_page(plan, form, entry, status=422)
    values = {"made_on": form.made_on.data, "comment": form.comment.data, "score": _score_to_save(form, plan.indicator)}
    day = uk_date(entry.made_on)
    _, after = edits.save_progress(pip_id, entry.id, current_user, form.base(), values, plan=plan)
    return section_response(
        after,
        "progress",
        f"Progress update of {day} saved",
        anchor=f"progress-{entry.id}",
        focus=entry.id,
        before=plan,
    )


@bp.route("/<int:pip_id>/progress/<int:entry_id>/remove", methods=["POST"])
@signed_in
def remove_progress(pip_id, entry_id):
    plan = editable_plan(pip_id)
    entry, after = edits.remove_progress(pip_id, entry_id, current_user, ProgressForm().base(), plan=plan)
    return section_response(after, "progress", f"Progress update of {uk_date(entry.made_on)} removed", before=plan)


@redraws("progress")
def _refused(error):
    """The progress form again after a refused save, removal or addition: merged, or with the reason."""
    plan = editable_plan(request.view_args["pip_id"])
    entry = _entry_or_404(plan, error.row_id) if error.row_id else None
    if error.status == 409 and not isinstance(error, (Conflict, RowRemoved)):
        return _refused_in_place(plan, error.message, entry)
    form = _bounded(give_ids(ProgressForm(), f"progress-{entry.id if entry else 'new'}"), plan.pip)
    error.redraw(form)
    conflict = error if isinstance(error, Conflict) else None
    return _form_page(plan, form, entry, conflict=conflict, status=error.status)
