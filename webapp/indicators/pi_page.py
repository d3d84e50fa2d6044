"""Everything a PI's page shows: the PI, where it stands, its target versions by financial year and its
score history, each score rated against the current target for its year."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from peewee import JOIN

from webapp.domain.periods import financial_year, financial_year_label
from webapp.domain.positions import Position, Reading, assess, comparison_days, rate_score
from webapp.domain.rating import Rag
from webapp.models import Body, Indicator, Meeting, Score, Service, Target, User

from .readings import current_targets


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
    target: Decimal | None
    rag: Rag


@dataclass(slots=True)
class IndicatorPage:
    indicator: Indicator
    position: Position
    target_years: list
    scores: list


def find_indicator(indicator_id):
    """The PI with its service, or None."""
    return Indicator.select(Indicator, Service).join(Service).where(Indicator.id == indicator_id).get_or_none()


def indicator_page(indicator_id):
    """Everything a PI's page shows, in three queries; None when there is no such PI."""
    indicator = find_indicator(indicator_id)
    if indicator is None:
        return None
    years = target_years(indicator)
    current = {year.year: year.current.value for year in years}
    scores = list(
        Score.select(Score, User)
        .join(User, JOIN.LEFT_OUTER, on=(Score.recorded_by == User.id))
        .where(Score.indicator == indicator)
        .order_by(Score.period_end.desc())
    )
    lines = [_line(indicator, score, current) for score in scores]
    return IndicatorPage(indicator, _position(indicator, scores, current), years, lines)


def score_line(indicator, score_id):
    """One line of a PI's score history, or None when the score is not this PI's."""
    score = (
        Score.select(Score, User)
        .join(User, JOIN.LEFT_OUTER, on=(Score.recorded_by == User.id))
        .where((Score.id == score_id) & (Score.indicator == indicator.id))
        .get_or_none()
    )
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
        .switch(Target)
        .join(Meeting, JOIN.LEFT_OUTER)
        .join(Body, JOIN.LEFT_OUTER)
        .where(Target.indicator == indicator)
        .order_by(Target.financial_year.desc(), Target.set_at.desc(), Target.id.desc())
    )
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
