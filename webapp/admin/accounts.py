"""Creating users and changing their roles, services and committees: one place for the admin pages and the CLI."""

from webapp.auth.sessions import end_all_sessions
from webapp.auth.tokens import send_link
from webapp.domain.account_links import Purpose
from webapp.domain.bodies import COMMITTEES
from webapp.models import Body, CommitteeSeat, Service, User, UserRole, UserService, database


class AccountError(ValueError):
    pass


def create_user(email, name, password, roles=(), service_ids=(), invite_to=None, committee_ids=()):
    """A new user with `password` (the command line), or with none and an invitation to choose one mailed to
    them: `password` None, `invite_to` the service's name
    (docs/users-and-permissions.md#invitations-and-forgotten-passwords)."""
    email = email.strip().lower()
    if User.select().where(User.email == email).exists():
        raise AccountError(f"A user with the email {email} already exists")
    user = User(email=email, name=name.strip(), password_hash="")  # "": no password opens it
    if password is not None:
        user.set_password(password)  # before the transaction: the slow KDF must not hold the write lock
    with database.atomic():
        user.save()
        set_roles(user, roles)
        set_services(user, service_ids)
        set_committees(user, committee_ids)
        if password is None:
            send_link(user, Purpose.INVITATION, invite_to)
    return user


def invite_again(user, service_name):
    """A new invitation for someone who has not set a password yet; the older links stop working."""
    if user.password_hash:
        raise AccountError(f"{user.name} has set a password already")
    with database.atomic():
        send_link(user, Purpose.INVITATION, service_name)


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


def committees():
    """The bodies a Member may sit on (webapp.domain.bodies.COMMITTEES), by name."""
    return Body.select(Body.id, Body.name).where(Body.kind.in_([kind.value for kind in COMMITTEES])).order_by(Body.name)


def set_committees(user, committee_ids):
    """The committees a Member sits on; unknown ids, and bodies that are not committees, are refused."""
    committee_ids = set(committee_ids)
    known = {body.id for body in committees().where(Body.id.in_(committee_ids))} if committee_ids else set()
    if known != committee_ids:
        raise AccountError("Unknown committee")
    CommitteeSeat.delete().where(CommitteeSeat.user == user).execute()
    if committee_ids:
        CommitteeSeat.insert_many([{"user": user.id, "body": body} for body in sorted(committee_ids)]).execute()


def set_active(user, active):
    """Disabling a user ends every session they have at once."""
    user.active = active
    user.save(only=[User.active])
    if not active:
        end_all_sessions(user)
