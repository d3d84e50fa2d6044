"""What a Word paper prints, as plain data (the contract in webapp/exports/pip_docx.py).

A PIP's snapshot is built from the database here; the builders in webapp/exports never touch it.
Publishing stores each snapshot as JSON, so a meeting's papers always print what was presented.
"""
import json

from webapp.domain.papers import EDITABLE_SECTIONS
from webapp.exports.pip_json import plan_to_json
from webapp.pips.interchange import plan_snapshot
from webapp.pips.store import load_plan
from webapp.register import indicator_page

CHART_SCORES = 36  # three years of monthly scores


def _iso(day):
    return day.isoformat() if day else None


def _word(value):
    return None if value is None else value.value


def pip_snapshot(plan, moment):
    """The snapshot of a loaded Plan (webapp.pips.store) at `moment`, with where its PI stands now."""
    page = indicator_page(plan.pip.indicator_id)
    indicator = page.indicator
    return {
        "plan": plan_to_json(plan_snapshot(plan), moment),
        "indicator": {"decimal_places": indicator.decimal_places, "tolerance": indicator.tolerance,
                      "tolerance_kind": indicator.tolerance_kind.value},
        "position": {"rag": page.position.rag.value, "direction": _word(page.position.trend)},
        "last_update": _iso(max((p.made_on for p in plan.progress), default=None)),
        "overdue": plan.overdue,
        "scores": [{"period_end": line.score.period_end.isoformat(), "value": line.score.value,
                    "target": line.target} for line in reversed(page.scores[:CHART_SCORES])],
    }


def live_pip_snapshot(pip_id, moment):
    """The snapshot of a PIP as it stands now; 404 when there is no such PIP."""
    return pip_snapshot(load_plan(pip_id), moment)


def stored(snapshot):
    """A snapshot as the database keeps it."""
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


def restored(text):
    return json.loads(text)


def papers_snapshot(item, entries, council, moment):
    """The committee papers for an agenda item: frozen once published, else live and marked draft."""
    if item.published:
        pips = [restored(entry.snapshot) for entry in entries]
        council = item.council
    else:
        pips = [live_pip_snapshot(entry.pip_id, moment) for entry in entries]
    meeting = item.meeting
    return {
        "council": council,
        "committee": meeting.body.name,
        "meeting_date": meeting.date.isoformat(),
        "item_number": item.item_number,
        "title": item.title,
        "report_of": item.report_of,
        "contact_officer": item.contact_officer,
        "sections": {key: getattr(item, key) for key in EDITABLE_SECTIONS},
        "draft": not item.published,
        "pips": pips,
    }
