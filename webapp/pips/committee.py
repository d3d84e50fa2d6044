"""What committees did with a plan: where it was presented on published papers, the outcome there
(noted, or referred to a policy committee) and any policy committee's decision
(docs/meetings-and-papers.md#meetings-and-committee-papers).
Recorded by the clerk in webapp/papers; read here for the plan's page."""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from peewee import JOIN

from webapp.domain.dates import uk_date
from webapp.domain.referrals import DecisionKind, Outcome
from webapp.domain.units import format_value
from webapp.models import AgendaItem, AgendaPip, Body, Meeting, ReferralDecision
from webapp.models.reading import CompiledQuery


def decisions_for(entries):
    """{entry id: its decision, with the meeting and body} for the plans on some papers (one query)."""
    if not entries:
        return {}
    return {
        d.entry_id: d
        for d in ReferralDecision.select(ReferralDecision, Meeting, Body)
        .join(Meeting)
        .join(Body)
        .where(ReferralDecision.entry.in_([e.id for e in entries]))
    }


def describe_decision(decision, indicator):
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


@dataclass(slots=True, frozen=True)
class CommitteeLine:
    """One meeting the plan was presented to on published papers, what it did, and any decision of
    the policy committee it referred the plan to. Its dates are typed as `datetime.date`: the field
    `date` (the meeting's, as the plan's page reads it) would hide a bare `date` from the fields after it."""

    meeting_id: int
    committee: str
    date: datetime.date
    outcome: Outcome | None
    referred_to: str | None
    reason: str
    minute_reference: str
    decided_by: str | None
    decided_on: datetime.date | None
    decision: str  # in words, or "" when there is none


def committee_record(pip_id, indicator):
    """The plan's CommitteeLines, oldest first, in one query (compiled once, like the plan's own)."""
    lines = []
    for (
        meeting_id,
        committee,
        on,
        outcome,
        referred_to,
        reason,
        minute,
        decided_by,
        decided_on,
        kind,
        target_value,
        target_from,
        amount,
        description,
        decision_minute,
    ) in _PRESENTED.rows(pip_id):
        decision = (
            ""
            if kind is None
            else describe_decision(
                SimpleNamespace(
                    kind=kind,
                    target_value=target_value,
                    target_from=target_from,
                    amount=amount,
                    description=description,
                    minute_reference=decision_minute,
                ),
                indicator,
            )
        )
        lines.append(
            CommitteeLine(
                meeting_id, committee, on, outcome, referred_to, reason, minute, decided_by, decided_on, decision
            )
        )
    return lines


def _presented(pip_id):
    referred, decided_at, deciding_body = Body.alias(), Meeting.alias(), Body.alias()
    return (
        AgendaPip.select(
            Meeting.id,
            Body.name,
            Meeting.date,
            AgendaPip.outcome,
            referred.name,
            AgendaPip.referral_reason,
            AgendaPip.minute_reference,
            deciding_body.name,
            decided_at.date,
            ReferralDecision.kind,
            ReferralDecision.target_value,
            ReferralDecision.target_from,
            ReferralDecision.amount,
            ReferralDecision.description,
            ReferralDecision.minute_reference,
        )
        .join(AgendaItem)
        .join(Meeting)
        .join(Body)
        .switch(AgendaPip)
        .join(referred, JOIN.LEFT_OUTER, on=(AgendaPip.referred_to == referred.id))
        .switch(AgendaPip)
        .join(ReferralDecision, JOIN.LEFT_OUTER, on=(ReferralDecision.entry == AgendaPip.id))
        .join(decided_at, JOIN.LEFT_OUTER, on=(ReferralDecision.meeting == decided_at.id))
        .join(deciding_body, JOIN.LEFT_OUTER, on=(decided_at.body == deciding_body.id))
        .where((AgendaPip.pip == pip_id) & AgendaItem.published_at.is_null(False))
        .order_by(Meeting.date, AgendaPip.id)
    )


_PRESENTED = CompiledQuery(_presented, 0)  # 0 stands for the plan's id while it is compiled
