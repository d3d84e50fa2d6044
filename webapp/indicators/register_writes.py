"""The PI register's score and target writes, shared by the PI's page (webapp/indicators/views.py), the
spreadsheet imports (webapp/indicators/score_imports.py) and the command line (docs/rating.md#scores,
docs/score-imports.md#confirming).

Each write records who made it and when on the row itself (a score's recorded_by and recorded_at, a target
version's set_by and set_at: a target is never overwritten, each change adds a version) and works out again
where the changed PIs stand (webapp/indicators/standings.py), in the caller's transaction or its own.
Many rows cost a fixed number of statements per BATCH, never one each.
"""

from peewee import EXCLUDED, Case, chunked

from webapp.models import Indicator, Score, Target, database, utcnow

from . import standings

# Rows a statement writes: 6 values each keeps a batch well inside SQLite's 32,766 parameters.
BATCH = 5_000


def record_score(indicator_id, period_end, value, note, user_id):
    """Adds the score, or corrects the period's score if it has one (keeping its note unless a new one is
    given). Returns True for a correction."""
    with database.atomic():
        corrected = Score.select().where((Score.indicator == indicator_id) & (Score.period_end == period_end)).exists()
        record_scores([(indicator_id, period_end, value, note)], user_id)
    return corrected


def record_scores(rows, user_id):
    """Saves (indicator id, period end, value, note) rows: each a new score, or a correction of its period's
    score (whose note is kept unless a new one is given); then the PIs' standings."""
    now = utcnow()
    # A blank note keeps the saved one: the score's own column, as the row being updated holds it.
    keep_note = Case(None, [(EXCLUDED.note == "", Score.note)], EXCLUDED.note)
    with database.atomic():
        for batch in chunked(rows, BATCH):
            (
                Score.insert_many(
                    [
                        {
                            "indicator": indicator_id,
                            "period_end": period_end,
                            "value": value,
                            "note": note or "",
                            "recorded_by": user_id,
                            "recorded_at": now,
                        }
                        for indicator_id, period_end, value, note in batch
                    ]
                )
                .on_conflict(
                    conflict_target=[Score.indicator, Score.period_end],
                    update={
                        Score.value: EXCLUDED.value,
                        Score.note: keep_note,
                        Score.recorded_by: EXCLUDED.recorded_by_id,
                        Score.recorded_at: EXCLUDED.recorded_at,
                    },
                )
                .execute()
            )
        standings.refresh({row[0] for row in rows})


class ReasonNeeded(Exception):
    """The year had no target when the form was drawn, but has one now (another officer's, set a moment
    before): a new version needs the reason for the change."""


def add_target(indicator_id, user_id, **version):
    """Adds a target version (financial_year, value, stretch_value, rationale, reason, meeting,
    minute_reference) and works out again where the PI stands. A version without a reason must be the
    year's first, looked at again once the PI is held (ReasonNeeded): two first targets sent at once are one
    first and one refused, never two without a reason."""
    with database.atomic():
        if database.for_update:  # PostgreSQL; SQLite's IMMEDIATE transactions already take turns
            list(Indicator.select(Indicator.id).where(Indicator.id == indicator_id).for_update("FOR NO KEY UPDATE"))
        year_has_one = Target.select().where(
            (Target.indicator == indicator_id) & (Target.financial_year == version["financial_year"])
        )
        if not version.get("reason") and year_has_one.exists():
            raise ReasonNeeded()
        add_targets([{"indicator": indicator_id, **version}], user_id)


def add_targets(versions, user_id):
    """Adds target versions (dicts of Target's columns, with indicator), all set now by `user_id`."""
    now = utcnow()
    rows = [
        {
            "stretch_value": None,
            "rationale": "",
            "reason": "",
            "meeting": None,
            "minute_reference": "",
            **version,
            "set_by": user_id,
            "set_at": now,
        }
        for version in versions
    ]
    with database.atomic():
        for batch in chunked(rows, BATCH // 2):  # ten columns a row
            Target.insert_many(batch).execute()
        standings.refresh({row["indicator"] for row in rows})
