"""What the score round shows (docs/score-round.md): for one period end, every active PI due that period, by
service then code, with its last score before the period, the target for the period's financial year and
the period's own score (if it has one) rated as the PI's page rates it. Five queries however many PIs."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import fn

from webapp.domain.periods import Frequency, add_months, financial_year, is_period_end, latest_period_end
from webapp.domain.positions import Position, Reading, assess, comparison_days
from webapp.models import Indicator, Score, Service

from .readings import newest_targets, scores_on, where_all

RECENT_PERIODS = 13  # the month ends on offer: this month's last year, and every one since


@dataclass(slots=True)
class RoundRow:
    """One PI in the round. `score` is the period's Score row, or None; `position` rates it against the
    target and the previous period's score (None without a score)."""

    indicator: Indicator
    last: Reading | None
    target: Decimal | None
    score: Score | None
    position: Position | None


def recent_period_ends(today: date, count: int = RECENT_PERIODS) -> list[date]:
    """The month ends a round may be for, newest first: the latest one due on or before `today`."""
    latest = latest_period_end(Frequency.MONTHLY, today)
    return [add_months(latest, -months) for months in range(count)]


def due_frequencies(period_end: date) -> list[Frequency]:
    """The frequencies with a period ending on `period_end` (docs/rating.md#periods-and-frequency)."""
    return [frequency for frequency in Frequency if is_period_end(period_end, frequency)]


def round_conditions(period_end, service_ids=None, indicator_ids=None):
    """The PIs due for `period_end`: active, of a frequency with a period ending then; only those of
    `service_ids` (a Head of Service's) and of `indicator_ids` (one row) when given."""
    conditions = [Indicator.active == True, Indicator.frequency.in_(due_frequencies(period_end))]  # noqa: E712
    if service_ids is not None:
        conditions.append(Indicator.service.in_(sorted(service_ids)))
    if indicator_ids is not None:
        conditions.append(Indicator.id.in_(sorted(indicator_ids)))
    return conditions


def round_rows(period_end, service_ids=None, indicator_ids=None):
    """[RoundRow] for the PIs due on `period_end`, by service name then code."""
    conditions = round_conditions(period_end, service_ids, indicator_ids)
    indicators = list(
        Indicator.select(Indicator, Service)
        .join(Service)
        .where(*conditions)
        .order_by(Service.name, Indicator.code, Indicator.id)
    )
    if not indicators:
        return []
    selected = where_all(Indicator.select(Indicator.id), conditions)
    scores = {
        score.indicator_id: score
        for score in Score.select().where(Score.indicator.in_(selected), Score.period_end == period_end)
    }
    compared = {pi.id: comparison_days(period_end, pi.frequency) for pi in indicators}
    earlier = scores_on(conditions, compared)
    last = _last_before(conditions, period_end)
    year = financial_year(period_end)
    targets = newest_targets(conditions, {pi.id: year for pi in indicators})
    rows = []
    for pi in indicators:
        score = scores.get(pi.id)
        target = targets.get(pi.id, (None, None))[1]
        position = None
        if score is not None:
            previous_day, year_ago_day = compared[pi.id]
            reading = Reading(period_end, score.value, score.id)
            position = assess(
                pi, reading, earlier.get((pi.id, previous_day)), earlier.get((pi.id, year_ago_day)), target, year
            )
        rows.append(RoundRow(pi, last.get(pi.id), target, score, position))
    return rows


def _last_before(conditions, period_end):
    """{indicator id: its latest Reading before `period_end`}, seeking each PI's last day by index."""
    newest = Score.alias()
    last_day = newest.select(fn.MAX(newest.period_end)).where(
        (newest.indicator == Indicator.id) & (newest.period_end < period_end)
    )
    query = Indicator.select(Score.indicator, Score.period_end, Score.value, Score.id).join(
        Score, on=((Score.indicator == Indicator.id) & (Score.period_end == last_day))
    )
    return {
        indicator_id: Reading(day if isinstance(day, date) else date.fromisoformat(day), value, score_id)
        for indicator_id, day, value, score_id in where_all(query, conditions).tuples()
    }
