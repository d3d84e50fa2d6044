"""Sign-in attempts kept for the throttle's window, where every worker and server sees them
(webapp/auth/throttle.py)."""

import peewee

from .base import BaseModel, utcnow


class SignInAttempt(BaseModel):
    """One attempt to sign in: written before the password is checked, deleted when it was right,
    so what stays is the failures (and, for a moment, attempts still being checked)."""

    account = peewee.CharField(max_length=64)  # a keyed hash of the normalised e-mail, never the typed text
    source = peewee.CharField(max_length=64)  # the client's address
    attempted_at = peewee.DateTimeField(default=utcnow, index=True)

    class Meta:
        indexes = ((("account", "attempted_at"), False), (("source", "attempted_at"), False))
