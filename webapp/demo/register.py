"""The PI register of the demo council: indicators, versioned targets and three years of scores."""

import random
from datetime import date, datetime, time, timedelta

from peewee import chunked

from webapp.domain.periods import add_months, financial_year, latest_period_end, period_ends
from webapp.indicators import standings
from webapp.models import Indicator, Score, Target

from . import series
from .catalogue import INDICATORS, TARGET_CHANGE

SEED = "Borsetshire"
YEARS_OF_SCORES = 3


def target_years(today):
    """The last three financial years and the current one, oldest first."""
    current = financial_year(today)
    return list(range(current - 3, current + 1))


def score_periods(pi, today):
    """The period ends a PI has scores for, ending at the latest one on or before `today`."""
    months = pi.frequency.months
    count = pi.periods or YEARS_OF_SCORES * 12 // months
    last = latest_period_end(pi.frequency, today)
    return period_ends(pi.frequency, add_months(last, -(count - 1) * months), last)


def current_targets(pi, years, change_year):
    """{financial year: value} of each year's latest target version."""
    values = dict(zip(years, pi.targets))
    if pi.code == TARGET_CHANGE["code"]:
        values[change_year] = TARGET_CHANGE["value"]
    return values


def plan_scores(pi, today, targets):
    """[(period end, value, note)] for one PI: the same for the same `today`."""
    ends = score_periods(pi, today)
    pinned = ()
    finish = pi.finish
    if pi.ending and ends and financial_year(ends[-1]) in targets:
        target = targets[financial_year(ends[-1])]
        width = series.band(target, pi.tolerance, pi.tolerance_kind)
        pinned = [series.at_position(position, target, width, pi.polarity) for position in pi.ending]
        finish = pinned[-1]
    values = series.generate(
        random.Random(f"{SEED}:{pi.code}"),
        ends,
        pi.frequency.months,
        start=pi.start,
        knots=pi.knots,
        finish=finish,
        season=pi.season,
        amplitude=pi.amplitude,
        noise=pi.noise,
        pinned=pinned,
        places=pi.places,
        unit=pi.unit,
    )
    notes = {len(ends) - 1 - back: note for back, note in pi.notes}
    return [(end, value, notes.get(index, "")) for index, (end, value) in enumerate(zip(ends, values))]


def conflicts():
    codes = [pi.code for pi in INDICATORS]
    return [f"indicator {i.code}" for i in Indicator.select(Indicator.code).where(Indicator.code.in_(codes))]


def write_register(today, services, set_by, change_meeting_id, change_date, minute_reference):
    """Indicators, targets (one of them amended at `change_meeting_id`) and scores."""
    years = target_years(today)
    change_year = financial_year(change_date)
    Indicator.insert_many(
        [
            {
                "code": pi.code,
                "name": pi.name,
                "description": pi.description,
                "service": services[pi.service],
                "polarity": pi.polarity,
                "unit": pi.unit,
                "decimal_places": pi.places,
                "frequency": pi.frequency,
                "level": pi.level,
                "tolerance": pi.tolerance,
                "tolerance_kind": pi.tolerance_kind,
                "benchmark_value": pi.benchmark[0] if pi.benchmark else None,
                "benchmark_label": pi.benchmark[1] if pi.benchmark else "",
            }
            for pi in INDICATORS
        ]
    ).execute()
    ids = dict(Indicator.select(Indicator.code, Indicator.id).tuples())

    targets, scores = [], []
    for pi in INDICATORS:
        for year, value in zip(years, pi.targets):
            targets.append(
                {
                    "indicator": ids[pi.code],
                    "financial_year": year,
                    "value": value,
                    "stretch_value": pi.stretch if year == years[-1] else None,
                    "rationale": pi.rationale,
                    "reason": "",
                    "set_by": set_by,
                    "set_at": datetime.combine(date(year, 2, 20), time(10, 0)),  # in the service plan
                    "meeting": None,
                    "minute_reference": "",
                }
            )
            if pi.code == TARGET_CHANGE["code"] and year == change_year:
                targets.append(
                    {
                        **targets[-1],
                        "value": TARGET_CHANGE["value"],
                        "reason": TARGET_CHANGE["reason"],
                        "set_at": datetime.combine(change_date, time(21, 0)),
                        "meeting": change_meeting_id,
                        "minute_reference": minute_reference,
                    }
                )
        for end, value, note in plan_scores(pi, today, current_targets(pi, years, change_year)):
            scores.append(
                {
                    "indicator": ids[pi.code],
                    "period_end": end,
                    "value": value,
                    "note": note,
                    "recorded_by": set_by,
                    "recorded_at": datetime.combine(min(end + timedelta(days=10), today), time(9, 30)),
                }
            )
    Target.insert_many(targets).execute()
    for batch in chunked(scores, 200):
        Score.insert_many(batch).execute()
    standings.refresh(ids.values())
    return ids
