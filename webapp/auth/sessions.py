"""Server-side records of sign-ins, so that a cookie can be refused after sign-out.

The cookie carries a random token; the database keeps only its SHA-256. A request's user is
found from that record, which also enforces the idle and absolute timeouts and the user's
active flag: signing out, disabling a user or a timeout takes effect on the very next request.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_login import login_user
from peewee import SQL, SqliteDatabase, fn

from webapp.domain.browsers import browser_words
from webapp.domain.session_time import session_end
from webapp.models import SignInSession, User, UserRole, UserService, database, utcnow
from webapp.models.people import ADDRESS_LENGTH, BROWSER_LENGTH
from webapp.models.reading import CompiledQuery, model_from

# Writing last_seen_at on every request would make every page a write; a minute's slack is plenty.
TOUCH_INTERVAL = timedelta(minutes=1)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user, browser="", address=""):
    """A new sign-in of `user` on the server, made from `browser` (in words) at `address`; its token."""
    token = secrets.token_urlsafe(32)
    SignInSession.create(
        token_hash=_hash(token), user=user, browser=browser[:BROWSER_LENGTH], address=(address or "")[:ADDRESS_LENGTH]
    )
    user.session_token = token
    return token


def begin_signed_in_session(user):
    """Sign `user` in on this browser: a new session (nothing carries over from before), its record on the
    server, and a cookie that lasts the absolute timeout. Password and single sign-on both end here."""
    session.clear()
    end_timed_out_sessions(current_app.config["SESSION_IDLE_TIMEOUT"], current_app.config["SESSION_ABSOLUTE_TIMEOUT"])
    start_session(user, browser_words(request.user_agent.string), request.remote_addr)
    login_user(user)
    session.permanent = True


def end_timed_out_sessions(idle_timeout, absolute_timeout):
    """Delete the records of everyone's sessions that timed out and were not used again, which would
    otherwise keep their browser and address: one statement, at each sign-in."""
    now = utcnow()
    SignInSession.delete().where(
        (SignInSession.created_at < now - absolute_timeout) | (SignInSession.last_seen_at < now - idle_timeout)
    ).execute()


def end_session(token):
    if token:
        SignInSession.delete().where(SignInSession.token_hash == _hash(token)).execute()


def end_all_sessions(user):
    SignInSession.delete().where(SignInSession.user == user).execute()


def end_other_sessions(user, token):
    """Every sign-in of `user` but the one holding `token` (docs/users-and-permissions.md#your-account).
    Returns how many ended."""
    return (
        SignInSession.delete()
        .where(SignInSession.user == user, SignInSession.token_hash != _hash(token or ""))
        .execute()
    )


def active_sessions(user, idle_timeout, absolute_timeout, token=None):
    """The sign-ins of `user` still open, newest first, each marked `current` when it holds `token`."""
    now = utcnow()
    rows = list(
        SignInSession.select(
            SignInSession.id,
            SignInSession.token_hash,
            SignInSession.created_at,
            SignInSession.last_seen_at,
            SignInSession.browser,
            SignInSession.address,
        )
        .where(
            SignInSession.user == user,
            SignInSession.created_at > now - absolute_timeout,
            SignInSession.last_seen_at > now - idle_timeout,
        )
        .order_by(SignInSession.created_at.desc(), SignInSession.id.desc())
    )
    mine = _hash(token) if token else None
    for row in rows:
        row.current = row.token_hash == mine
    return rows


def load_session_user(token, idle_timeout, absolute_timeout, touch=True):
    """The active user signed in with `token`, or None when the session is gone or expired. Its use is
    noted (at most once a minute) unless `touch` is false: asking when the session ends is not using it.
    The user carries when the session began (`signed_in_at`) and when it will end (`session_end`)."""
    if not token:
        return None
    row = _LOOKUP.row(_hash(token))
    if row is None:
        return None
    session_id, created_at, last_seen_at, *columns, roles, services = row
    user = model_from(User, columns)
    user.known_roles(_listed(roles), [int(service) for service in _listed(services)])
    now = utcnow()
    expired = now - created_at > absolute_timeout or now - last_seen_at > idle_timeout
    if expired or not user.active:
        SignInSession.delete().where(SignInSession.id == session_id).execute()
        return None
    if touch and now - last_seen_at > TOUCH_INTERVAL:
        SignInSession.update(last_seen_at=now).where(SignInSession.id == session_id).execute()
        last_seen_at = now
    user.session_token = token
    user.signed_in_at = created_at
    user.session_end = session_end(created_at, last_seen_at, idle_timeout, absolute_timeout)
    return user


def stay_signed_in(user, idle_timeout, absolute_timeout):
    """Note that `user` is using their session now (the warning's "Stay signed in"); when it now ends."""
    now = utcnow()
    SignInSession.update(last_seen_at=now).where(SignInSession.token_hash == _hash(user.session_token)).execute()
    user.session_end = session_end(user.signed_in_at, now, idle_timeout, absolute_timeout)
    return user.session_end


def _listed(text):
    return text.split(",") if text else []


def _lookup(token_hash):
    """The sign-in lookup: one statement gives the session, the user, and the user's roles and services
    (each as a list joined with commas), since every request needs all of them. Compiled once per kind
    of database (the two spell the joining aggregate differently); the row is read afresh on every request.
    """
    if isinstance(database.obj, SqliteDatabase):
        joined = fn.GROUP_CONCAT
    else:

        def joined(column):
            return fn.string_agg(column.cast("text"), SQL("','"))

    roles = UserRole.select(joined(UserRole.role)).where(UserRole.user == User.id)
    services = UserService.select(joined(UserService.service)).where(UserService.user == User.id)
    return (
        SignInSession.select(
            SignInSession.id,
            SignInSession.created_at,
            SignInSession.last_seen_at,
            User,
            roles.alias("roles"),
            services.alias("services"),
        )
        .join(User)
        .where(SignInSession.token_hash == token_hash)
    )


_LOOKUP = CompiledQuery(_lookup, "")  # "" stands for the token's hash while it is compiled
