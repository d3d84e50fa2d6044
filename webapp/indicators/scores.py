"""A PI's scores, added or corrected on its page; with htmx the page updates in place
(docs/rating.md#scores). Each write works out again where the PI stands, in the same transaction."""

import logging
from datetime import datetime

from flask import abort, render_template, url_for
from flask_login import current_user

from forms.indicators import (
    ScoreEditForm,
    ScoreForm,
)
from webapp.core.permissions import signed_in
from webapp.core.rendering import fragment_or_redirect, render_page_or_fragment
from webapp.domain.dates import uk_date
from webapp.domain.units import format_value
from webapp.models import Score, database, utcnow

from . import bp, register_writes, standings
from .pages import can_edit, indicator_or_404, page_context, performance_only
from .pi_page import indicator_page, score_line

log = logging.getLogger(__name__)


@bp.route("/<int:indicator_id>/scores/<int:score_id>")
@signed_in
def score(indicator_id, score_id):
    indicator = indicator_or_404(indicator_id)
    line = score_line(indicator, score_id) or abort(404)
    return render_page_or_fragment(
        "indicators/score.html", "indicators/_score_row.html", indicator=indicator, line=line, can_edit=can_edit()
    )


@bp.route("/<int:indicator_id>/scores", methods=["POST"])
@performance_only
def add_score(indicator_id):
    indicator = indicator_or_404(indicator_id)
    form = ScoreForm()
    form.frequency, form.pi_unit = indicator.frequency, indicator.unit
    if not form.validate_on_submit():
        page = indicator_page(indicator_id)
        return render_page_or_fragment(
            "indicators/indicator.html", "indicators/_scores.html", status=422, **page_context(page, form)
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
            "indicators/_scores.html", **page_context(page, ScoreForm(formdata=None), score_message=message)
        )

    return fragment_or_redirect(url_for(".indicator", indicator_id=indicator.id, _anchor="scores"), message, scores)


@bp.route("/<int:indicator_id>/scores/<int:score_id>/edit")
@performance_only
def edit_score(indicator_id, score_id):
    indicator = indicator_or_404(indicator_id)
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
    indicator = indicator_or_404(indicator_id)
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


def _moment(text):
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
