"""Server-side records of sign-ins, so that a cookie can be refused after sign-out.

The cookie carries a random token; the database keeps only its SHA-256. A request's user is
found from that record, which also enforces the idle and absolute timeouts and the user's
active flag: signing out, disabling a user or a timeout takes effect on the very next request.
"""
import hashlib
import secrets
from datetime import timedelta
from functools import cache

from peewee import SQL, SqliteDatabase, fn

from webapp.models import SignInSession, User, UserRole, UserService, database, utcnow
from webapp.models.reading import converted, converter, execute

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
    sql, converters = _lookup_sql(type(database.obj))
    row = execute(database.obj, sql, (_hash(token),)).fetchone()
    if row is None:
        return None
    session_id, created_at, last_seen_at, *columns, roles, services = converted(converters, row)
    user = User(**dict(zip(_USER_FIELDS, columns)))
    user.known_roles(_listed(roles), [int(service) for service in _listed(services)])
    now = utcnow()
    expired = now - created_at > absolute_timeout or now - last_seen_at > idle_timeout
    if expired or not user.active:
        SignInSession.delete().where(SignInSession.id == session_id).execute()
        return None
    if now - last_seen_at > TOUCH_INTERVAL:
        SignInSession.update(last_seen_at=now).where(SignInSession.id == session_id).execute()
    user.session_token = token
    return user


_USER_FIELDS = tuple(field.name for field in User._meta.sorted_fields)


def _listed(text):
    return text.split(",") if text else []


@cache
def _lookup_sql(database_class):
    """The SQL of the sign-in lookup, and how to read its columns, built once per kind of database.

    One statement gives the session, the user, and the user's roles and services (each as a list
    joined with commas), since every request needs all of them. Peewee takes far longer to build the
    query than the database takes to answer it, so only the text is kept: the row is read afresh on
    every request.
    """
    if issubclass(database_class, SqliteDatabase):
        joined = fn.GROUP_CONCAT
    else:
        def joined(column):
            return fn.string_agg(column.cast("text"), SQL("','"))
    roles = UserRole.select(joined(UserRole.role)).where(UserRole.user == User.id)
    services = UserService.select(joined(UserService.service)).where(UserService.user == User.id)
    query = (SignInSession.select(SignInSession.id, SignInSession.created_at, SignInSession.last_seen_at, User,
                                  roles.alias("roles"), services.alias("services"))
             .join(User).where(SignInSession.token_hash == ""))
    converters = tuple(converter(column) for column in query.selected_columns[:-2]) + (None, None)
    sql, params = query.sql()
    if params != [""]:
        raise ValueError(f"The sign-in lookup must have the token's hash as its only parameter, not {params}")
    return sql, converters
