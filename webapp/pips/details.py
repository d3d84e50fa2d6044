"""Raising a PIP, its page, and Section 1 Performance Indicator Details."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.core.fields import choices, give_ids
from forms.pips.details import DetailsForm, RaisePipForm
from webapp.core.permissions import signed_in
from webapp.core.refusals import redraws
from webapp.core.rendering import render_page_or_fragment
from webapp.domain.access import can_raise
from webapp.models import Indicator, Service

from . import bp, edits
from .access import check_read, editable_pip, may_edit
from .committee import committee_record
from .edits.details import DETAIL_FIELDS, details_values
from .raising import PlanAlreadyOpen, raise_plan
from .responses import SECTION_TEMPLATES, form_response, section_response
from .store import load_plan


def _raisable_indicators():
    query = (
        Indicator.select(Indicator, Service)
        .join(Service)
        .where(Indicator.active == True)  # noqa: E712
        .order_by(Indicator.code)
    )
    return [i for i in query if can_raise(current_user.roles, current_user.service_ids, i.service_id)]


@bp.route("/new", methods=["GET", "POST"])
@signed_in
def new():
    indicators = _raisable_indicators()
    if not indicators:
        abort(403)
    form = RaisePipForm(data={"author": current_user.name, "indicator": request.args.get("indicator", type=int)})
    form.indicator.choices = choices(
        [(0, "Choose a performance indicator")] + [(i.id, f"{i.code} {i.name} ({i.service.name})") for i in indicators]
    )
    if form.validate_on_submit():
        indicator = next((i for i in indicators if i.id == form.indicator.data), None)
        if indicator is None:
            abort(403)
        try:
            pip = raise_plan(indicator, current_user, date.today(), form.author.data)
        except PlanAlreadyOpen as already:
            flash(f"{indicator.code} already has a {already.pip.status.label} plan: carry on with that one.", "info")
            return redirect(url_for("pips.show", pip_id=already.pip.id))
        flash(f"Plan raised for {indicator.code}. Section 1 is filled in from the PI register.", "success")
        return redirect(url_for("pips.show", pip_id=pip.id))
    return render_template("pips/new.html", form=form), 422 if form.errors else 200


@bp.route("/<int:pip_id>")
@signed_in
def show(pip_id):
    plan = load_plan(pip_id)
    check_read(plan.pip)
    return render_template(
        "pips/show.html",
        plan=plan,
        can_edit=may_edit(plan.pip),
        committee=committee_record(plan.pip.id, plan.indicator),
    )


def _details_context(plan, form, conflict=None):
    give_ids(form, "details")
    return {"plan": plan, "form": form, "conflict": conflict}


@bp.route("/<int:pip_id>/details", methods=["GET", "POST"])
@signed_in
def details(pip_id):
    pip = editable_pip(pip_id)
    form = _details_form_for(pip)
    if request.method == "GET":
        form.stamp(pip.version, details_values(pip))
        return render_page_or_fragment(
            "pips/details.html", "pips/_details_form.html", **_details_context(load_plan(pip_id), form)
        )
    if not form.validate_on_submit():
        return _details_form(pip_id, form, status=422)
    edits.save_details(pip.id, current_user, form.base(), {name: form[name].data for name in DETAIL_FIELDS})
    return section_response(load_plan(pip_id), "details", "Section 1 saved")


def _details_form_for(pip):
    form = DetailsForm(obj=pip)
    form.pi_unit = pip.indicator.unit
    return form


def _details_form(pip_id, form, conflict=None, status=422):
    return form_response(
        "pips/details.html",
        "pips/_details_form.html",
        "details-form",
        status,
        **_details_context(load_plan(pip_id), form, conflict),
    )


@redraws("details")
def _refused(error):
    """Section 1 again after a refused save: what others saved, with what the user changed kept."""
    pip = editable_pip(request.view_args["pip_id"])
    form = _details_form_for(pip)
    error.redraw(form)
    return _details_form(pip.id, form, conflict=error, status=error.status)


@bp.route("/<int:pip_id>/refresh", methods=["POST"])
@signed_in
def refresh(pip_id):
    """Refresh from register: Section 1 takes the register's current figures."""
    pip = editable_pip(pip_id)
    edits.refresh_details(pip.id, current_user)
    return section_response(load_plan(pip_id), "details", "Section 1 refreshed from the PI register")


@bp.route("/<int:pip_id>/sections/<name>")
@signed_in
def section(pip_id, name):
    """One section as it stands (htmx "Cancel"); without JavaScript, the whole PIP page."""
    if name not in SECTION_TEMPLATES:
        abort(404)
    plan = load_plan(pip_id)
    check_read(plan.pip)
    return render_page_or_fragment(
        "pips/show.html", SECTION_TEMPLATES[name], plan=plan, kind=name, can_edit=may_edit(plan.pip), focus="heading"
    )
