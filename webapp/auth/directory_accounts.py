"""The account here of a person the council's directory vouches for (docs/single-sign-on.md#who-gets-in):
found by their verified e-mail, made with no roles when the council allows it, refused when disabled, and
given the roles, services and committees their directory groups map to."""

import logging

from peewee import fn

import webapp.admin.accounts as accounts  # a module, not its names: admin's accounts import this area's sessions
from webapp.domain.directory import DirectoryPerson, GroupMapping, NotAccepted
from webapp.models import CommitteeSeat, Service, User, database

security_log = logging.getLogger("webapp.security")


def account_for(person: DirectoryPerson, *, create: bool, mapping: GroupMapping) -> User:
    """The active user `person` signs in as, their roles and services brought in line with their groups.
    NotAccepted says why nobody is signed in."""
    with database.atomic():
        user = User.select().where(fn.LOWER(User.email) == person.email).first()
        if user is None:
            if not create:
                security_log.warning("Single sign-on refused: no account for the directory's person")
                raise NotAccepted(
                    f"There is no account here for {person.email}. Ask the performance team or an "
                    "administrator to give you one, then sign in again."
                )
            user = User.create(email=person.email, name=person.name[:100], password_hash="")
            security_log.info("Single sign-on made an account with no roles: user %s", user.id)
        if not user.active:
            security_log.warning("Single sign-on refused: user %s is disabled", user.id)
            raise NotAccepted("Your account here is disabled. Ask an administrator if you need it again.")
        _follow_groups(user, person.groups, mapping)
    return user


def _follow_groups(user, groups, mapping):
    """The roles, services and committees the mapping names are the directory's: given to members of the
    groups, taken from others. What the mapping never names stays as the administrators set it."""
    if mapping.managed_roles:
        roles = (user.roles - mapping.managed_roles) | mapping.roles_for(groups)
        if roles != user.roles:
            accounts.set_roles(user, roles)
            user._roles = frozenset(roles)
    if mapping.managed_services:
        names = dict(Service.select(Service.name, Service.id).tuples())
        service_ids = _followed(user.service_ids, names, mapping.managed_services, mapping.services_for(groups))
        if service_ids != user.service_ids:
            accounts.set_services(user, service_ids)
            user._service_ids = frozenset(service_ids)
    if mapping.managed_committees:
        names = {body.name: body.id for body in accounts.committees()}
        seats = frozenset(CommitteeSeat.select(CommitteeSeat.body).where(CommitteeSeat.user == user.id).scalars())
        committee_ids = _followed(seats, names, mapping.managed_committees, mapping.committees_for(groups))
        if committee_ids != seats:
            accounts.set_committees(user, committee_ids)


def _followed(held, ids, managed, wanted):
    """The ids `held` once the directory has its say: of the names it manages (`ids` gives each one's id; a name
    the app does not have is passed over), those `wanted` and no others; the rest as they were."""
    managed_ids = {ids[name] for name in managed if name in ids}
    return frozenset((held - managed_ids) | {ids[name] for name in wanted if name in ids})
