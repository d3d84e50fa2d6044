"""Server-side records of sign-ins, so that a cookie can be refused after sign-out.

The cookie carries a random token; the database keeps only its SHA-256. A request's user is
found from that record, which also enforces the idle and absolute timeouts and the user's
active flag: signing out, disabling a user or a timeout takes effect on the very next request.
"""
import hashlib
import secrets
from datetime import timedelta

from webapp.models import SignInSession, User, utcnow

# Writing last_seen_at on every request would make every page a write; a minute's slack is plenty.
TOUCH_INTERVAL = timedelta(minutes=1)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user):
    token = secrets.token_urlsafe(32)
    SignInSession.create(token_hash=_hash(token), user=user)
    user.session_token = token
    return token


def end_session(token):
    if token:
        SignInSession.delete().where(SignInSession.token_hash == _hash(token)).execute()


def end_all_sessions(user):
    SignInSession.delete().where(SignInSession.user == user).execute()


def load_session_user(token, idle_timeout, absolute_timeout):
    """The active user signed in with `token`, or None when the session is gone or expired."""
    if not token:
        return None
    record = (
        SignInSession.select(SignInSession, User)
        .join(User)
        .where(SignInSession.token_hash == _hash(token))
        .first()
    )
    if record is None:
        return None
    now = utcnow()
    expired = now - record.created_at > absolute_timeout or now - record.last_seen_at > idle_timeout
    if expired or not record.user.active:
        record.delete_instance()
        return None
    if now - record.last_seen_at > TOUCH_INTERVAL:
        SignInSession.update(last_seen_at=now).where(SignInSession.id == record.id).execute()
    user = record.user
    user.session_token = token
    return user
