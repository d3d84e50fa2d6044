"""E-mail notifications (docs/notifications.md): the kinds, who receives each, what each person may switch off,
the reminder schedule, the weekly digest and the sender's back-off. Plain values only: the tables are in
webapp/models/notifications.py and the sending in webapp/notifications/."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from .roles import Role
from .words import Word


class Kind(Word):
    """What a notification is about, in the order the preferences page and a digest list them."""

    PLAN_SUBMITTED = "plan_submitted"
    CMT_DECISION = "cmt_decision"
    UPDATE_DUE = "update_due"
    UPDATE_OVERDUE = "update_overdue"
    UPDATE_ESCALATED = "update_escalated"
    PAPERS_PUBLISHED = "papers_published"
    REFERRAL = "referral"
    PLAN_COMPLETED = "plan_completed"

    @property
    def label(self) -> str:
        return {
            "plan_submitted": "A plan is submitted",
            "cmt_decision": "CMT decides on a plan's solutions",
            "update_due": "A progress update is due in 7 days",
            "update_overdue": "A progress update is overdue",
            "update_escalated": "A progress update is long overdue (escalation)",
            "papers_published": "Committee papers are published",
            "referral": "A plan is referred to a policy committee",
            "plan_completed": "A plan is completed",
        }[self.value]

    @property
    def action(self) -> str:
        """What the person receiving it is asked to do."""
        return {
            "plan_submitted": "Read the plan and record CMT's decision on its proposed solutions.",
            "cmt_decision": "Read the decision; propose a new solution for any that was not approved.",
            "update_due": "Add a progress update to the plan by the date it is due.",
            "update_overdue": "Add a progress update to the plan now.",
            "update_escalated": "Ask the Head of Service for the plan's progress update.",
            "papers_published": "Read the papers before the meeting.",
            "referral": "Put the plan on the policy committee's agenda and record its decision.",
            "plan_completed": "Read the plan's final progress update.",
        }[self.value]


class Delivery(Word):
    """How a person wants a kind of notification."""

    AT_ONCE = "at_once"
    DIGEST = "digest"
    OFF = "off"

    @property
    def label(self) -> str:
        return {"at_once": "At once", "digest": "In a weekly digest", "off": "Off"}[self.value]


class MailStatus(Word):
    WAITING = "waiting"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"waiting": "Waiting", "sent": "Sent", "failed": "Failed"}[self.value]


# Kinds sent to people by role, whatever the plan's service.
ROLE_RECIPIENTS: Mapping[Kind, frozenset[Role]] = {
    Kind.PLAN_SUBMITTED: frozenset({Role.CMT}),
    Kind.UPDATE_ESCALATED: frozenset({Role.PERFORMANCE, Role.CMT}),
    Kind.PAPERS_PUBLISHED: frozenset({Role.MEMBER}),
    Kind.REFERRAL: frozenset({Role.CLERK}),
    Kind.PLAN_COMPLETED: frozenset({Role.CMT, Role.PERFORMANCE}),
}
# Of those the role gives, only the Members who sit on the meeting's committee.
FOR_THE_COMMITTEE = frozenset({Kind.PAPERS_PUBLISHED})
# Kinds sent to the Heads of Service of the plan's service.
FOR_HEADS_OF_SERVICE = frozenset({Kind.CMT_DECISION, Kind.UPDATE_DUE, Kind.UPDATE_OVERDUE})

# Escalations, and a Head of Service's own overdue updates, cannot be switched off.
ALWAYS_SENT = frozenset({Kind.UPDATE_OVERDUE, Kind.UPDATE_ESCALATED})
DEFAULT_DELIVERY = Delivery.AT_ONCE

# A progress update is announced this many days before it is due.
DUE_NOTICE_DAYS = 7
# Overdue this many days, an update is escalated (REMINDER_ESCALATION_DAYS overrides it).
DEFAULT_ESCALATION_DAYS = 14

# The weekly digest goes out on the first run of the week from this day (0 is Monday).
DIGEST_WEEKDAY = 0

# The sender's back-off: a minute after the first failure, doubling, at most an hour; failed after so many tries.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
MAX_ATTEMPTS = 10


def kinds_for(roles: Iterable[Role]) -> list[Kind]:
    """The kinds a person with `roles` may receive, in order: what their preferences page offers."""
    held = frozenset(roles)
    return [
        kind
        for kind in Kind
        if (kind in FOR_HEADS_OF_SERVICE and Role.HEAD_OF_SERVICE in held) or held & ROLE_RECIPIENTS.get(kind, set())
    ]


def deliveries_for(kind: Kind) -> list[Delivery]:
    """The choices a person has for `kind`: 'Off' only for what may be switched off."""
    return [d for d in Delivery if not (d is Delivery.OFF and kind in ALWAYS_SENT)]


def delivery(kind: Kind, chosen: Delivery | None) -> Delivery:
    """How `kind` reaches a person who chose `chosen` (None: never chose). A choice that is no longer
    allowed (Off for an escalation) counts as the default."""
    if chosen is None or chosen not in deliveries_for(kind):
        return DEFAULT_DELIVERY
    return chosen


def reminders_due(due: date | None, today: date, escalation_days: int) -> list[Kind]:
    """The reminders a Live plan whose next progress update is due on `due` has coming `today`: due within
    DUE_NOTICE_DAYS (up to and including the due day), overdue from the day after, and escalated once
    overdue `escalation_days` days. Each is sent once per due date (the caller records it), so a run that
    missed a day catches up on the next."""
    if due is None:
        return []
    if today <= due:
        return [Kind.UPDATE_DUE] if (due - today).days <= DUE_NOTICE_DAYS else []
    kinds = [Kind.UPDATE_OVERDUE]
    if days_overdue(due, today) >= escalation_days:
        kinds.append(Kind.UPDATE_ESCALATED)
    return kinds


def days_overdue(due: date, today: date) -> int:
    return max((today - due).days, 0)


def week_start(today: date) -> date:
    """The latest DIGEST_WEEKDAY on or before `today`."""
    return today - timedelta(days=(today.weekday() - DIGEST_WEEKDAY) % 7)


def digest_due(oldest_waiting: date, today: date) -> bool:
    """A person's digest goes once the oldest notice in it has waited over the start of a week: on the
    first run from Monday, or the next day the command runs when Monday's run was missed."""
    return oldest_waiting < week_start(today)


T = TypeVar("T")


@dataclass(frozen=True)
class DigestGroup(Generic[T]):
    kind: Kind
    items: tuple[T, ...]


def group_digest(items: Sequence[tuple[Kind, T]]) -> list[DigestGroup[T]]:
    """A digest's notices grouped by kind in Kind's order, each group in the order given."""
    return [
        DigestGroup(kind, tuple(item for item_kind, item in items if item_kind is kind))
        for kind in Kind
        if any(item_kind is kind for item_kind, _ in items)
    ]


def retry_delay(attempts: int) -> timedelta:
    """How long to wait before trying again a mail that has failed `attempts` times."""
    delay: timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(delay, LONGEST_RETRY)


def gives_up(attempts: int) -> bool:
    return attempts >= MAX_ATTEMPTS


def plan_title(pi_code: str, pi_name: str) -> str:
    """All of a plan a message carries: its PI's code and name (intranet mail gets forwarded)."""
    return f"{pi_code} {pi_name}".strip()


def subject(kind: Kind, facts: Mapping[str, str]) -> str:
    """A notice's subject line, from the facts the notice keeps, on one line (a header cannot hold a line break)."""
    title = facts.get("title", "")
    words = {
        Kind.PLAN_SUBMITTED: f"Plan submitted for a CMT decision: {title}",
        Kind.CMT_DECISION: f"CMT decision on solutions: {title}",
        Kind.UPDATE_DUE: f"Progress update due {facts.get('due', '')}: {title}",
        Kind.UPDATE_OVERDUE: f"Progress update overdue: {title}",
        Kind.UPDATE_ESCALATED: f"Escalation, progress update {facts.get('days_overdue', '')} days overdue: {title}",
        Kind.PAPERS_PUBLISHED: f"Committee papers published: {facts.get('meeting', '')}",
        Kind.REFERRAL: f"Plan referred to {facts.get('body', 'a policy committee')}: {title}",
        Kind.PLAN_COMPLETED: f"Plan completed: {title}",
    }[kind]
    return " ".join(words.split())


def sentence(kind: Kind, facts: Mapping[str, str]) -> str:
    """What happened, in one sentence."""
    title = facts.get("title", "")
    return {
        Kind.PLAN_SUBMITTED: f"The Performance Improvement Plan for {title} was submitted and is now Live.",
        Kind.CMT_DECISION: f"CMT recorded a decision on the solutions of the plan for {title}: "
        f"{facts.get('decisions', '')}.",
        Kind.UPDATE_DUE: f"The next progress update on the plan for {title} is due on {facts.get('due', '')}.",
        Kind.UPDATE_OVERDUE: f"The progress update on the plan for {title} was due on {facts.get('due', '')} "
        "and has not been added.",
        Kind.UPDATE_ESCALATED: f"The progress update on the plan for {title} was due on {facts.get('due', '')}: "
        f"it is {facts.get('days_overdue', '')} days overdue.",
        Kind.PAPERS_PUBLISHED: f"The Performance Improvement Plans papers for {facts.get('meeting', '')} "
        "were published.",
        Kind.REFERRAL: f"At {facts.get('meeting', '')}, the plan for {title} was referred to "
        f"{facts.get('body', 'a policy committee')}.",
        Kind.PLAN_COMPLETED: f"The Performance Improvement Plan for {title} was completed.",
    }[kind]


def digest_subject(count: int) -> str:
    return f"Your weekly summary: {count} notification{'' if count == 1 else 's'}"
