"""The PI register read model: where PIs stand, the pages of the PI list, and what a PI's page shows.

Each is built in a fixed number of queries however many PIs, targets and scores there are
(PRODUCT §9). Where many PIs stand is worked out from three queries (their latest scores, the scores
those are compared with, and the target versions that apply), rated in Python by webapp/domain, and kept
in the Standing table by webapp/indicators/standings.py whenever it can change. The PI list and the exceptions
then filter and page on Standing in the database, a page at a time.
"""
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from peewee import JOIN, fn

from webapp.domain.periods import Frequency, add_months, financial_year, financial_year_label
from webapp.domain.pips import PipStatus
from webapp.domain.rating import (Direction, Polarity, Rag, Tolerance, ToleranceKind, direction, rate, rounded,
                                  to_decimal)
from webapp.domain.units import Level, Unit
from webapp.models import Body, Indicator, Meeting, Pip, Score, Service, Standing, Target, User
from webapp.core.pagination import PER_PAGE, page_of


class Reading(NamedTuple):
    """A score as the register compares it: its period end and value (a tuple: the list makes thousands)."""

    period_end: date
    value: float
    score_id: int | None = None


@dataclass(slots=True)
class Position:
    """Where a PI stands: its latest score against the current target for that score's financial
    year, and its direction of travel against the previous period's score and the score 12 months
    earlier (each None when that period has no score)."""

    latest: Reading | None
    previous: Reading | None
    year_ago: Reading | None
    target: float | None
    target_year: int
    rag: Rag
    trend: Direction | None
    trend_year: Direction | None

    @property
    def target_year_label(self):
        return _year_label(self.target_year)


_year_label = lru_cache(maxsize=32)(financial_year_label)


@lru_cache(maxsize=64)
def _tolerance(value, kind):
    return Tolerance(to_decimal(value), ToleranceKind(kind))


def tolerance_of(indicator):
    return _tolerance(indicator.tolerance, indicator.tolerance_kind)


def rate_score(indicator, value, target):
    return rate(value, target, indicator.polarity, tolerance_of(indicator), indicator.decimal_places)


def assess(indicator, latest, previous, year_ago, target, target_year):
    """The Position of `indicator` from its latest readings and the target that applies."""
    places, polarity = indicator.decimal_places, indicator.polarity
    # Each value is rounded once here (the list rates 1,000 PIs); rounding a rounded Decimal again is cheap.
    value = rounded(latest.value, places) if latest else None
    trend = trend_year = None
    if latest and previous:
        trend = direction(value, rounded(previous.value, places), polarity, places)
    if latest and year_ago:
        trend_year = direction(value, rounded(year_ago.value, places), polarity, places)
    return Position(latest=latest, previous=previous, year_ago=year_ago, target=target, target_year=target_year,
                    rag=rate(value, target, polarity, tolerance_of(indicator), places),
                    trend=trend, trend_year=trend_year)


# ---------------------------------------------------------------------------------------------
# Working out where PIs stand, many at once: webapp/indicators/standings.py keeps the result in Standing.
# Each is a fixed number of queries however many PIs are asked for.


def comparison_days(period_end, frequency):
    """The period ends a score is compared with: the previous period's, and 12 months earlier."""
    return add_months(period_end, -Frequency(frequency).months), add_months(period_end, -12)


def _selected(conditions):
    """The ids of the PIs selected, as a subquery: lets the database seek each PI's rows by index."""
    return _where(Indicator.select(Indicator.id), conditions)


def _day(value):
    """A date from the cursor: PostgreSQL gives a date, SQLite its ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def latest_scores(conditions=()):
    """{indicator id: its latest Reading} for the PIs selected.

    Each PI's last period end is found through the (indicator, period end) index, then its score:
    two seeks per PI, where a window over every score would sort them all (5 ms against 45 ms
    for 36,000 scores on SQLite).
    """
    newest = Score.alias()
    last_day = newest.select(fn.MAX(newest.period_end)).where(newest.indicator == Indicator.id)
    query = (Indicator.select(Score.indicator, Score.period_end, Score.value, Score.id)
             .join(Score, on=((Score.indicator == Indicator.id) & (Score.period_end == last_day))))
    return {indicator_id: Reading(_day(period_end), value, score_id) for indicator_id, period_end, value, score_id
            in _where(query, conditions).tuples()}


def scores_on(conditions, days_of):
    """{(indicator id, period end): Reading} for the period ends `days_of` gives each selected PI.

    Asks for every one of the (few) days at once, then keeps each PI's own.
    """
    if not days_of:
        return {}
    days = sorted({day for wanted in days_of.values() for day in wanted})
    query = (Score.select(Score.indicator, Score.period_end, Score.value, Score.id)
             .where(Score.indicator.in_(_selected(conditions)), Score.period_end.in_(days)))
    found = {}
    for indicator_id, period_end, value, score_id in query.tuples():
        period_end = _day(period_end)
        if period_end in days_of.get(indicator_id, ()):
            found[indicator_id, period_end] = Reading(period_end, value, score_id)
    return found


def newest_targets(conditions, year_of):
    """{indicator id: (id, value) of the newest target version for the financial year `year_of` gives it}."""
    if not year_of:
        return {}
    query = (Target.select(Target.indicator, Target.financial_year, Target.id, Target.value)
             .where(Target.indicator.in_(_selected(conditions)),
                    Target.financial_year.in_(sorted(set(year_of.values()))))
             .order_by(Target.set_at, Target.id))
    found = {}
    for indicator_id, year, target_id, value in query.tuples():
        if year_of.get(indicator_id) == year:
            found[indicator_id] = (target_id, value)  # oldest first, so the newest version wins
    return found


def current_targets(conditions, year_of):
    """{indicator id: value of the newest target version for the financial year `year_of` gives it}."""
    return {indicator_id: value for indicator_id, (_, value) in newest_targets(conditions, year_of).items()}


# ---------------------------------------------------------------------------------------------
# The PI list and the exceptions: a page at a time, filtered and paged by the database on each
# PI's Standing, so a page costs the same for 100 or 5,000 PIs (PRODUCT §9). The values shown
# come from the score and target rows the standing names.


@dataclass(slots=True)
class RegisterRow:
    """One line of the PI list. Holds unit and decimal places so the `with_unit` filter takes it."""

    id: int
    code: str
    name: str
    level: Level
    unit: Unit
    decimal_places: int
    polarity: Polarity
    tolerance: float
    tolerance_kind: ToleranceKind
    frequency: Frequency
    active: bool
    service_id: int
    service_name: str
    position: "Listed | None" = None


@dataclass(slots=True)
class Listed:
    """Where a PI stands, as a list shows it: the latest score and the target it was rated against
    (for a PI with no score, the target for the financial year we are in), the rating and the
    directions of travel."""

    latest: Reading | None
    target: object
    target_year: int
    rag: Rag
    trend: Direction | None
    trend_year: Direction | None

    @property
    def target_year_label(self):
        return _year_label(self.target_year)


_ROW_COLUMNS = (Indicator.id, Indicator.code, Indicator.name, Indicator.level, Indicator.unit,
                Indicator.decimal_places, Indicator.polarity, Indicator.tolerance, Indicator.tolerance_kind,
                Indicator.frequency, Indicator.active, Service.id, Service.name)
_POSITION_COLUMNS = (Standing.rag, Standing.trend, Standing.trend_year, Score.id, Score.period_end, Score.value,
                     Target.value)


@dataclass
class Selection:
    """The PIs a list shows: conditions on Indicator and, joined as `standing` says (an inner or left
    outer join, or none), on Standing; for the exceptions, only those without a Draft or Live plan."""

    conditions: list
    standing: str | None = None
    without_open_plan: bool = False

    def pis(self, *columns, in_order=False):
        """The PIs selected, joined to what `columns` and the conditions need; `in_order` to read them
        by service then code."""
        if in_order:
            # SQLite keeps a CROSS JOIN's order: services by name outside, each one's PIs by code
            # inside, so a page is read from the indexes in the list's order and nothing more is read.
            query = (Service.select(*columns).join(Indicator, JOIN.CROSS).where(Indicator.service == Service.id)
                     .order_by(Service.name, Indicator.code).switch(Indicator))
        else:
            query = Indicator.select(*columns)
        if self.standing:
            query = query.join(Standing, self.standing).switch(Indicator)
        conditions = list(self.conditions)
        if self.without_open_plan:
            # An anti-join: each PI seeks its open plan (there is at most one) in the plans' (indicator,
            # status) index, read alone: asked as "not closed", one seek a PI rather than one a status.
            open_plan = Pip.alias()
            query = query.join(open_plan, JOIN.LEFT_OUTER, on=(
                (open_plan.indicator == Indicator.id) & open_plan.status.not_in(CLOSED)))
            conditions.append(open_plan.indicator.is_null())
        return _where(query, conditions)


CLOSED = [status.value for status in PipStatus if not status.is_open]


def register_selection(include_inactive=False, service_id=None, level=None, rag=None):
    """The PI list's filters."""
    conditions = []
    if not include_inactive:
        conditions.append(Indicator.active == True)  # noqa: E712 (an SQL comparison)
    if service_id is not None:
        conditions.append(Indicator.service == service_id)
    if level is not None:
        conditions.append(Indicator.level == level)
    if rag is None:
        return Selection(conditions)
    # A PI with no standing yet (none should be without one) is listed as Not rated.
    return Selection([*conditions, rated(rag)], JOIN.LEFT_OUTER if Rag(rag) is Rag.NOT_RATED else JOIN.INNER)


def exceptions_selection():
    """The exceptions (PRODUCT §2.3): active PIs that need attention and have no Draft or Live plan."""
    return Selection([Standing.needs_attention == True], JOIN.INNER, without_open_plan=True)  # noqa: E712


def rated(rag):
    """A condition: the PI's standing is `rag` (a PI with no standing yet is Not rated)."""
    if Rag(rag) is Rag.NOT_RATED:
        return (Standing.rag == rag) | Standing.rag.is_null()
    return Standing.rag == rag


def list_page(selection, number, per_page=PER_PAGE):
    """A page of the PIs selected, by service then code, each with where it stands: a count, the
    page's rows, and (only when the page has PIs with no score) this year's targets."""
    page = page_of(selection.pis().count(), number, lambda start, size: _listed(selection, start, size), per_page)
    _add_this_years_targets(page.items)
    return page


def _listed(selection, start, size):
    # The page's PIs are picked first, then only they are joined to their standing, score and target.
    ids = selection.pis(Indicator.id, in_order=True).limit(size).offset(start)
    query = (Indicator.select(*_ROW_COLUMNS, *_POSITION_COLUMNS).join(Service)
             .switch(Indicator).join(Standing, JOIN.LEFT_OUTER)
             .join(Score, JOIN.LEFT_OUTER, on=(Score.id == Standing.latest_score))
             .switch(Standing).join(Target, JOIN.LEFT_OUTER, on=(Target.id == Standing.target))
             .where(Indicator.id.in_(ids)).order_by(Service.name, Indicator.code))
    rows = []
    for (id_, code, name, level, unit, places, polarity, tolerance, kind, frequency, active, service, service_name,
         rag, trend, trend_year, score_id, period_end, value, target) in query.tuples():
        latest = Reading(period_end, value, score_id) if score_id is not None else None
        position = Listed(latest, target, financial_year(period_end) if latest else None, rag or Rag.NOT_RATED,
                          trend, trend_year)
        rows.append(RegisterRow(id_, code, name, level, unit, places, polarity, tolerance, kind, frequency,
                                bool(active), service, service_name, position))
    return rows


def _where(query, conditions):
    return query.where(*conditions) if conditions else query


def _add_this_years_targets(rows):
    """A PI with no score is not rated; the list shows it beside the target for the financial year we
    are in, which is the one thing in a list that depends on today's date, so it is read here."""
    waiting = [row for row in rows if row.position.latest is None]
    if not waiting:
        return
    this_year = financial_year(date.today())
    targets = current_targets([Indicator.id.in_([row.id for row in waiting])],
                              {row.id: this_year for row in waiting})
    for row in waiting:
        row.position.target, row.position.target_year = targets.get(row.id), this_year


# ---------------------------------------------------------------------------------------------
# A PI's page


@dataclass(slots=True)
class TargetYear:
    """Every target version for one financial year, newest first; the first is the current one."""

    year: int
    versions: list = field(default_factory=list)

    @property
    def label(self):
        return financial_year_label(self.year)

    @property
    def current(self):
        return self.versions[0]


@dataclass(slots=True)
class ScoreLine:
    """A score as its history shows it: rated against the current target for its financial year."""

    score: Score
    target: float | None
    rag: Rag


@dataclass(slots=True)
class IndicatorPage:
    indicator: Indicator
    position: Position
    target_years: list
    scores: list


def find_indicator(indicator_id):
    """The PI with its service, or None."""
    return (Indicator.select(Indicator, Service).join(Service)
            .where(Indicator.id == indicator_id).get_or_none())


def indicator_page(indicator_id):
    """Everything a PI's page shows, in three queries; None when there is no such PI."""
    indicator = find_indicator(indicator_id)
    if indicator is None:
        return None
    years = target_years(indicator)
    current = {year.year: year.current.value for year in years}
    scores = list(
        Score.select(Score, User).join(User, JOIN.LEFT_OUTER, on=(Score.recorded_by == User.id))
        .where(Score.indicator == indicator).order_by(Score.period_end.desc()))
    lines = [_line(indicator, score, current) for score in scores]
    return IndicatorPage(indicator, _position(indicator, scores, current), years, lines)


def score_line(indicator, score_id):
    """One line of a PI's score history, or None when the score is not this PI's."""
    score = (Score.select(Score, User).join(User, JOIN.LEFT_OUTER, on=(Score.recorded_by == User.id))
             .where((Score.id == score_id) & (Score.indicator == indicator.id)).get_or_none())
    if score is None:
        return None
    year = financial_year(score.period_end)
    target = current_targets([Indicator.id == indicator.id], {indicator.id: year}).get(indicator.id)
    return ScoreLine(score, target, rate_score(indicator, score.value, target))


def target_years(indicator):
    """Every target version of the PI, by financial year, newest year first."""
    versions = (
        Target.select(Target, User, Meeting, Body)
        .join(User, JOIN.LEFT_OUTER, on=(Target.set_by == User.id))
        .switch(Target).join(Meeting, JOIN.LEFT_OUTER).join(Body, JOIN.LEFT_OUTER)
        .where(Target.indicator == indicator)
        .order_by(Target.financial_year.desc(), Target.set_at.desc(), Target.id.desc()))
    years = []
    for version in versions:
        if not years or years[-1].year != version.financial_year:
            years.append(TargetYear(version.financial_year))
        years[-1].versions.append(version)
    return years


def _line(indicator, score, current_targets_by_year):
    target = current_targets_by_year.get(financial_year(score.period_end))
    return ScoreLine(score, target, rate_score(indicator, score.value, target))


def _position(indicator, scores, current_targets_by_year):
    """The PI's position from its scores, newest first."""
    readings = {score.period_end: Reading(score.period_end, score.value) for score in scores}
    latest = previous = year_ago = None
    if scores:
        latest = readings[scores[0].period_end]
        previous_day, year_ago_day = comparison_days(latest.period_end, indicator.frequency)
        previous, year_ago = readings.get(previous_day), readings.get(year_ago_day)
    year = financial_year(latest.period_end if latest else date.today())
    return assess(indicator, latest, previous, year_ago, current_targets_by_year.get(year), year)
