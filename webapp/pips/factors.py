"""Sections 2 and 3: external and internal factors, added, changed and removed in place."""

from flask import abort, request
from flask_login import current_user

from forms.core.fields import give_ids
from forms.pips.factors import FactorForm
from webapp.core.permissions import signed_in
from webapp.core.refusals import redraws
from webapp.core.rendering import render_page_or_fragment
from webapp.domain.pips import Duration, FactorKind

from . import bp, edits
from .access import editable_plan
from .changes import Conflict, plan_row
from .edits.factors import factor_values
from .responses import form_response, section_response


def _factor_or_404(plan, factor_id):
    """Only a factor of this PIP: another PIP's factor id is not found here, and one removed since is said so."""
    return plan_row(plan.pip.id, plan.factors, "factor", factor_id)


def _form_page(plan, form, kind, factor=None, conflict=None, status=200):
    give_ids(form, f"factor-{factor.id}" if factor else f"factor-new-{FactorKind(kind).value}")
    context = {"plan": plan, "form": form, "kind": FactorKind(kind), "factor": factor, "conflict": conflict}
    target = f"factor-form-{factor.id}" if factor else f"factor-form-new-{FactorKind(kind).value}"
    if status == 200:
        return render_page_or_fragment("pips/factor.html", "pips/_factor_form.html", **context)
    return form_response("pips/factor.html", "pips/_factor_form.html", target, status, **context)


def _kind_from(value):
    try:
        return FactorKind(value)
    except ValueError:
        abort(404)


@bp.route("/<int:pip_id>/factors/new")
@signed_in
def new_factor(pip_id):
    plan = editable_plan(pip_id)
    kind = _kind_from(request.args.get("kind", ""))
    form = FactorForm(data={"kind": kind.value, "version": plan.pip.version, "duration": request.args.get("duration")})
    return _form_page(plan, form, kind)


@bp.route("/<int:pip_id>/factors", methods=["POST"])
@signed_in
def add_factor(pip_id):
    plan = editable_plan(pip_id)
    form = FactorForm()
    if not form.validate_on_submit():
        return _form_page(plan, form, _kind_from(form.kind.data or "external"), status=422)
    factor, after = edits.add_factor(
        pip_id,
        current_user,
        form.kind.data,
        form.duration.data,
        form.description.data,
        plan=plan,
        form_token=form.form_token(),
    )
    return section_response(
        after,
        factor.kind.value,
        f"Factor {factor.ref} added",
        also=("matrix",),  # a new factor is addressed by no solution yet: only the matrix changes
        before=plan,
        anchor=f"factor-{factor.ref}",
        focus=factor.ref,
    )


@bp.route("/<int:pip_id>/factors/<int:factor_id>/edit")
@signed_in
def edit_factor(pip_id, factor_id):
    plan = editable_plan(pip_id)
    factor = _factor_or_404(plan, factor_id)
    values = factor_values(factor)
    form = FactorForm(
        data={"kind": factor.kind.value, "duration": factor.duration.value, "description": factor.description}
    )
    form.stamp(plan.pip.version, values)
    return _form_page(plan, form, factor.kind, factor)


@bp.route("/<int:pip_id>/factors/<int:factor_id>", methods=["POST"])
@signed_in
def save_factor(pip_id, factor_id):
    plan = editable_plan(pip_id)
    factor = _factor_or_404(plan, factor_id)
    form = FactorForm()
    form.kind.data = factor.kind.value
    if not form.validate_on_submit():
        return _form_page(plan, form, factor.kind, factor, status=422)
    factor, after = edits.save_factor(
        pip_id,
        factor.id,
        current_user,
        form.base(),
        {"duration": Duration(form.duration.data), "description": form.description.data},
        plan=plan,
    )
    return section_response(
        after,
        factor.kind.value,
        f"Factor {factor.ref} saved",
        also=("matrix",),  # its reference stays: only the matrix shows its words
        before=plan,
        anchor=f"factor-{factor.ref}",
        focus=factor.ref,
    )


@bp.route("/<int:pip_id>/factors/<int:factor_id>/remove", methods=["POST"])
@signed_in
def remove_factor(pip_id, factor_id):
    plan = editable_plan(pip_id)
    factor, after = edits.remove_factor(pip_id, factor_id, current_user, FactorForm().base(), plan=plan)
    return section_response(after, factor.kind.value, f"Factor {factor.ref} removed", also=("solutions",), before=plan)


@redraws("factor")
def _refused(error):
    """The factor form again after a refused save, removal or addition: merged, or with the reason."""
    plan = editable_plan(request.view_args["pip_id"])
    factor = _factor_or_404(plan, error.row_id) if error.row_id else None
    form = FactorForm()
    kind = factor.kind if factor else _kind_from(form.kind.data or "external")
    form.kind.data = kind.value
    error.redraw(form)
    conflict = error if isinstance(error, Conflict) else None
    return _form_page(plan, form, kind, factor, conflict=conflict, status=error.status)
