"""The score round (docs/score-round.md): one page for one period end, listing every active PI due that
period with its last score, target and a box for the new score and a note. Performance officers see every
PI; a Head of Service their own services' PIs. Save stores every valid row in one transaction
(webapp/indicators/score_writes.py); each invalid row is shown again with its error and what was typed.
With htmx, each row saves on its own and comes back in place with its RAG rating and direction of travel."""

import logging
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.score_round import PeriodForm, ScoreRoundRowForm
from webapp.core.permissions import role_required
from webapp.core.rendering import fragment_or_redirect, is_fragment_request
from webapp.domain.dates import uk_date
from webapp.domain.rating import Direction, Rag
from webapp.domain.roles import Role
from webapp.domain.units import format_value

from . import bp
from .round_reading import recent_period_ends, round_rows
from .score_writes import Entry, record_scores

log = logging.getLogger(__name__)
ROUND_ROLES = (Role.PERFORMANCE, Role.HEAD_OF_SERVICE)
round_roles = role_required(*ROUND_ROLES)


def may_use_score_round(user):
    """Performance officers, and Heads of Service for their own services' PIs."""
    return user.has_role(*ROUND_ROLES)


@bp.route("/score-round")
@round_roles
def score_round():
    periods = recent_period_ends(date.today())
    chooser = PeriodForm(request.args)
    period = chooser.chosen(periods)
    rows = round_rows(period, _services())
    forms = {row.indicator.id: _row_form(row) for row in rows}
    return _page(period, rows, forms, chooser=chooser)


@bp.route("/score-round/<period>", methods=["POST"])
@round_roles
def save_round(period):
    period = _period_or_404(period)
    rows = round_rows(period, _services())
    forms = {row.indicator.id: _row_form(row, request.form) for row in rows}
    valid = {pi_id: form.validate() for pi_id, form in forms.items()}
    done = _record(period, {pi_id: form for pi_id, form in forms.items() if valid[pi_id]})
    message = _saved_message(done)
    if all(valid.values()) and not done.conflicts:
        flash(message, "success")
        return redirect(url_for(".score_round", period=period.isoformat()))
    rows = round_rows(period, _services())  # as saved now: the saved rows show their rating
    for row in rows:
        if row.indicator.id in done.saved:
            forms[row.indicator.id].seen.data = row.score.recorded_at.isoformat()
    return _page(period, rows, forms, message=message if done.saved else None, status=422)


@bp.route("/score-round/<period>/<int:indicator_id>", methods=["POST"])
@round_roles
def save_round_row(period, indicator_id):
    period = _period_or_404(period)
    rows = round_rows(period, _services(), [indicator_id]) or abort(404)
    form = _row_form(rows[0], request.form)
    done = _record(period, {indicator_id: form} if form.validate() else {})
    message = _saved_message(done) if done.saved else None
    if message is None and form.value.errors:
        if not is_fragment_request():  # without JavaScript: the whole round, this row as typed
            every = round_rows(period, _services())
            forms = {row.indicator.id: _row_form(row) for row in every} | {indicator_id: form}
            return _page(period, every, forms, status=422)
        return _row(period, rows[0], form), 422
    if message is None:  # nothing typed, or nothing changed
        message = "nothing to save"
    row = round_rows(period, _services(), [indicator_id])[0]
    return fragment_or_redirect(
        url_for(".score_round", period=period.isoformat(), _anchor=f"round-{indicator_id}"),
        message,
        lambda: _row(period, row, _row_form(row), row_message=message),
    )


# ---------------------------------------------------------------------------------------------


def _services():
    """The services whose PIs this user enters: every one (None) for a performance officer."""
    return None if current_user.has_role(Role.PERFORMANCE) else current_user.service_ids


def _period_or_404(text):
    return next((day for day in recent_period_ends(date.today()) if day.isoformat() == text), None) or abort(404)


def _row_form(row, formdata=None):
    data = ScoreRoundRowForm.data_of(row.score)
    form = ScoreRoundRowForm(formdata=formdata, prefix=f"pi-{row.indicator.id}", data=data)
    form.pi_unit, form.places, form.saved = row.indicator.unit, row.indicator.decimal_places, row.score
    return form


def _record(period, forms):
    """Records every row with something to save; a row recorded by someone else since it was drawn gets
    that as its error, and shows what is saved now, so that saving again is deliberate."""
    entries = [
        Entry(pi_id, form.value.data, form.note.data or "", form.seen_moment())
        for pi_id, form in forms.items()
        if form.entered
    ]
    done = record_scores(period, entries, current_user.id)
    for pi_id, score in done.conflicts.items():
        form = forms[pi_id]
        form.seen.data = score.recorded_at.isoformat() if score else ""
        if score is None:
            form.value.errors.append("The score recorded for this period has been removed. Save again to add yours")
            continue
        who = score.recorded_by.name if score.recorded_by else "Someone else"
        now = format_value(score.value, form.pi_unit, form.places)
        form.value.errors.append(
            f"{who} recorded this score while you were entering yours: it is now {now}. Save again to keep yours"
        )
    if done.saved:
        log.info("Score round for %s: %s scores saved by user %s", period, len(done.saved), current_user.id)
    return done


def _saved_message(done):
    parts = []
    if done.added:
        parts.append(f"{len(done.added)} score{'' if len(done.added) == 1 else 's'} added")
    if done.corrected:
        parts.append(f"{len(done.corrected)} corrected")
    return " and ".join(parts) if parts else "No scores were changed"


def _page(period, rows, forms, chooser=None, message=None, status=200):
    if chooser is None:
        chooser = PeriodForm(data={"period": period.isoformat()})
        chooser.chosen(recent_period_ends(date.today()))
    services = []
    for row in rows:
        if not services or services[-1][0] != row.indicator.service.name:
            services.append((row.indicator.service.name, []))
        services[-1][1].append(row)
    errors = [
        (field.id, f"{row.indicator.code}: {error}")
        for row in rows
        for field in (forms[row.indicator.id].value, forms[row.indicator.id].note)
        for error in field.errors
    ]
    return render_template(
        "indicators/score_round.html",
        period=period,
        period_name=uk_date(period),
        chooser=chooser,
        services=services,
        forms=forms,
        errors=errors,
        message=message,
        ratings=list(Rag),
        trends=[None, *Direction],
    ), status


def _row(period, row, form, row_message=None):
    return render_template(
        "indicators/_score_round_row.html", period=period, row=row, form=form, row_message=row_message
    )
