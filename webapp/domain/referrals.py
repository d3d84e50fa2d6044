"""What the Audit and Performance Committee did with each plan presented to it, and what a policy
committee decided on a plan referred to it (docs/meetings-and-papers.md#meetings-and-committee-papers)."""

from collections.abc import Collection
from datetime import date
from decimal import Decimal

from .dates import uk_date_with_weekday
from .periods import financial_year, financial_year_label
from .pips import CommentRole, PipStatus
from .target_rules import target_years
from .words import Word


class Outcome(Word):
    NOTED = "noted"
    REFERRED = "referred"

    @property
    def label(self) -> str:
        return "Noted" if self is Outcome.NOTED else "Referred to a policy committee"


class DecisionKind(Word):
    """The four decisions a policy committee can take on a referred plan
    (docs/meetings-and-papers.md#referrals-and-decisions)."""

    AMEND_TARGET = "amend_target"
    ADDITIONAL_RESOURCES = "additional_resources"
    STILL_ACHIEVABLE = "still_achievable"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "amend_target": "(a) Amend the performance target",
            "additional_resources": "(b) Consider additional resources",
            "still_achievable": "(c) The target is still achievable within the current budget",
            "other": "(d) Another decision",
        }[self.value]


def missing_for_outcome(outcome: Outcome | str, referred_to: object, reason: str | None) -> list[tuple[str, str]]:
    """What an outcome still needs, as (field, message) pairs: a referral names the committee and why."""
    if Outcome(outcome) is not Outcome.REFERRED:
        return []
    missing: list[tuple[str, str]] = []
    if not referred_to:
        missing.append(("referred_to", "Choose the policy committee the plan is referred to"))
    if not (reason or "").strip():
        missing.append(("reason", "Enter why the plan is referred"))
    return missing


def missing_for_decision(
    kind: DecisionKind | str,
    target_value: Decimal | None,
    target_from: date | None,
    amount: Decimal | None,
    description: str | None,
    today: date | None = None,
) -> list[tuple[str, str]]:
    """What a decision still needs: (a) a new target and the date it applies from, in a financial year a
    target may be set for (webapp/domain/target_rules.py, as the PI's target form offers them), (b) the
    amount and what it is for, (d) what was decided."""
    kind = DecisionKind(kind)
    missing: list[tuple[str, str]] = []
    if kind is DecisionKind.AMEND_TARGET:
        if target_value is None:
            missing.append(("target_value", "Enter the new target"))
        if target_from is None:
            missing.append(("target_from", "Enter the date the new target applies from"))
        elif today is not None and financial_year(target_from) not in (years := target_years(today)):
            first, last = financial_year_label(years[-1]), financial_year_label(years[0])
            missing.append(("target_from", f"The new target must apply from a day in {first} to {last}"))
    if kind is DecisionKind.ADDITIONAL_RESOURCES:
        if amount is None:
            missing.append(("amount", "Enter the amount of the additional resources"))
        if not (description or "").strip():
            missing.append(("description", "Describe the additional resources"))
    if kind is DecisionKind.OTHER and not (description or "").strip():
        missing.append(("description", "Describe the decision"))
    return missing


def held_by(meeting_date: date, today: date) -> bool:
    """A committee's outcome or decision is recorded once the meeting has been held: on its day or later."""
    return meeting_date <= today


def not_held_yet(what: str, meeting_date: date, today: date) -> str | None:
    """Why `what` ("the outcome", "the decision") cannot be recorded yet, or None when it can: a meeting
    still to come has decided nothing (docs/meetings-and-papers.md#outcomes)."""
    if held_by(meeting_date, today):
        return None
    return (
        f"The meeting is on {uk_date_with_weekday(meeting_date)}: {what} can be recorded from that day, "
        "once the meeting has been held"
    )


ADDENDUM = "Addendum after completion"


def members_addendum(
    status: PipStatus | str, role: CommentRole | str, meeting_id: int | None, presented_at: Collection[int]
) -> bool:
    """A Completed plan is a record and takes no change until reopened, but for one thing: the Members'
    comments of a meeting it was presented at, recorded after it completed, as an addendum in its history
    (docs/meetings-and-papers.md#the-meetings-record). A Withdrawn plan takes none."""
    return (
        PipStatus(status) is PipStatus.COMPLETED
        and CommentRole(role) is CommentRole.MEMBERS
        and meeting_id is not None
        and meeting_id in presented_at
    )


def addendum_roles(
    status: PipStatus | str, roles: Collection[CommentRole], presented_at: Collection[int]
) -> list[CommentRole]:
    """The comment roles a closed plan still takes, of those the user may record: Members, on a Completed plan
    presented at some meeting (see members_addendum)."""
    if PipStatus(status) is not PipStatus.COMPLETED or not presented_at:
        return []
    return [role for role in roles if role is CommentRole.MEMBERS]
