"""Keeping each PI's Standing (webapp/models/standings.py) true: the one place that works out again
where PIs stand after a write.

Every write that can change a PI's rating or direction of travel calls `refresh` with the PI's id,
inside the write's own transaction, so the lists never show a standing older than the data:
a PI added or edited (polarity, tolerance, decimal places, frequency, active), a score added or
corrected, a target version set on the PI's page or by a committee's referral decision, a PI added by
a pip/v1 import, the demo data, and the registers the benchmarks build. The rating is
webapp/domain/positions.assess, the same pure rules (webapp/domain/rating.py) that the PI's own page uses.

Nothing here depends on today's date: a standing follows from the PI's scores, targets and settings
alone. (A PI with no score is Not rated; which year's target the list shows beside it is read with
the page, webapp/indicators/listing.py.)
"""

from peewee import chunked

from webapp.domain.periods import financial_year
from webapp.domain.positions import assess, comparison_days
from webapp.domain.rating import needs_attention
from webapp.indicators.readings import latest_scores, newest_targets, scores_on
from webapp.models import Indicator, Standing, database

BATCH = 500  # PIs worked out together: a few queries each, and well inside SQLite's limit on parameters


def refresh(indicator_ids):
    """Works out again where the PIs with these ids stand, and keeps it: five statements a batch."""
    for batch in chunked(sorted(set(indicator_ids)), BATCH):
        rows = standings_of([Indicator.id.in_(batch)])
        if rows:
            (
                Standing.insert_many(rows)
                .on_conflict(
                    conflict_target=[Standing.indicator],
                    preserve=[
                        Standing.rag,
                        Standing.trend,
                        Standing.trend_year,
                        Standing.needs_attention,
                        Standing.latest_score,
                        Standing.latest_period_end,
                        Standing.target,
                    ],
                )
                .execute()
            )


def refresh_all():
    """Every PI's standing, worked out again (a new table, or after changes made outside the app);
    returns how many PIs there are."""
    with database.atomic():
        ids = [indicator_id for (indicator_id,) in Indicator.select(Indicator.id).tuples()]
        refresh(ids)
    return len(ids)


def standings_of(conditions):
    """[Standing row as a dict] for the PIs meeting `conditions`."""
    query = Indicator.select(
        Indicator.id,
        Indicator.polarity,
        Indicator.decimal_places,
        Indicator.tolerance,
        Indicator.tolerance_kind,
        Indicator.frequency,
        Indicator.active,
    ).where(*conditions)
    if database.for_update:
        # PostgreSQL: a second write to the same PI waits here for the first to commit, and then reads
        # what it wrote, so the standing kept last is worked out from both. (SQLite's writes take turns.)
        query = query.for_update("FOR NO KEY UPDATE")
    indicators = list(query)
    if not indicators:
        return []
    latest = latest_scores(conditions)
    compared_with = {
        pi.id: comparison_days(latest[pi.id].period_end, pi.frequency) for pi in indicators if pi.id in latest
    }
    earlier = scores_on(conditions, compared_with)
    year_of = {pi_id: financial_year(reading.period_end) for pi_id, reading in latest.items()}
    targets = newest_targets(conditions, year_of)
    rows = []
    for pi in indicators:
        reading = latest.get(pi.id)
        previous_day, year_ago_day = compared_with.get(pi.id, (None, None))
        target_id, target = targets.get(pi.id, (None, None))
        position = assess(
            pi,
            reading,
            earlier.get((pi.id, previous_day)),
            earlier.get((pi.id, year_ago_day)),
            target,
            year_of.get(pi.id),
        )
        rows.append(
            {
                "indicator": pi.id,
                "rag": position.rag,
                "trend": position.trend,
                "trend_year": position.trend_year,
                "needs_attention": bool(pi.active) and needs_attention(position.rag, position.trend),
                "latest_score": reading.score_id if reading else None,
                "latest_period_end": reading.period_end if reading else None,
                "target": target_id,
            }
        )
    return rows
