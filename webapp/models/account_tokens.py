"""The links mailed to set a password (docs/users-and-permissions.md#invitations-and-forgotten-passwords).

The link carries a random token made when its mail is made; only its SHA-256 is kept here, so nobody who
reads the database can follow a link. A row is written, without a token yet, in the same transaction as
the mail waiting in the outbox."""

import peewee

from webapp.domain.account_links import Purpose

from .base import BaseModel, EnumField, utcnow
from .notifications import OutboxMail
from .people import User


class AccountToken(BaseModel):
    user = peewee.ForeignKeyField(User, backref="account_tokens", on_delete="CASCADE")
    purpose = EnumField(Purpose)
    token_hash = peewee.CharField(max_length=64, unique=True, null=True)
    mail = peewee.ForeignKeyField(OutboxMail, null=True, backref="account_tokens", on_delete="SET NULL")
    created_at = peewee.DateTimeField(default=utcnow)
    expires_at = peewee.DateTimeField(null=True)
    used_at = peewee.DateTimeField(null=True)

    class Meta:
        indexes = ((("user", "purpose"), False),)
