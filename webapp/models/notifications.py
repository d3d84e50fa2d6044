"""Notifications (docs/notifications.md): each person's choices, the notices they are sent, the outbox of mail
waiting to go, and the reminders already sent."""

import peewee

from webapp.domain.notifications import Delivery, Kind, MailStatus

from .base import BaseModel, EnumField, utcnow
from .people import User
from .pips import Pip


class NotificationPreference(BaseModel):
    """How one person wants one kind of notification; no row means the default (at once)."""

    user = peewee.ForeignKeyField(User, backref="notification_preferences", on_delete="CASCADE")
    kind = EnumField(Kind)
    delivery = EnumField(Delivery)

    class Meta:
        indexes = ((("user", "kind"), True),)


class OutboxMail(BaseModel):
    """One e-mail to one address, written in the same transaction as the change that causes it and sent by
    `flask send-mail`. A sender claims a row (claimed_by, until claimed_until) before sending it, so two
    senders never send the same mail; a failure leaves it waiting until next_try_at."""

    user = peewee.ForeignKeyField(User, null=True, backref="mail", on_delete="SET NULL")
    to_address = peewee.CharField(max_length=254)
    subject = peewee.CharField(max_length=300)
    digest = peewee.BooleanField(default=False)
    status = EnumField(MailStatus, default=MailStatus.WAITING)
    created_at = peewee.DateTimeField(default=utcnow)
    attempts = peewee.IntegerField(default=0)
    next_try_at = peewee.DateTimeField(default=utcnow)
    claimed_by = peewee.CharField(max_length=36, null=True)
    claimed_until = peewee.DateTimeField(null=True)
    sent_at = peewee.DateTimeField(null=True)
    last_error = peewee.TextField(default="")

    class Meta:
        # A sender asks for the waiting mail whose time has come, oldest first.
        indexes = ((("status", "next_try_at"), False),)


class Notice(BaseModel):
    """One notification to one person: sent in its own mail (mail set at once), or waiting for their weekly
    digest (digest true, mail set when the digest is made). `facts` is JSON: the plan's title and the few
    words the message needs, never more of the plan."""

    user = peewee.ForeignKeyField(User, backref="notices", on_delete="CASCADE")
    kind = EnumField(Kind)
    subject = peewee.CharField(max_length=300)
    facts = peewee.TextField()
    created_at = peewee.DateTimeField(default=utcnow)
    digest = peewee.BooleanField(default=False)
    mail = peewee.ForeignKeyField(OutboxMail, null=True, backref="notices", on_delete="SET NULL")

    class Meta:
        indexes = ((("digest", "mail", "user"), False),)


class SentReminder(BaseModel):
    """A progress-update reminder worked out once for a plan's due date: `flask send-reminders` adds a
    row before it writes the notices, so running it again sends nothing new."""

    pip = peewee.ForeignKeyField(Pip, backref="reminders", on_delete="CASCADE")
    kind = EnumField(Kind)
    due_on = peewee.DateField()
    sent_on = peewee.DateField()

    class Meta:
        indexes = ((("pip", "kind", "due_on"), True),)
