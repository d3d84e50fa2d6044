"""The printed plan: a PIP as a Word paper prints it, as plain data (the contract in webapp/exports/pip_docx.py).

It is read from the database here; the builders in webapp/exports never touch it. Publishing committee
papers stores each printed plan as JSON (AgendaPip.as_presented), so a meeting's papers always print what
was presented.
"""

import json
from decimal import Decimal

from webapp.exports.pip_json import json_text, plan_to_json
from webapp.indicators.pi_page import indicator_page

from .interchange import plain_plan
from .store import load_plan
from .store_many import load_plans, score_histories

CHART_SCORES = 36  # three years of monthly scores


def _iso(day):
    return day.isoformat() if day else None


def _word(value):
    return None if value is None else value.value


def printed_plan(plan, moment):
    """The printed plan of a loaded Plan (webapp.pips.store) at `moment`, with where its PI stands now."""
    page = indicator_page(plan.pip.indicator_id)
    lines = [(line.score.period_end, line.score.value, line.target) for line in page.scores[:CHART_SCORES]]
    return _printed(plan, page.indicator, page.position, lines, moment)


def load_printed_plan(pip_id, moment):
    """The printed plan of a PIP as it stands now; 404 when there is no such PIP."""
    return printed_plan(load_plan(pip_id), moment)


def load_printed_plans(pip_ids, moment):
    """The printed plans of several PIPs as they stand now, in the order asked, in nine queries however
    many plans (committee papers, docs/quality.md); 404 when one does not exist."""
    plans = load_plans(pip_ids)
    histories = score_histories(list({plan.pip.indicator_id: plan.pip.indicator for plan in plans}.values()))
    printed = []
    for plan in plans:
        history = histories[plan.pip.indicator_id]
        lines = [(line.period_end, line.value, line.target) for line in history.lines[:CHART_SCORES]]
        printed.append(_printed(plan, plan.pip.indicator, history.position, lines, moment))
    return printed


def _printed(plan, indicator, position, lines, moment):
    """`lines` are the PI's latest scores, newest first, as (period end, value, target)."""
    return {
        "plan": plan_to_json(plain_plan(plan), moment),
        "indicator": {
            "decimal_places": indicator.decimal_places,
            "tolerance": indicator.tolerance,
            "tolerance_kind": indicator.tolerance_kind.value,
        },
        "position": {"rag": position.rag.value, "direction": _word(position.trend)},
        "last_update": _iso(max((p.made_on for p in plan.progress), default=None)),
        "overdue": plan.overdue,
        "scores": [
            {"period_end": period_end.isoformat(), "value": value, "target": target}
            for period_end, value, target in reversed(lines)
        ],
        # When a plan was completed or withdrawn, and why it was withdrawn (printed by pip_docx).
        "closed": {"on": _iso(plan.pip.closed_on), "reason": plan.pip.closing_reason or ""},
    }


def stored(printed):
    """A printed plan as the database keeps it: its numbers exact (README, "Exact numbers")."""
    return json_text(printed, sort_keys=True)


def restored(text):
    return json.loads(text, parse_float=Decimal)
