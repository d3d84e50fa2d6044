"""The PI register (docs/rating.md#indicators): the PI list, each PI's page, and the performance team's
changes to PIs, target versions and scores. Reads come from webapp/indicators/listing.py and pi_page.py; each write
works out
again where its PI stands (webapp/indicators/standings.py) in the same transaction."""

import logging

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import IntegrityError
from wtforms import SelectChoice

from forms.indicators import (
    IndicatorForm,
    RegisterFilterForm,
    ScoreForm,
)
from webapp.core.pagination import page_asked
from webapp.core.permissions import signed_in
from webapp.domain.dates import uk_date
from webapp.domain.rating import Direction, Rag
from webapp.models import Indicator, Service, database
from webapp.search.index import index_indicator

from . import bp, standings
from .codes import indicator_of_code
from .listing import list_page, register_selection
from .pages import can_edit, indicator_or_404, page_context, page_or_404, performance_only
from .unit_change import outside_new_unit

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Reading the register: any signed-in user


@bp.route("/")
@signed_in
def index():
    filters = RegisterFilterForm(request.args)
    filters.service.choices = [SelectChoice("", "All services")] + _service_choices()
    page = list_page(register_selection(**filters.chosen()), page_asked())
    rows = page.items
    # Each tag and each period end is drawn once for the whole list, not once a row (index.html).
    days = {row.position.latest.period_end for row in rows if row.position.latest}
    return render_template(
        "indicators/index.html",
        rows=rows,
        page=page,
        filters=filters,
        filtered=bool(set(request.args) - {"page"}),
        can_edit=can_edit(),
        ratings=list(Rag),
        trends=[None, *Direction],
        day_names={day: uk_date(day) for day in days},
    )


@bp.route("/<int:indicator_id>")
@signed_in
def indicator(indicator_id):
    page = page_or_404(indicator_id)
    return render_template("indicators/indicator.html", **page_context(page, ScoreForm(formdata=None)))


# ---------------------------------------------------------------------------------------------
# PIs: the performance team adds and edits them


@bp.route("/new", methods=["GET", "POST"])
@performance_only
def new():
    form = IndicatorForm()
    form.service.choices = [SelectChoice("", "Choose a service")] + _service_choices()
    if form.is_submitted():
        form.code_taken_by = indicator_of_code(form.code.data)
    if form.validate_on_submit():
        try:
            with database.atomic():
                indicator = Indicator.create(**form.indicator_fields())
                standings.refresh([indicator.id])
                index_indicator(indicator.id)  # docs/search.md#the-index
        except IntegrityError:
            form.code.errors.append(_code_taken_message(form.code.data))
        else:
            log.info("PI %s added by user %s", indicator.id, current_user.id)
            flash(f"{indicator.code} {indicator.name} added", "success")
            return redirect(url_for(".indicator", indicator_id=indicator.id))
    return _indicator_form_page(form, None)


@bp.route("/<int:indicator_id>/edit", methods=["GET", "POST"])
@performance_only
def edit(indicator_id):
    indicator = indicator_or_404(indicator_id)
    form = IndicatorForm(data=IndicatorForm.data_of(indicator))
    form.service.choices = _service_choices()
    if form.is_submitted():
        form.code_taken_by = indicator_of_code(form.code.data, other_than=indicator.id)
    if not form.validate_on_submit():
        return _indicator_form_page(form, indicator)
    fields = form.indicator_fields()
    if fields["unit"] != indicator.unit and (outside := outside_new_unit(indicator.id, fields["unit"])):
        form.unit.errors.append(outside)
        return _indicator_form_page(form, indicator)
    try:
        with database.atomic():
            # Optimistic locking: the row changes only if nobody saved it since this form was loaded.
            saved = (
                Indicator.update(**fields, version=Indicator.version + 1)
                .where((Indicator.id == indicator.id) & (Indicator.version == _whole_number(form.version.data)))
                .execute()
            )
            if saved:  # polarity, tolerance, decimal places and frequency change the rating
                standings.refresh([indicator.id])
                index_indicator(indicator.id)  # code, name and description are searched (docs/search.md)
    except IntegrityError:
        form.code.errors.append(_code_taken_message(form.code.data))
        return _indicator_form_page(form, indicator)
    if not saved:
        current = indicator_or_404(indicator.id)
        form.version.data = str(current.version)  # saving again, having seen the changes, is deliberate
        return _indicator_form_page(form, current, conflict=_saved_now(current, form), status=409)
    log.info("PI %s edited by user %s", indicator.id, current_user.id)
    flash(f"{fields['code']} {fields['name']} saved", "success")
    return redirect(url_for(".indicator", indicator_id=indicator.id))


def _indicator_form_page(form, indicator, conflict=None, status=None):
    if status is None:
        status = 422 if form.is_submitted() else 200
    return render_template("indicators/indicator_form.html", form=form, indicator=indicator, conflict=conflict), status


def _code_taken_message(code):
    return f"{code} is already the code of another PI. Choose another code"


def _saved_now(current, form):
    """What is saved now, for each field where it differs from what the user typed."""
    typed, saved = form.indicator_fields(), IndicatorForm.data_of(current)
    differences = []
    for name, value in typed.items():
        now = saved[name]
        if name == "service":
            shown = current.service.name
        elif hasattr(value, "label"):
            now, shown = type(value)(now), type(value)(now).label
        elif isinstance(value, bool):
            shown = "Yes" if now else "No"
        else:
            shown = "" if now is None else f"{now:g}" if isinstance(now, float) else str(now)
        if now != value:
            differences.append((form[name].label.text, shown or "(blank)"))
    return differences


# ---------------------------------------------------------------------------------------------
# Targets: every change is a new version; none is overwritten


# ---------------------------------------------------------------------------------------------
# Scores: added, or corrected, on the PI's page; with htmx the page updates in place


# ---------------------------------------------------------------------------------------------
# Helpers


def _service_choices():
    return [
        SelectChoice(service.id, service.name)
        for service in Service.select(Service.id, Service.name).order_by(Service.name)
    ]


def _whole_number(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
