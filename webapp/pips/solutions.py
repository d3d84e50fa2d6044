"""Section 4 Proposed Solutions: solutions added, changed and removed in place, each tied to the factors
it addresses (PRODUCT §3)."""
from flask import abort
from flask_login import current_user

from forms.fields import choices
from forms.solutions import SolutionForm
from webapp.domain.access import is_read_only
from webapp.domain.plans import SOLUTION_PREFIX, PipStatus, Resourcing, SolutionStatus, reference
from webapp.domain.roles import Role
from webapp.models import Factor, Solution, SolutionFactor
from webapp.permissions import signed_in
from webapp.rendering import render_page_or_fragment

from . import bp
from .access import editable_pip
from .changes import Conflict, ReadOnlyPlan, changing
from .responses import form_response, section_response
from .store import load_plan

FORM_PREFIX = "solution"  # keeps the fields' ids apart from the factor form's when both are open
LABELS = {"description": "Description", "target_date": "Target Date", "resourcing": "Resourcing",
          "funding_amount": "Funding amount (£)", "funding_note": "Funding route", "time_lag": "Expected time lag",
          "option_group": "Option group", "strengths": "Strengths", "weaknesses": "Weaknesses", "status": "Status"}
FACTORS_ADDRESSED = "Factors Addressed"
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
        text = text[:LABEL_LENGTH - 1].rstrip() + "…"
    return f"{factor.ref} – {text}"


def _solution_or_404(pip, solution_id):
    """Only a solution of this PIP: another PIP's solution id is not found here."""
    solution = Solution.get_or_none((Solution.id == solution_id) & (Solution.pip == pip.id))
    if solution is None:
        abort(404)
    return solution


def _changeable(pip_id):
    """The PIP, when the user may change it and it is not a Completed or Withdrawn record (409)."""
    pip = editable_pip(pip_id)
    if is_read_only(pip.status):
        abort(409)
    return pip


def _prepare(form, plan, solution=None):
    """What the form needs to know of the plan and the user (forms never touch the database)."""
    form.factors.choices = choices((f.id, factor_label(f)) for f in plan.factors)
    form.complete_required = plan.pip.status is PipStatus.LIVE
    form.may_decide = Role.PERFORMANCE in current_user.roles
    form.current_status = (solution.status if solution else SolutionStatus.PROPOSED).value
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


def _ref_order(factor):
    return (factor.ref[0], int(factor.ref[1:]))


def _plan_factors(pip_id, factor_ids):
    """The chosen factors, read again inside the write: only this plan's, and only those still there."""
    if not factor_ids:
        return []
    return sorted(Factor.select().where((Factor.pip == pip_id) & Factor.id.in_(list(factor_ids))), key=_ref_order)


def _addressed(solution):
    return sorted(Factor.select().join(SolutionFactor).where(SolutionFactor.solution == solution.id), key=_ref_order)


def _record_whole(change, solution, factors, removed=False):
    """History lines for every value of a solution added (as after values) or removed (as before values)."""
    prefix = f"Removed solution {solution.ref}" if removed else f"Solution {solution.ref}"
    lines = [(f"Removed solution {solution.ref}" if removed else f"Added solution {solution.ref}",
              solution.description)]
    lines += [(f"{prefix}: {label}", getattr(solution, name)) for name, label in LABELS.items()
              if name != "description"]
    lines.append((f"{prefix}: {FACTORS_ADDRESSED}", [f.ref for f in factors]))
    for what, value in lines:
        if value in (None, "", []):
            continue
        change.record(what, before=value if removed else None, after=None if removed else value)


@bp.route("/<int:pip_id>/solutions/new")
@signed_in
def new_solution(pip_id):
    pip = _changeable(pip_id)
    plan = load_plan(pip_id)
    form = _prepare(SolutionForm(prefix=FORM_PREFIX, data={"version": pip.version}), plan)
    return _form_page(plan, form)


@bp.route("/<int:pip_id>/solutions", methods=["POST"])
@signed_in
def add_solution(pip_id):
    pip = _changeable(pip_id)
    plan = load_plan(pip_id)
    form = _prepare(SolutionForm(prefix=FORM_PREFIX), plan)
    if not form.validate_on_submit():
        return _form_page(plan, form, status=422)
    try:
        with changing(pip.id, "solutions", current_user) as change:
            number = change.pip.last_solution_number + 1
            change.pip.last_solution_number = number
            change.pip.save(only=[type(change.pip).last_solution_number])
            solution = Solution.create(pip=pip.id, ref=reference(SOLUTION_PREFIX, number), **_values(form))
            factors = _plan_factors(pip.id, form.factors.data)
            if factors:
                SolutionFactor.insert_many([{"solution": solution.id, "factor": f.id} for f in factors]).execute()
            _record_whole(change, solution, factors)
    except ReadOnlyPlan:
        abort(409)
    return section_response(load_plan(pip_id), "solutions", f"Solution {solution.ref} added",
                            anchor=f"solution-{solution.ref}", focus=solution.ref)


@bp.route("/<int:pip_id>/solutions/<int:solution_id>/edit")
@signed_in
def edit_solution(pip_id, solution_id):
    pip = _changeable(pip_id)
    solution = _solution_or_404(pip, solution_id)
    plan = load_plan(pip_id)
    current = next(s for s in plan.solutions if s.id == solution.id)
    data = {name: getattr(solution, name) for name in LABELS}
    data.update(version=pip.version, resourcing=solution.resourcing.value, status=solution.status.value,
                factors=[f.id for f in current.addressed])
    form = _prepare(SolutionForm(prefix=FORM_PREFIX, data=data), plan, solution)
    if solution.funding_amount is not None:
        # Shown in pounds and pence: NumberField's own "%g" would round £1,234,567.89 to 1.23457e+06.
        form.funding_amount.raw_data = [f"{solution.funding_amount:,.2f}"]
    return _form_page(plan, form, solution)


@bp.route("/<int:pip_id>/solutions/<int:solution_id>", methods=["POST"])
@signed_in
def save_solution(pip_id, solution_id):
    pip = _changeable(pip_id)
    solution = _solution_or_404(pip, solution_id)
    plan = load_plan(pip_id)
    form = _prepare(SolutionForm(prefix=FORM_PREFIX), plan, solution)
    if not form.validate_on_submit():
        return _form_page(plan, form, solution, status=422)
    try:
        with changing(pip.id, f"solution:{solution.id}", current_user, form.version.data) as change:
            solution = _solution_or_404(pip, solution_id)  # as it is now, inside the write
            if change.compare(f"Solution {solution.ref}: ", solution, _values(form), LABELS):
                solution.save()
            _relink(change, solution, _plan_factors(pip.id, form.factors.data))
    except Conflict as conflict:
        conflict.restamp(form)
        return _form_page(load_plan(pip_id), form, solution, conflict, status=409)
    except ReadOnlyPlan:
        abort(409)
    return section_response(load_plan(pip_id), "solutions", f"Solution {solution.ref} saved",
                            anchor=f"solution-{solution.ref}", focus=solution.ref)


def _relink(change, solution, factors):
    """Make the solution address exactly `factors`, recording the refs before and after."""
    links = list(SolutionFactor.select(SolutionFactor, Factor).join(Factor)
                 .where(SolutionFactor.solution == solution.id))
    before = sorted((link.factor for link in links), key=_ref_order)
    if [f.id for f in before] == [f.id for f in factors]:
        return
    wanted = {f.id for f in factors}
    gone = [link.id for link in links if link.factor_id not in wanted]
    if gone:
        SolutionFactor.delete().where(SolutionFactor.id.in_(gone)).execute()
    kept = {link.factor_id for link in links}
    new = [{"solution": solution.id, "factor": f.id} for f in factors if f.id not in kept]
    if new:
        SolutionFactor.insert_many(new).execute()
    change.record(f"Solution {solution.ref}: {FACTORS_ADDRESSED}", [f.ref for f in before], [f.ref for f in factors])


@bp.route("/<int:pip_id>/solutions/<int:solution_id>/remove", methods=["POST"])
@signed_in
def remove_solution(pip_id, solution_id):
    pip = _changeable(pip_id)
    solution = _solution_or_404(pip, solution_id)
    try:
        with changing(pip.id, f"solution:{solution.id}", current_user) as change:
            solution = _solution_or_404(pip, solution_id)
            _record_whole(change, solution, _addressed(solution), removed=True)
            solution.delete_instance(recursive=True)
    except ReadOnlyPlan:
        abort(409)
    return section_response(load_plan(pip_id), "solutions", f"Solution {solution.ref} removed")
