"""Recording what the A&P Committee did with a plan presented to it, and a policy committee's decision
on a referral (docs/meetings-and-papers.md#meetings-and-committee-papers). Each is one transaction, and each plan's
History says what happened.
Amending the target adds a new target version to the PI; the old one is kept (docs/rating.md#indicators)."""

from webapp.domain.periods import financial_year
from webapp.domain.pips import CommentRole
from webapp.domain.referrals import DecisionKind, Outcome
from webapp.indicators import standings
from webapp.models import AgendaPip, ManagementComment, PipChange, ReferralDecision, Target, database, utcnow
from webapp.notifications import outbox
from webapp.pips import edits
from webapp.pips.committee import describe_decision

from .item import entries


class DecisionRecorded(Exception):
    """The policy committee has decided: the outcome that led to it no longer changes."""


def presented_entry(item, entry_id):
    """A plan on published papers, with its PIP, PI and service; None when not on this item."""
    return next((entry for entry in entries(item) if entry.id == entry_id), None)


def decision_for(entry):
    return ReferralDecision.get_or_none(ReferralDecision.entry == entry)


def _history(entry, user, what, after, moment):
    PipChange.create(
        pip=entry.pip_id,
        changed_by=user,
        changed_at=moment,
        version=entry.pip.version,
        subject="committee",
        what=what,
        after=after[:2000],
    )


def record_outcome(entry, meeting, outcome, referred_to, reason, minute_reference, user):
    """Notes the plan, or refers it to `referred_to` (a policy committee Body) with a reason."""
    outcome = Outcome(outcome)
    with database.atomic():
        if decision_for(entry) is not None:
            raise DecisionRecorded()
        referred = outcome is Outcome.REFERRED
        (
            AgendaPip.update(
                outcome=outcome,
                referred_to=referred_to.id if referred else None,
                referral_reason=reason if referred else "",
                minute_reference=minute_reference,
                outcome_by=user,
            )
            .where(AgendaPip.id == entry.id)
            .execute()
        )
        said = f"Referred to {referred_to.name}: {reason}" if referred else "Noted"
        minute = f" (minute {minute_reference})" if minute_reference else ""
        _history(entry, user, f"Outcome at {meeting}", said + minute, utcnow())
        if referred and (entry.outcome is not Outcome.REFERRED or entry.referred_to_id != referred_to.id):
            outbox.plan_referred(entry.pip, meeting, referred_to, user)  # the clerks hear of a new referral


def record_decision(entry, meeting, values, user):
    """Records the policy committee's decision; (a) also sets the PI's new target for the financial year
    the new target applies from, citing the meeting and minute."""
    kind = DecisionKind(values["kind"])
    values = {
        **values,  # only what this kind of decision states
        "target_value": values["target_value"] if kind is DecisionKind.AMEND_TARGET else None,
        "target_from": values["target_from"] if kind is DecisionKind.AMEND_TARGET else None,
        "amount": values["amount"] if kind is DecisionKind.ADDITIONAL_RESOURCES else None,
    }
    moment = utcnow()
    with database.atomic():
        if decision_for(entry) is not None:
            raise DecisionRecorded()
        target = None
        if kind is DecisionKind.AMEND_TARGET:
            reason = f"Referral decision of {meeting}, minute {values['minute_reference']}"
            target = Target.create(
                indicator=entry.pip.indicator_id,
                financial_year=financial_year(values["target_from"]),
                value=values["target_value"],
                reason=reason,
                rationale=values["description"],
                meeting=meeting,
                minute_reference=values["minute_reference"],
                set_by=user,
                set_at=moment,
            )
            standings.refresh([entry.pip.indicator_id])
        decision = ReferralDecision.create(
            entry=entry, meeting=meeting, target=target, recorded_by=user, recorded_at=moment, **values
        )
        _history(entry, user, f"Decision of {meeting}", describe_decision(decision, entry.pip.indicator), moment)
    return decision


def members_comments_at(meeting, pip_ids):
    """{PIP id: [Members comments citing `meeting`]}, oldest first, in one statement."""
    found = {pip_id: [] for pip_id in pip_ids}
    query = (
        ManagementComment.select()
        .where(
            ManagementComment.pip.in_(list(found))
            & (ManagementComment.meeting == meeting.id)
            & (ManagementComment.role == CommentRole.MEMBERS)
        )
        .order_by(ManagementComment.made_on, ManagementComment.id)
    )
    for comment in query if found else ():
        found[comment.pip_id].append(comment)
    return found


def _outcome_changes(entry, outcome, referred_to, reason, minute_reference):
    referred = Outcome(outcome) is Outcome.REFERRED
    wanted = (Outcome(outcome), referred_to.id if referred else None, reason if referred else "", minute_reference)
    return wanted != (entry.outcome, entry.referred_to_id, entry.referral_reason or "", entry.minute_reference or "")


def record_meeting(entry, meeting, outcome, comment, user, form_token=None):
    """The meeting's record of one plan presented (docs/meetings-and-papers.md#the-meetings-record), in one
    transaction: the outcome, when given and changed (`outcome`: the arguments of record_outcome after the
    meeting, or None once a decision fixed it), and the Members' comments (`comment`: author and text, or
    None), added to Section 5 through the plan's own write (webapp/pips/edits/comments.py) citing the meeting
    and the minute: as an addendum on a plan completed since. The same form sent again (`form_token`) adds
    its comments once (AlreadyAdded, and nothing of this record is written twice)."""
    with database.atomic():
        if outcome is not None and _outcome_changes(entry, **outcome):
            record_outcome(entry, meeting, user=user.id, **outcome)
        if comment is None:
            return None
        values = {
            "role": CommentRole.MEMBERS,
            "author": comment["author"],
            "made_on": meeting.date,
            "meeting": meeting,
            "minute_reference": comment["minute_reference"],
            "text": comment["text"],
        }
        return edits.add_comment(entry.pip_id, user, values, {}, form_token=form_token)
