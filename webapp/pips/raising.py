"""Raising a PIP from a PI, with Section 1 filled in from the register (docs/plans.md#the-plan)."""

import peewee

from webapp.domain.periods import add_months, financial_year, previous_year_end, year_end
from webapp.domain.pips import PipStatus
from webapp.models import Pip, PipChange, Score, Target, database


class PlanAlreadyOpen(Exception):
    def __init__(self, pip):
        super().__init__(f"PIP {pip.id} is already open for this PI")
        self.pip = pip


def open_plan_for(indicator):
    """The PI's Draft or Live PIP, if it has one."""
    return (
        Pip.select()
        .where((Pip.indicator == indicator) & Pip.status.in_([PipStatus.DRAFT.value, PipStatus.LIVE.value]))
        .first()
    )


def register_details(indicator):
    """Section 1 as the register has it now: the latest score, the target for that score's financial
    year (as at the year end), the score at the previous 31 March and the score 12 months earlier."""
    details = {
        "pi_code": indicator.code,
        "pi_name": indicator.name,
        "pi_description": indicator.description,
        "target_value": None,
        "target_as_at": None,
        "score_value": None,
        "score_as_at": None,
        "last_year_end_value": None,
        "last_year_end_as_at": None,
        "score_12_months_ago_value": None,
        "score_12_months_ago_as_at": None,
    }
    latest = Score.select().where(Score.indicator == indicator).order_by(Score.period_end.desc()).first()
    if latest is None:
        return details
    year = financial_year(latest.period_end)
    details.update(score_value=latest.value, score_as_at=latest.period_end)
    target = (
        Target.select()
        .where((Target.indicator == indicator) & (Target.financial_year == year))
        .order_by(Target.id.desc())
        .first()
    )
    if target is not None:
        details.update(target_value=target.value, target_as_at=year_end(year))
        details["comments"] = target.rationale
    year_end_day, year_ago = previous_year_end(latest.period_end), add_months(latest.period_end, -12)
    earlier = {
        s.period_end: s.value
        for s in Score.select().where((Score.indicator == indicator) & Score.period_end.in_([year_end_day, year_ago]))
    }
    if year_end_day in earlier:
        details.update(last_year_end_value=earlier[year_end_day], last_year_end_as_at=year_end_day)
    if year_ago in earlier:
        details.update(score_12_months_ago_value=earlier[year_ago], score_12_months_ago_as_at=year_ago)
    return details


def raise_plan(indicator, user, today, author=None):
    """A new Draft PIP for `indicator`; PlanAlreadyOpen when it has a Draft or Live one."""
    existing = open_plan_for(indicator)
    if existing is not None:
        raise PlanAlreadyOpen(existing)
    details = register_details(indicator)
    try:
        with database.atomic():
            pip = Pip.create(
                indicator=indicator,
                service=indicator.service_id,
                author=author or user.name,
                raised_on=today,
                created_by=user,
                **details,
            )
            PipChange.create(
                pip=pip,
                changed_by=user,
                version=pip.version,
                subject="status",
                what="Plan raised",
                after=PipStatus.DRAFT.label,
            )
            return pip
    except peewee.IntegrityError:
        # Someone raised one in the same moment: the partial unique index refused ours.
        raise PlanAlreadyOpen(open_plan_for(indicator)) from None
