"""Reminders and digests (docs/notifications.md#reminders-and-digests): `flask send-reminders`, run daily.

Each Live plan's next progress update is worked out as the plan page does (webapp/domain/progress.py); the
domain's schedule says which reminders fall due today. Each reminder is recorded (SentReminder, unique per
plan, kind and due date) in the transaction that writes its notices, so running the command twice a day,
or two at once, sends nothing new. Digests collect a person's waiting notices into one mail once a week."""

from dataclasses import dataclass

from peewee import IntegrityError, fn

from webapp.domain import notifications as rules
from webapp.domain.pips import PipStatus
from webapp.domain.progress import next_update_due
from webapp.models import Indicator, Notice, OutboxMail, Pip, ProgressUpdate, SentReminder, User, database

from . import outbox


@dataclass
class Reminded:
    """What one run worked out: reminders recorded, notices written for them, digests made."""

    reminders: int = 0
    notices: int = 0
    digests: int = 0


def live_plans():
    """Every Live plan with its PI's frequency and the date of its last progress update (two queries)."""
    plans = list(
        Pip.select(Pip.id, Pip.pi_code, Pip.pi_name, Pip.service, Pip.went_live_on, Indicator.frequency)
        .join(Indicator)
        .where(Pip.status == PipStatus.LIVE.value)
        .order_by(Pip.id)
    )
    last = {
        pip_id: ProgressUpdate.made_on.python_value(made_on)
        for pip_id, made_on in ProgressUpdate.select(ProgressUpdate.pip, fn.MAX(ProgressUpdate.made_on))
        .where(ProgressUpdate.pip.in_([plan.id for plan in plans]))
        .group_by(ProgressUpdate.pip)
        .tuples()
    }
    return [(plan, next_update_due(plan.indicator.frequency, last.get(plan.id), plan.went_live_on)) for plan in plans]


def already_sent(plan_ids):
    query = SentReminder.select(SentReminder.pip, SentReminder.kind, SentReminder.due_on).where(
        SentReminder.pip.in_(plan_ids)
    )
    return {(row.pip_id, row.kind, row.due_on) for row in query}


def remind(plan, kind, due, today):
    """Record the reminder and write its notices in one transaction; 0 when it was recorded already
    (by another run a moment ago: the unique index says so)."""
    try:
        with database.atomic():
            SentReminder.create(pip=plan.id, kind=kind, due_on=due, sent_on=today)
            return outbox.update_reminder(kind, plan, due, today)
    except IntegrityError:
        return None


def send_reminders(today, escalation_days, done=None):
    """The reminders due today, then the digests due today."""
    done = done or Reminded()
    plans = live_plans()
    sent = already_sent([plan.id for plan, _ in plans])
    for plan, due in plans:
        for kind in rules.reminders_due(due, today, escalation_days):
            if (plan.id, kind, due) in sent:
                continue
            written = remind(plan, kind, due, today)
            if written is not None:
                done.reminders += 1
                done.notices += written
    done.digests = make_digests(today)
    return done


class _Taken(Exception):
    """Another run made this person's digest a moment ago."""


def make_digests(today):
    """One mail for each active person whose oldest waiting digest notice has waited over the start of a week
    (webapp/domain/notifications.py, digest_due). Returns how many were made."""
    oldest = fn.MIN(Notice.created_at)
    waiting = (
        Notice.select(Notice.user, oldest.alias("oldest"))
        .join(User)
        .where(Notice.digest, Notice.mail.is_null(), User.active)
        .group_by(Notice.user)
        .tuples()
    )
    made = 0
    for user_id, first in list(waiting):
        if not rules.digest_due(Notice.created_at.python_value(first).date(), today):
            continue
        try:
            with database.atomic():
                user = User.get_by_id(user_id)
                mail = OutboxMail.create(user=user, to_address=user.email, subject="", digest=True)
                count = (
                    Notice.update(mail=mail)
                    .where(Notice.user == user_id, Notice.digest, Notice.mail.is_null())
                    .execute()
                )
                if not count:
                    raise _Taken()
                OutboxMail.update(subject=rules.digest_subject(count)).where(OutboxMail.id == mail.id).execute()
        except _Taken:
            continue
        made += 1
    return made
