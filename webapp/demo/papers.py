"""Demo committee papers (docs/meetings-and-papers.md#meetings-and-committee-papers, docs/command-line.md#commands): the
last Audit and Performance Committee's, published, with
one plan noted and one referred to the Development Committee, which has decided on it; and a draft for
the next meeting with several plans on its agenda."""

from datetime import datetime, time, timedelta

from webapp.domain.bodies import BodyKind
from webapp.domain.referrals import DecisionKind, Outcome
from webapp.models import AgendaItem, AgendaPip, Body, Meeting, PapersVersion, Pip, PipChange, PresentedPlan
from webapp.papers.item import add_plan, entries, publish
from webapp.papers.referrals import record_decision, record_outcome
from webapp.papers.risk_rows import add_default_risks
from webapp.pips.printed import restored, stored

from .meetings import minute_reference
from .organisation import COUNCIL

CONTACT = "Tom Hughes, Performance Officer, 01632 960123"


def _a_and_p(condition, newest_first):
    order = Meeting.date.desc() if newest_first else Meeting.date
    return (
        Meeting.select()
        .join(Body)
        .where((Body.kind == BodyKind.AUDIT_AND_PERFORMANCE) & condition)
        .order_by(order)
        .first()
    )


def _item(meeting, number):
    item = AgendaItem.create(meeting=meeting, item_number=number, contact_officer=CONTACT)
    add_default_risks(item)  # as a cover report the clerk saves starts (docs/meetings-and-papers.md#the-risk-table)
    return item


def _plans(*codes):
    found = {pip.pi_code: pip for pip in Pip.select().where(Pip.pi_code.in_(codes))}
    return [found[code] for code in codes if code in found]


def write_papers(today, users):
    clerk = users["clerk@example.org"]
    last = _a_and_p(Meeting.date < today, newest_first=True)
    if last is not None:
        item = _item(last, "8")
        for pip in _plans("HS02", "PL01"):
            add_plan(item, pip)
        publish(item, clerk, COUNCIL)
        sent_out = datetime.combine(last.date - timedelta(days=7), time(9, 0))  # a week before, as agendas are
        AgendaItem.update(published_at=sent_out).where(AgendaItem.id == item.id).execute()
        _as_at_publication(item, sent_out)
        _outcomes(last, entries(item), today, clerk)
    upcoming = _a_and_p(Meeting.date >= today, newest_first=False)
    if upcoming is not None:
        item = _item(upcoming, "7")
        for pip in _plans("WR01", "HS02", "PL01", "RB01"):
            add_plan(item, pip)


def _as_at_publication(item, sent_out):
    """The papers as they were when sent out, not as the demo's plans stand when it loads: each plan as
    presented keeps only the progress, comments and scores dated on or before that day, and the status it had
    then (docs/meetings-and-papers.md#as-presented)."""
    PapersVersion.update(issued_at=sent_out).where(PapersVersion.item == item.id).execute()
    presented = list(AgendaPip.select().where(AgendaPip.item == item.id))
    PipChange.update(changed_at=sent_out).where(
        PipChange.pip.in_([entry.pip_id for entry in presented]) & (PipChange.what == "Presented to committee")
    ).execute()
    for entry in presented:
        text = stored(printed_as_at(restored(entry.as_presented), sent_out))
        AgendaPip.update(as_presented=text).where(AgendaPip.id == entry.id).execute()
        PresentedPlan.update(as_presented=text).where(PresentedPlan.entry == entry.id).execute()


def printed_as_at(printed, moment):
    """A printed plan (webapp/pips/printed.py) cut back to what was known at `moment`."""
    day = moment.date().isoformat()
    plan = printed["plan"]
    plan["exported_at"] = moment.isoformat() + "Z"
    plan["progress"] = [entry for entry in plan["progress"] if entry["date"] <= day]
    plan["management_comments"] = [c for c in plan["management_comments"] if c["date"] <= day]
    if plan["status"] == "completed" and not any(entry["final"] for entry in plan["progress"]):
        plan["status"] = "live"
    printed["scores"] = [line for line in printed["scores"] if line["period_end"] <= day]
    details = plan["details"]
    for key in ("score", "last_year_end_score", "score_12_months_ago"):
        if (details[key].get("as_at") or "") > day:
            details[key] = {"value": None, "as_at": None}
    if details["score"]["as_at"] is None and printed["scores"]:
        latest = printed["scores"][-1]
        details["score"] = {"value": latest["value"], "as_at": latest["period_end"]}
    printed["last_update"] = max((entry["date"] for entry in plan["progress"]), default=None)
    return printed


def _outcomes(meeting, presented, today, clerk):
    """HS02 noted; PL01 referred, and decided on by the next Development Committee if it has met since."""
    by_code = {entry.pip.pi_code: entry for entry in presented}
    minute = minute_reference(meeting.body.name, meeting.date, 8)
    if "HS02" in by_code:
        record_outcome(by_code["HS02"], meeting, Outcome.NOTED, None, "", minute, clerk)
    if "PL01" not in by_code:
        return
    development = Body.get(Body.name == "Development Committee")
    record_outcome(
        by_code["PL01"],
        meeting,
        Outcome.REFERRED,
        development,
        "Members consider the 13-week target unachievable for major schemes without a second "
        "principal planning officer.",
        minute,
        clerk,
    )
    decided_at = (
        Meeting.select()
        .where((Meeting.body == development) & (Meeting.date > meeting.date) & (Meeting.date < today))
        .order_by(Meeting.date)
        .first()
    )
    if decided_at is not None:
        decided_at.body = development
        record_decision(
            by_code["PL01"],
            decided_at,
            {
                "minute_reference": minute_reference(development.name, decided_at.date, 6),
                "kind": DecisionKind.ADDITIONAL_RESOURCES,
                "target_value": None,
                "target_from": None,
                "amount": 25000,
                "description": "A principal planning officer shared with a neighbouring council, "
                "to be considered in the budget round.",
            },
            clerk,
        )
