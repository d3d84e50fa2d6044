"""A PI's targets: every change is a new version and none is overwritten (docs/rating.md#targets)."""

import logging
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from forms.indicators import (
    TargetForm,
    financial_year_choices,
)
from webapp.domain.periods import financial_year, financial_year_label
from webapp.domain.units import format_value
from webapp.models import Body, Meeting

from . import bp, register_writes
from .pages import indicator_or_404, performance_only
from .pi_page import target_years

log = logging.getLogger(__name__)


@bp.route("/<int:indicator_id>/targets/new")
@performance_only
def new_target(indicator_id):
    indicator = indicator_or_404(indicator_id)
    year = request.args.get("year", type=int) or financial_year(date.today())
    form = _target_form(indicator, TargetForm(formdata=None, data={"financial_year": year}))
    return _target_form_page(form, indicator)


@bp.route("/<int:indicator_id>/targets", methods=["POST"])
@performance_only
def add_target(indicator_id):
    indicator = indicator_or_404(indicator_id)
    form = _target_form(indicator, TargetForm())
    if not form.validate_on_submit():
        return _target_form_page(form, indicator, status=422)
    year = form.financial_year.data
    try:
        register_writes.add_target(
            indicator.id,
            current_user.id,
            financial_year=year,
            value=form.value.data,
            stretch_value=form.stretch_value.data,
            rationale=form.rationale.data,
            reason=form.reason.data or "",
            meeting=form.meeting.data,
            minute_reference=form.minute_reference.data or "",
        )
    except register_writes.ReasonNeeded:
        form = _target_form(indicator, form)  # the year is now one with a target
        form.reason.errors = [
            f"A target for {financial_year_label(year)} was set a moment ago: give the reason for the change"
        ]
        return _target_form_page(form, indicator, status=409)
    log.info("Target for %s set on PI %s by user %s", year, indicator.id, current_user.id)
    shown = format_value(form.value.data, indicator.unit, indicator.decimal_places)
    flash(f"Target for {financial_year_label(year)} set to {shown}", "success")
    return redirect(url_for(".indicator", indicator_id=indicator.id, _anchor="targets"))


def _target_form(indicator, form):
    years = target_years(indicator)
    form.target_years = years
    form.years_with_targets = {year.year for year in years}
    form.polarity = indicator.polarity
    form.pi_unit = indicator.unit
    choices = financial_year_choices()
    offered = {choice.value for choice in choices}
    choices += [SelectChoice(year.year, year.label) for year in years if year.year not in offered]
    form.financial_year.choices = sorted(choices, key=lambda choice: choice.value, reverse=True)
    # The meeting that decided it has been held: a meeting to come has decided nothing yet.
    meetings = (
        Meeting.select(Meeting, Body)
        .join(Body)
        .where(Meeting.date <= date.today())
        .order_by(Meeting.date.desc(), Body.name)
    )
    form.meeting.choices = [SelectChoice("", "None")] + [SelectChoice(meeting.id, str(meeting)) for meeting in meetings]
    return form


def _target_form_page(form, indicator, status=200):
    return render_template(
        "indicators/target_form.html", form=form, indicator=indicator, target_years=form.target_years
    ), status
