"""Reading several PIPs at once, for committee papers: the plans with all their rows, and their PIs'
scores and targets, in a fixed number of queries however many plans (docs/quality.md). Read one by one
(webapp/pips/store.py and the PI's page) they took ten queries a plan.

The rows are the same records a single plan's page reads (store.py), so a plan read here is the plan
read there; tests/web/papers/test_papers.py checks that their snapshots are equal.
"""

from dataclasses import dataclass
from datetime import date

from flask import abort

from webapp.domain.periods import financial_year
from webapp.domain.positions import Reading, assess, comparison_days
from webapp.models import (
    Indicator,
    Pip,
    Score,
    Service,
    Target,
)

# The package's own helpers, so a row read here is built exactly as store.py builds it.
from .store import SECTIONS, _pip, assemble


def load_plans(pip_ids, today=None):
    """The PIPs and every row of each, in the order asked; 404 when one does not exist. Seven queries,
    whatever the number of plans and rows: each reads every plan's rows of one kind at once."""
    ids = list(dict.fromkeys(pip_ids))
    if not ids:
        return []
    pips = {
        pip.id: pip
        for pip in map(
            _pip,
            Pip.select(Pip, Indicator, Service)
            .join(Indicator)
            .switch(Pip)
            .join(Service)
            .where(Pip.id.in_(ids))
            .tuples(),
        )
    }
    if len(pips) < len(ids):
        abort(404)
    rows = {pip_id: {name: [] for name in SECTIONS} for pip_id in ids}
    for name, build in SECTIONS.items():
        for *values, pip_id in _of_every_plan(build, ids).tuples():
            rows[pip_id][name].append(tuple(values))
    today = today or date.today()
    return [assemble(pips[pip_id], rows[pip_id], today) for pip_id in ids]


def _of_every_plan(build, ids):
    """A section's query for all the plans `ids` names, each row followed by its plan's id."""
    owner = []

    def chosen(column):
        owner.append(column)
        return column.in_(ids)

    query = build(chosen)
    return query.select_extend(owner[0])


@dataclass(frozen=True)
class ScoreLine:
    """A score as a chart draws it: with the current target for its financial year (None when unset)."""

    period_end: date
    value: object
    target: object


@dataclass(frozen=True)
class ScoreHistory:
    """Where a PI stands (webapp.domain.positions.Position) and its scores, newest first, as its page shows them."""

    position: object
    lines: list


def score_histories(indicators):
    """{indicator id: ScoreHistory} for the PIs given (models), in two queries however many: every
    target version, then every score."""
    ids = [indicator.id for indicator in indicators]
    current = {indicator_id: {} for indicator_id in ids}
    for indicator_id, year, value in (
        Target.select(Target.indicator, Target.financial_year, Target.value)
        .where(Target.indicator.in_(ids))
        .order_by(Target.set_at, Target.id)
        .tuples()
    ):
        current[indicator_id][year] = value  # oldest first, so each year's newest version wins
    readings = {indicator_id: [] for indicator_id in ids}
    for indicator_id, period_end, value in (
        Score.select(Score.indicator, Score.period_end, Score.value)
        .where(Score.indicator.in_(ids))
        .order_by(Score.indicator, Score.period_end.desc())
        .tuples()
    ):
        readings[indicator_id].append(Reading(period_end, value))
    return {
        indicator.id: _history(indicator, readings[indicator.id], current[indicator.id]) for indicator in indicators
    }


def _history(indicator, readings, targets_by_year):
    """As webapp.indicators.pi_page works out a PI's page: its latest score against the current target for that
    score's financial year, compared with the previous period's and the score 12 months earlier."""
    by_day = {reading.period_end: reading for reading in readings}
    latest = previous = year_ago = None
    if readings:
        latest = readings[0]
        previous_day, year_ago_day = comparison_days(latest.period_end, indicator.frequency)
        previous, year_ago = by_day.get(previous_day), by_day.get(year_ago_day)
    year = financial_year(latest.period_end if latest else date.today())
    position = assess(indicator, latest, previous, year_ago, targets_by_year.get(year), year)
    lines = [
        ScoreLine(reading.period_end, reading.value, targets_by_year.get(financial_year(reading.period_end)))
        for reading in readings
    ]
    return ScoreHistory(position, lines)
