"""Section 4 Proposed Solutions: solutions added, changed and removed in place, each tied to the factors
it addresses (docs/plans.md#the-plan)."""

from flask import request
from flask_login import current_user

from forms.core.fields import choices
from forms.pips.solutions import SolutionForm
from webapp.core.permissions import signed_in
from webapp.core.refusals import redraws
from webapp.core.rendering import render_page_or_fragment
from webapp.domain.access import is_read_only
from webapp.domain.choices import solution_statuses
from webapp.domain.pips import PipStatus, Resourcing, SolutionStatus

from . import bp, edits
from .access import editable_plan
from .changes import Conflict, ReadOnlyPlan, plan_row
from .edits.solutions import solution_values
from .responses import form_response, section_response

FORM_PREFIX = "solution"  # keeps the fields' ids apart from the factor form's when both are open
LABEL_LENGTH = 80


@bp.app_template_filter("option_blocks")
def option_blocks(solutions):
    """Solutions in reference order, with the alternatives of one option group gathered together where
    the first of them stands: a list of (group name or "", solutions)."""
    blocks, groups = [], {}
    for solution in solutions:
        name = solution.option_group.strip()
        if not name:
            if blocks and not blocks[-1][0]:
                blocks[-1][1].append(solution)
            else:
                blocks.append(("", [solution]))
            continue
        key = name.casefold()
        if key not in groups:
            groups[key] = (name, [])
            blocks.append(groups[key])
        groups[key][1].append(solution)
    return blocks


def factor_label(factor):
    text = " ".join(factor.description.split())
    if len(text) > LABEL_LENGTH:
        text = text[: LABEL_LENGTH - 1].rstrip() + "…"
    return f"{factor.ref} – {text}"


def _solution_or_404(plan, solution_id):
    """Only a solution of this PIP: another PIP's solution id is not found here, and one removed since is said so."""
    return plan_row(plan.pip.id, plan.solutions, "solution", solution_id)


def _changeable(pip_id):
    """The plan, when the user may change it and it is not a Completed or Withdrawn record (409)."""
    plan = editable_plan(pip_id)
    if is_read_only(plan.pip.status):
        raise ReadOnlyPlan()
    return plan


def _prepare(form, plan, solution=None):
    """What the form needs to know of the plan and the user (forms never touch the database)."""
    form.factors.choices = choices((f.id, factor_label(f)) for f in plan.factors)
    form.complete_required = plan.pip.status is PipStatus.LIVE
    statuses = solution_statuses(current_user.roles, solution.status if solution else SolutionStatus.PROPOSED)
    form.status.choices = choices((s.value, s.label) for s in statuses)
    return form


def _form_page(plan, form, solution=None, conflict=None, status=200):
    context = {"plan": plan, "form": form, "solution": solution, "conflict": conflict}
    target = f"solution-form-{solution.id}" if solution else "solution-form-new"
    if status == 200:
        return render_page_or_fragment("pips/solution.html", "pips/_solution_form.html", **context)
    return form_response("pips/solution.html", "pips/_solution_form.html", target, status, **context)


def _values(form):
    extra = form.extra_funding
    return {
        "description": form.description.data,
        "target_date": form.target_date.data,
        "resourcing": Resourcing(form.resourcing.data),
        "funding_amount": form.amount,
        "funding_note": form.funding_note.data if extra else "",
        "time_lag": form.time_lag.data or "",
        "option_group": form.option_group.data or "",
        "strengths": form.strengths.data or "",
        "weaknesses": form.weaknesses.data or "",
        "status": SolutionStatus(form.status.data),
    }


@bp.route("/<int:pip_id>/solutions/new")
@signed_in
def new_solution(pip_id):
    plan = _changeable(pip_id)
    form = _prepare(SolutionForm(prefix=FORM_PREFIX, data={"version": plan.pip.version}), plan)
    return _form_page(plan, form)


@bp.route("/<int:pip_id>/solutions", methods=["POST"])
@signed_in
def add_solution(pip_id):
    plan = _changeable(pip_id)
    form = _prepare(SolutionForm(prefix=FORM_PREFIX), plan)
    if not form.validate_on_submit():
        return _form_page(plan, form, status=422)
    solution, after = edits.add_solution(
        pip_id, current_user, _values(form), form.factors.data, plan=plan, form_token=form.form_token()
    )
    return section_response(
        after,
        "solutions",
        f"Solution {solution.ref} added",
        before=plan,
        anchor=f"solution-{solution.ref}",
        focus=solution.ref,
    )


@bp.route("/<int:pip_id>/solutions/<int:solution_id>/edit")
@signed_in
def edit_solution(pip_id, solution_id):
    plan = _changeable(pip_id)
    solution = _solution_or_404(plan, solution_id)
    values = solution_values(solution, solution.addressed)
    form = _prepare(
        SolutionForm(
            prefix=FORM_PREFIX,
            data=values
            | {
                "resourcing": solution.resourcing.value,
                "status": solution.status.value,
                "factors": [f.id for f in values["factors"]],
            },
        ),
        plan,
        solution,
    )
    form.stamp(plan.pip.version, values)
    _show_amount(form, solution.funding_amount)
    return _form_page(plan, form, solution)


def _show_amount(form, amount):
    if amount is not None:
        # Shown in pounds and pence: NumberField's own "%g" would round £1,234,567.89 to 1.23457e+06.
        form.funding_amount.raw_data = [f"{amount:,.2f}"]


@bp.route("/<int:pip_id>/solutions/<int:solution_id>", methods=["POST"])
@signed_in
def save_solution(pip_id, solution_id):
    plan = _changeable(pip_id)
    solution = _solution_or_404(plan, solution_id)
    form = _prepare(SolutionForm(prefix=FORM_PREFIX), plan, solution)
    if not form.validate_on_submit():
        return _form_page(plan, form, solution, status=422)
    solution, after = edits.save_solution(
        pip_id, solution.id, current_user, form.base(), _values(form), form.factors.data, plan=plan
    )
    return section_response(
        after,
        "solutions",
        f"Solution {solution.ref} saved",
        anchor=f"solution-{solution.ref}",
        focus=solution.ref,
        before=plan,
    )


@bp.route("/<int:pip_id>/solutions/<int:solution_id>/remove", methods=["POST"])
@signed_in
def remove_solution(pip_id, solution_id):
    plan = _changeable(pip_id)
    form = SolutionForm(prefix=FORM_PREFIX)
    solution, after = edits.remove_solution(pip_id, solution_id, current_user, form.base(), plan=plan)
    return section_response(after, "solutions", f"Solution {solution.ref} removed", before=plan)


@redraws("solution")
def _refused(error):
    """The solution form again after a refused save or removal: merged, or with the reason."""
    plan = _changeable(request.view_args["pip_id"])
    solution = _solution_or_404(plan, error.row_id) if error.row_id else None
    form = _prepare(SolutionForm(prefix=FORM_PREFIX), plan, solution)
    error.redraw(form)
    conflict = error if isinstance(error, Conflict) else None
    return _form_page(plan, form, solution, conflict=conflict, status=error.status)
