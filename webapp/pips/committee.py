"""What committees did with a plan: where it was presented on published papers, the outcome there
(noted, or referred to a policy committee) and any policy committee's decision (PRODUCT §5).
Recorded by the clerk in webapp/papers; read here for the plan's page."""
from peewee import JOIN

from webapp.domain.referrals import DecisionKind
from webapp.domain.units import format_value
from webapp.models import AgendaItem, AgendaPip, Body, Meeting, ReferralDecision
from webapp.rendering import uk_date


def decisions_for(entries):
    """{entry id: its decision, with the meeting and body} for the plans on some papers (one query)."""
    if not entries:
        return {}
    return {d.entry_id: d for d in ReferralDecision.select(ReferralDecision, Meeting, Body).join(Meeting).join(Body)
            .where(ReferralDecision.entry.in_([e.id for e in entries]))}


def describe(decision, indicator):
    """The decision in a sentence, as a History line or a page shows it."""
    kind = DecisionKind(decision.kind)
    if kind is DecisionKind.AMEND_TARGET:
        value = format_value(decision.target_value, indicator.unit, indicator.decimal_places)
        said = f"Target amended to {value} from {uk_date(decision.target_from)}"
    elif kind is DecisionKind.ADDITIONAL_RESOURCES:
        said = f"Additional resources of {format_value(decision.amount, 'currency', 2)} to be considered"
    elif kind is DecisionKind.STILL_ACHIEVABLE:
        said = "The target is still achievable within the current budget"
    else:
        said = "Other decision"
    details = f": {decision.description}" if decision.description else ""
    return f"{said}{details} (minute {decision.minute_reference})"


def committee_record(pip_id, indicator):
    """Where the plan was presented on published papers, what each committee did and decided, oldest
    first: [(entry with its meeting, body and any committee referred to; its decision, with its
    meeting and body, or None; the decision in words)], in one query."""
    referred, decided_at, deciding_body = Body.alias(), Meeting.alias(), Body.alias()
    presented = (
        AgendaPip.select(AgendaPip, AgendaItem, Meeting, Body, referred, ReferralDecision, decided_at, deciding_body)
        .join(AgendaItem).join(Meeting).join(Body)
        .switch(AgendaPip).join(referred, JOIN.LEFT_OUTER, on=(AgendaPip.referred_to == referred.id))
        .switch(AgendaPip).join(ReferralDecision, JOIN.LEFT_OUTER, on=(ReferralDecision.entry == AgendaPip.id),
                                attr="decision")
        .join(decided_at, JOIN.LEFT_OUTER, on=(ReferralDecision.meeting == decided_at.id), attr="meeting")
        .join(deciding_body, JOIN.LEFT_OUTER, on=(decided_at.body == deciding_body.id), attr="body")
        .where((AgendaPip.pip == pip_id) & AgendaItem.published_at.is_null(False))
        .order_by(Meeting.date, AgendaPip.id))
    record = []
    for entry in presented:
        decision = entry.decision if getattr(entry, "decision", None) and entry.decision.id else None
        record.append((entry, decision, describe(decision, indicator) if decision else ""))
    return record
