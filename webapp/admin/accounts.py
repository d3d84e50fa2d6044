"""Creating users and changing their roles and services: one place for the admin pages and the CLI."""

from webapp.auth.sessions import end_all_sessions
from webapp.models import Service, User, UserRole, UserService, database


class AccountError(ValueError):
    pass


def create_user(email, name, password, roles=(), service_ids=()):
    email = email.strip().lower()
    if User.select().where(User.email == email).exists():
        raise AccountError(f"A user with the email {email} already exists")
    user = User(email=email, name=name.strip())
    user.set_password(password)  # before the transaction: the slow KDF must not hold the write lock
    with database.atomic():
        user.save()
        set_roles(user, roles)
        set_services(user, service_ids)
    return user


def set_roles(user, roles):
    UserRole.delete().where(UserRole.user == user).execute()
    rows = [{"user": user.id, "role": role} for role in sorted(set(roles), key=str)]
    if rows:
        UserRole.insert_many(rows).execute()


def set_services(user, service_ids):
    """The services a Head of Service owns; unknown ids are refused."""
    service_ids = set(service_ids)
    known = {s.id for s in Service.select(Service.id).where(Service.id.in_(service_ids))} if service_ids else set()
    if known != service_ids:
        raise AccountError("Unknown service")
    UserService.delete().where(UserService.user == user).execute()
    if service_ids:
        UserService.insert_many([{"user": user.id, "service": sid} for sid in sorted(service_ids)]).execute()


def set_active(user, active):
    """Disabling a user ends every session they have at once."""
    user.active = active
    user.save(only=[User.active])
    if not active:
        end_all_sessions(user)
