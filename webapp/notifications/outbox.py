"""Writing notifications (docs/notifications.md#nothing-lost-nothing-sent-twice): each event's notices and
mail go into the outbox inside the transaction of the change that causes them, so a change rolled back
leaves no mail behind and a change made always has its mail. The senders are webapp/notifications/sending.py
and webapp/notifications/reminders.py."""

import json
from datetime import datetime, time

from peewee import fn

from webapp.core.pagination import page_of
from webapp.domain import notifications as rules
from webapp.domain.dates import uk_date
from webapp.domain.notifications import Delivery, Kind, MailStatus
from webapp.domain.roles import Role
from webapp.models import (
    CommitteeSeat,
    Notice,
    NotificationPreference,
    OutboxMail,
    User,
    UserRole,
    UserService,
    database,
)


class NotInTransaction(RuntimeError):
    """The outbox is written only inside the change's own transaction."""


def people_with_roles(roles, committee_id=None):
    """Active users holding any of `roles`, each once; only those who sit on the committee `committee_id`, if given."""
    people = User.select(User.id, User.email, User.name).where(
        User.active,
        User.id.in_(UserRole.select(UserRole.user).where(UserRole.role.in_([Role(r).value for r in roles]))),
    )
    if committee_id is not None:
        seated = CommitteeSeat.select(CommitteeSeat.user).where(CommitteeSeat.body == committee_id)
        people = people.where(User.id.in_(seated))
    return list(people.order_by(User.id))


def heads_of_service(service_id):
    """The active Heads of Service of the service."""
    return list(
        User.select(User.id, User.email, User.name)
        .where(
            User.active,
            User.id.in_(UserService.select(UserService.user).where(UserService.service == service_id)),
            User.id.in_(UserRole.select(UserRole.user).where(UserRole.role == Role.HEAD_OF_SERVICE.value)),
        )
        .order_by(User.id)
    )


def recipients(kind, service_id=None, actor=None, committee_id=None):
    """Who receives `kind`: by role (for papers, the Members of the meeting's committee `committee_id`), or the
    plan's Heads of Service; never the person who made the change."""
    if kind in rules.FOR_HEADS_OF_SERVICE:
        people = heads_of_service(service_id)
    elif kind in rules.FOR_THE_COMMITTEE:
        if committee_id is None:
            raise ValueError(f"{kind} goes to a committee's Members: name the committee")
        people = people_with_roles(rules.ROLE_RECIPIENTS[kind], committee_id)
    else:
        people = people_with_roles(rules.ROLE_RECIPIENTS[kind])
    actor_id = getattr(actor, "id", actor)
    return [person for person in people if person.id != actor_id]


def choices_of(user_ids, kind):
    """{user id: Delivery} for those of `user_ids` who chose how to receive `kind`."""
    if not user_ids:
        return {}
    query = NotificationPreference.select(NotificationPreference.user, NotificationPreference.delivery).where(
        NotificationPreference.user.in_(list(user_ids)), NotificationPreference.kind == kind
    )
    return {row.user_id: row.delivery for row in query}


def notify(kind, people, facts, at=None):
    """Write `kind`'s notice for each of `people` (users with id and email), as each chose: a mail in the
    outbox now, a line for their weekly digest, or nothing. Must run inside the change's transaction.
    `at` stamps the notices (now by default). Returns the number of notices written."""
    if not database.in_transaction():
        raise NotInTransaction("Notifications are written in the transaction of the change that causes them")
    kind = Kind(kind)
    facts = {name: str(value) for name, value in facts.items()}
    subject = rules.subject(kind, facts)[:300]
    chosen = choices_of([person.id for person in people], kind)
    written = 0
    for person in people:
        how = rules.delivery(kind, chosen.get(person.id))
        if how is Delivery.OFF:
            continue
        mail = None
        if how is Delivery.AT_ONCE:
            mail = OutboxMail.create(user=person.id, to_address=person.email, subject=subject)
        Notice.create(
            user=person.id,
            kind=kind,
            subject=subject,
            facts=json.dumps(facts, sort_keys=True),
            digest=how is Delivery.DIGEST,
            mail=mail,
            **({"created_at": at} if at else {}),
        )
        written += 1
    return written


def _plan_facts(pip, **more):
    return {"title": rules.plan_title(pip.pi_code, pip.pi_name), "pip_id": pip.id, **more}


# The events, each called from the one write path that makes the change (docs/notifications.md#the-kinds).


def plan_submitted(pip, actor):
    """webapp/pips/edits/lifecycle.py, submit: to CMT."""
    notify(Kind.PLAN_SUBMITTED, recipients(Kind.PLAN_SUBMITTED, actor=actor), _plan_facts(pip))


def plan_completed(pip, actor):
    """webapp/pips/edits/lifecycle.py, complete: to CMT and the performance officers."""
    notify(Kind.PLAN_COMPLETED, recipients(Kind.PLAN_COMPLETED, actor=actor), _plan_facts(pip))


def cmt_decision(pip, actor, decisions):
    """webapp/pips/edits/comments.py: a CMT comment's decisions changed, to the plan's Heads of Service.
    `decisions` is in words ('Approved S1; Not approved S2'): references, never the solutions' text."""
    people = recipients(Kind.CMT_DECISION, pip.service_id, actor)
    notify(Kind.CMT_DECISION, people, _plan_facts(pip, decisions=decisions))


def papers_published(meeting, actor):
    """webapp/papers/item.py, publish: to the Members who sit on the meeting's committee."""
    facts = {"meeting": str(meeting), "meeting_id": meeting.id}
    notify(Kind.PAPERS_PUBLISHED, recipients(Kind.PAPERS_PUBLISHED, actor=actor, committee_id=meeting.body_id), facts)


def plan_referred(pip, meeting, body, actor):
    """webapp/papers/referrals.py, record_outcome: a plan referred to a policy committee, to the clerks."""
    facts = _plan_facts(pip, meeting=str(meeting), meeting_id=meeting.id, body=body.name)
    notify(Kind.REFERRAL, recipients(Kind.REFERRAL, actor=actor), facts)


def update_reminder(kind, pip, due, today):
    """webapp/notifications/reminders.py: a progress update due, overdue or escalated."""
    facts = _plan_facts(pip, due=uk_date(due), days_overdue=rules.days_overdue(due, today))
    # Stamped with the day it was worked out for, which the weekly digest goes by.
    return notify(kind, recipients(kind, pip.service_id), facts, at=datetime.combine(today, time()))


# Each person's choices (the preferences page).


def preferences_of(user_id, kinds):
    """{kind: Delivery} for each of `kinds`, the default where the person never chose."""
    chosen = {
        row.kind: row.delivery
        for row in NotificationPreference.select().where(
            NotificationPreference.user == user_id, NotificationPreference.kind.in_([k.value for k in kinds])
        )
    }
    return {kind: rules.delivery(kind, chosen.get(kind)) for kind in kinds}


def save_preferences(user_id, wanted):
    """Keep `wanted` ({kind: Delivery}) as the person's choices, in one transaction. A choice the kind does
    not allow (Off for an escalation) is kept as the default."""
    with database.atomic():
        NotificationPreference.delete().where(
            NotificationPreference.user == user_id, NotificationPreference.kind.in_([k.value for k in wanted])
        ).execute()
        rows = [
            {"user": user_id, "kind": kind, "delivery": rules.delivery(kind, Delivery(how))}
            for kind, how in wanted.items()
        ]
        if rows:
            NotificationPreference.insert_many(rows).execute()


# The outbox page (administrators).


def outbox_counts():
    """{MailStatus: how many}."""
    counts = dict(OutboxMail.select(OutboxMail.status, fn.COUNT(OutboxMail.id)).group_by(OutboxMail.status).tuples())
    return {status: counts.get(status.value, 0) for status in MailStatus}


def outbox_page(status, number):
    """A page of the outbox, newest first, of one status or all."""
    query = OutboxMail.select().order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    if status is not None:
        query = query.where(OutboxMail.status == status)
    return page_of(query.count(), number, lambda start, size: list(query.offset(start).limit(size)))
