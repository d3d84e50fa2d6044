"""The PI list and the exceptions: a page at a time, filtered and paged by the database on each PI's
Standing, so a page costs the same for 100 or 5,000 PIs (docs/quality.md). The values shown come from the
score and target rows the standing names."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import JOIN, fn

from webapp.core.pagination import PER_PAGE, page_of
from webapp.domain.periods import Frequency, financial_year
from webapp.domain.pips import PipStatus
from webapp.domain.positions import Position, Reading
from webapp.domain.rating import Polarity, Rag, ToleranceKind
from webapp.domain.units import Level, Unit
from webapp.domain.work import score_due_period_end
from webapp.models import Indicator, Pip, Score, Service, Standing, Target

from .readings import current_targets, where_all


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
    tolerance: Decimal
    tolerance_kind: ToleranceKind
    frequency: Frequency
    active: bool
    service_id: int
    service_name: str
    position: Position | None = None


_ROW_COLUMNS = (
    Indicator.id,
    Indicator.code,
    Indicator.name,
    Indicator.level,
    Indicator.unit,
    Indicator.decimal_places,
    Indicator.polarity,
    Indicator.tolerance,
    Indicator.tolerance_kind,
    Indicator.frequency,
    Indicator.active,
    Service.id,
    Service.name,
)
_POSITION_COLUMNS = (
    Standing.rag,
    Standing.trend,
    Standing.trend_year,
    Score.id,
    Score.period_end,
    Score.value,
    Target.value,
)


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
            query = (
                Service.select(*columns)
                .join(Indicator, JOIN.CROSS)
                .where(Indicator.service == Service.id)
                .order_by(Service.name, Indicator.code)
                .switch(Indicator)
            )
        else:
            query = Indicator.select(*columns)
        if self.standing:
            query = query.join(Standing, self.standing).switch(Indicator)
        conditions = list(self.conditions)
        if self.without_open_plan:
            # An anti-join: each PI seeks its open plan (there is at most one) in the plans' (indicator,
            # status) index, read alone: asked as "not closed", one seek a PI rather than one a status.
            open_plan = Pip.alias()
            query = query.join(
                open_plan, JOIN.LEFT_OUTER, on=((open_plan.indicator == Indicator.id) & open_plan.status.not_in(CLOSED))
            )
            conditions.append(open_plan.indicator.is_null())
        return where_all(query, conditions)


CLOSED = [status.value for status in PipStatus if not status.is_open]


# The register's gaps a performance officer fills (docs/your-work.md#performance-officer), as the PI list filters them.
NO_SCORE, NO_TARGET = "no_score", "no_target"


def missing_score(today):
    """A condition: the PI has no score for the last period due by `today` for its frequency (its standing,
    joined left: a PI with none has no score at all)."""
    condition = None
    for frequency in Frequency:
        due = Standing.latest_period_end.is_null() | (
            Standing.latest_period_end < score_due_period_end(frequency, today)
        )
        this = (Indicator.frequency == frequency.value) & due
        condition = this if condition is None else (condition | this)
    return condition


def missing_target(today):
    """A condition: the PI has no target for the financial year of `today`."""
    year = financial_year(today)
    return ~fn.EXISTS(
        Target.select(Target.id).where((Target.indicator == Indicator.id) & (Target.financial_year == year))
    )


def register_selection(include_inactive=False, service_id=None, level=None, rag=None, gap=None, today=None):
    """The PI list's filters; `gap` (NO_SCORE or NO_TARGET) the PIs missing this period's score or this year's
    target, as Your work counts them."""
    conditions = []
    standing = None
    if not include_inactive:
        conditions.append(Indicator.active == True)  # noqa: E712 (an SQL comparison)
    if service_id is not None:
        conditions.append(Indicator.service == service_id)
    if level is not None:
        conditions.append(Indicator.level == level)
    if gap == NO_SCORE:
        conditions.append(missing_score(today or date.today()))
        standing = JOIN.LEFT_OUTER
    elif gap == NO_TARGET:
        conditions.append(missing_target(today or date.today()))
    if rag is not None:
        # A PI with no standing yet (none should be without one) is listed as Not rated.
        conditions.append(rated(rag))
        if standing is None:
            standing = JOIN.LEFT_OUTER if Rag(rag) is Rag.NOT_RATED else JOIN.INNER
    return Selection(conditions, standing)


def exceptions_selection():
    """The exceptions (docs/rating.md#exceptions): active PIs that need attention and have no Draft or Live plan."""
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


def every_row(selection):
    """Every PI selected, by service then code, each with where it stands, in three queries however many
    (the register's downloads)."""
    rows = _listed(selection, 0, None)
    _add_this_years_targets(rows)
    return rows


def _listed(selection, start, size):
    # The page's PIs are picked first, then only they are joined to their standing, score and target.
    ids = selection.pis(Indicator.id, in_order=True).limit(size).offset(start)
    query = (
        Indicator.select(*_ROW_COLUMNS, *_POSITION_COLUMNS)
        .join(Service)
        .switch(Indicator)
        .join(Standing, JOIN.LEFT_OUTER)
        .join(Score, JOIN.LEFT_OUTER, on=(Score.id == Standing.latest_score))
        .switch(Standing)
        .join(Target, JOIN.LEFT_OUTER, on=(Target.id == Standing.target))
        .where(Indicator.id.in_(ids))
        .order_by(Service.name, Indicator.code)
    )
    rows = []
    count = len(_ROW_COLUMNS)
    for values in query.tuples():
        row, (rag, trend, trend_year, score_id, period_end, value, target) = values[:count], values[count:]
        latest = Reading(period_end, value, score_id) if score_id is not None else None
        year = financial_year(period_end) if latest else None
        position = Position(latest, target, year, rag or Rag.NOT_RATED, trend, trend_year)
        rows.append(RegisterRow(*row, position=position))
    return rows


def _add_this_years_targets(rows):
    """A PI with no score is not rated; the list shows it beside the target for the financial year we
    are in, which is the one thing in a list that depends on today's date, so it is read here."""
    waiting = [row for row in rows if row.position.latest is None]
    if not waiting:
        return
    this_year = financial_year(date.today())
    targets = current_targets([Indicator.id.in_([row.id for row in waiting])], {row.id: this_year for row in waiting})
    for row in waiting:
        row.position.target, row.position.target_year = targets.get(row.id), this_year
