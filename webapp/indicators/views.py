"""The PI register (docs/rating.md#indicators): the PI list, each PI's page, and the performance team's
changes to PIs, target versions and scores. Reads come from webapp/indicators/listing.py and pi_page.py; each write
works out
again where its PI stands (webapp/indicators/standings.py) in the same transaction."""

import logging
from datetime import date, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import IntegrityError, fn
from wtforms import SelectChoice

from forms.indicators import (
    IndicatorForm,
    RegisterFilterForm,
    ScoreEditForm,
    ScoreForm,
    TargetForm,
    financial_year_choices,
)
from webapp.core.permissions import role_required, signed_in
from webapp.core.rendering import fragment_or_redirect, render_page_or_fragment
from webapp.domain.access import can_raise
from webapp.domain.dates import uk_date
from webapp.domain.periods import Frequency, financial_year, financial_year_label, latest_period_end
from webapp.domain.rating import Direction, Rag
from webapp.domain.roles import Role
from webapp.domain.units import format_value
from webapp.models import Body, Indicator, Meeting, Score, Service, database, utcnow
from webapp.pips.raising import open_plan_for
from webapp.search.index import index_indicator

from . import bp, register_writes, standings
from .listing import list_page, register_selection
from .pi_page import find_indicator, indicator_page, score_line, target_years

log = logging.getLogger(__name__)
performance_only = role_required(Role.PERFORMANCE)


def _can_edit():
    return current_user.has_role(Role.PERFORMANCE)


# ---------------------------------------------------------------------------------------------
# Reading the register: any signed-in user


@bp.route("/")
@signed_in
def index():
    filters = RegisterFilterForm(request.args)
    filters.service.choices = [SelectChoice("", "All services")] + _service_choices()
    page = list_page(register_selection(**filters.chosen()), request.args.get("page", 1, type=int))
    rows = page.items
    # Each tag and each period end is drawn once for the whole list, not once a row (index.html).
    days = {row.position.latest.period_end for row in rows if row.position.latest}
    return render_template(
        "indicators/index.html",
        rows=rows,
        page=page,
        filters=filters,
        filtered=bool(set(request.args) - {"page"}),
        can_edit=_can_edit(),
        ratings=list(Rag),
        trends=[None, *Direction],
        day_names={day: uk_date(day) for day in days},
    )


@bp.route("/<int:indicator_id>")
@signed_in
def indicator(indicator_id):
    page = _page_or_404(indicator_id)
    return render_template("indicators/indicator.html", **_page_context(page, ScoreForm(formdata=None)))


@bp.route("/<int:indicator_id>/scores/<int:score_id>")
@signed_in
def score(indicator_id, score_id):
    indicator = _indicator_or_404(indicator_id)
    line = score_line(indicator, score_id) or abort(404)
    return render_page_or_fragment(
        "indicators/score.html", "indicators/_score_row.html", indicator=indicator, line=line, can_edit=_can_edit()
    )


# ---------------------------------------------------------------------------------------------
# PIs: the performance team adds and edits them


@bp.route("/new", methods=["GET", "POST"])
@performance_only
def new():
    form = IndicatorForm()
    form.service.choices = [SelectChoice("", "Choose a service")] + _service_choices()
    if form.is_submitted():
        form.code_taken_by = _code_owner(form.code.data)
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
    indicator = _indicator_or_404(indicator_id)
    form = IndicatorForm(data=IndicatorForm.data_of(indicator))
    form.service.choices = _service_choices()
    if form.is_submitted():
        form.code_taken_by = _code_owner(form.code.data, other_than=indicator.id)
    if not form.validate_on_submit():
        return _indicator_form_page(form, indicator)
    fields = form.indicator_fields()
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
        current = _indicator_or_404(indicator.id)
        form.version.data = str(current.version)  # saving again, having seen the changes, is deliberate
        return _indicator_form_page(form, current, conflict=_saved_now(current, form), status=409)
    log.info("PI %s edited by user %s", indicator.id, current_user.id)
    flash(f"{fields['code']} {fields['name']} saved", "success")
    return redirect(url_for(".indicator", indicator_id=indicator.id))


def _indicator_form_page(form, indicator, conflict=None, status=None):
    if status is None:
        status = 422 if form.is_submitted() else 200
    return render_template("indicators/indicator_form.html", form=form, indicator=indicator, conflict=conflict), status


def _code_owner(code, other_than=None):
    """The PI that already has `code` (in any case), if any."""
    code = (code or "").strip().upper()
    if not code:
        return None
    query = Indicator.select(Indicator.code, Indicator.name).where(fn.UPPER(Indicator.code) == code)
    if other_than is not None:
        query = query.where(Indicator.id != other_than)
    return query.first()


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


@bp.route("/<int:indicator_id>/targets/new")
@performance_only
def new_target(indicator_id):
    indicator = _indicator_or_404(indicator_id)
    year = request.args.get("year", type=int) or financial_year(date.today())
    form = _target_form(indicator, TargetForm(formdata=None, data={"financial_year": year}))
    return _target_form_page(form, indicator)


@bp.route("/<int:indicator_id>/targets", methods=["POST"])
@performance_only
def add_target(indicator_id):
    indicator = _indicator_or_404(indicator_id)
    form = _target_form(indicator, TargetForm())
    if not form.validate_on_submit():
        return _target_form_page(form, indicator, status=422)
    year = form.financial_year.data
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
    meetings = Meeting.select(Meeting, Body).join(Body).order_by(Meeting.date.desc(), Body.name)
    form.meeting.choices = [SelectChoice("", "None")] + [SelectChoice(meeting.id, str(meeting)) for meeting in meetings]
    return form


def _target_form_page(form, indicator, status=200):
    return render_template(
        "indicators/target_form.html", form=form, indicator=indicator, target_years=form.target_years
    ), status


# ---------------------------------------------------------------------------------------------
# Scores: added, or corrected, on the PI's page; with htmx the page updates in place


@bp.route("/<int:indicator_id>/scores", methods=["POST"])
@performance_only
def add_score(indicator_id):
    indicator = _indicator_or_404(indicator_id)
    form = ScoreForm()
    form.frequency, form.pi_unit = indicator.frequency, indicator.unit
    if not form.validate_on_submit():
        page = indicator_page(indicator_id)
        return render_page_or_fragment(
            "indicators/indicator.html", "indicators/_scores.html", status=422, **_page_context(page, form)
        )
    corrected = register_writes.record_score(
        indicator.id, form.period_end.data, form.value.data, form.note.data, current_user.id
    )
    message = f"Score for {uk_date(form.period_end.data)} {'corrected' if corrected else 'added'}"
    log.info(
        "Score for %s %s on PI %s by user %s",
        form.period_end.data,
        "corrected" if corrected else "added",
        indicator.id,
        current_user.id,
    )

    def scores():  # the PI's scores as they are now, with a new blank form
        page = indicator_page(indicator_id)
        return render_template(
            "indicators/_scores.html", **_page_context(page, ScoreForm(formdata=None), score_message=message)
        )

    return fragment_or_redirect(url_for(".indicator", indicator_id=indicator.id, _anchor="scores"), message, scores)


@bp.route("/<int:indicator_id>/scores/<int:score_id>/edit")
@performance_only
def edit_score(indicator_id, score_id):
    indicator = _indicator_or_404(indicator_id)
    line = score_line(indicator, score_id) or abort(404)
    form = ScoreEditForm(
        formdata=None,
        prefix=f"score-{score_id}",
        data={"value": line.score.value, "note": line.score.note, "seen": line.score.recorded_at.isoformat()},
    )
    return _score_edit_response(indicator, line, form)


@bp.route("/<int:indicator_id>/scores/<int:score_id>", methods=["POST"])
@performance_only
def save_score(indicator_id, score_id):
    indicator = _indicator_or_404(indicator_id)
    line = score_line(indicator, score_id) or abort(404)
    form = ScoreEditForm(prefix=f"score-{score_id}")
    form.pi_unit = indicator.unit
    if not form.validate_on_submit():
        return _score_edit_response(indicator, line, form, status=422)
    with database.atomic():
        # Refused, not lost, when someone recorded the score again since this form was loaded.
        saved = (
            Score.update(
                value=form.value.data, note=form.note.data or "", recorded_by=current_user.id, recorded_at=utcnow()
            )
            .where((Score.id == score_id) & (Score.recorded_at == _moment(form.seen.data)))
            .execute()
        )
        if saved:
            standings.refresh([indicator.id])
    if not saved:
        line = score_line(indicator, score_id) or abort(404)  # as it is now
        form.seen.data = line.score.recorded_at.isoformat()
        who = line.score.recorded_by.name if line.score.recorded_by else "someone else"
        conflict = (
            f"{who} changed this score while you were editing it: it is now "
            f"{format_value(line.score.value, indicator.unit, indicator.decimal_places)}. "
            "Check your correction and save again"
        )
        return _score_edit_response(indicator, line, form, conflict=conflict, status=409)
    message = f"Score for {uk_date(line.score.period_end)} corrected"
    log.info("Score %s corrected on PI %s by user %s", score_id, indicator.id, current_user.id)

    def row():  # the corrected score's row, as the PI's page draws it
        page = indicator_page(indicator_id)
        line = next(line for line in page.scores if line.score.id == score_id)
        return render_template(
            "indicators/_score_row.html", indicator=indicator, line=line, pi=page, can_edit=True, row_message=message
        )

    return fragment_or_redirect(
        url_for(".indicator", indicator_id=indicator.id, _anchor=f"score-{score_id}"), message, row
    )


def _score_edit_response(indicator, line, form, conflict=None, status=200):
    return render_page_or_fragment(
        "indicators/score_edit.html",
        "indicators/_score_edit_row.html",
        status=status,
        indicator=indicator,
        line=line,
        form=form,
        conflict=conflict,
        can_edit=True,
    )


# ---------------------------------------------------------------------------------------------
# Helpers


def _indicator_or_404(indicator_id):
    return find_indicator(indicator_id) or abort(404)


def _page_or_404(indicator_id):
    return indicator_page(indicator_id) or abort(404)


def _page_context(page, score_form, **extra):
    indicator = page.indicator
    return dict(
        pi=page,
        indicator=indicator,
        score_form=score_form,
        can_edit=_can_edit(),
        period_end_hint=_period_end_hint(indicator.frequency),
        open_plan=open_plan_for(indicator),
        can_raise=can_raise(current_user.roles, current_user.service_ids, indicator.service_id),
        **extra,
    )


def _period_end_hint(frequency):
    example = latest_period_end(frequency, date.today())
    kind = {Frequency.MONTHLY: "month", Frequency.QUARTERLY: "quarter", Frequency.ANNUAL: "financial year"}[
        Frequency(frequency)
    ]
    return f"The last day of the {kind}, for example {example.day} {example.month} {example.year}"


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


def _moment(text):
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
