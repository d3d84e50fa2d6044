"""Who the council's directory says a person is, when they sign in with their council account
(docs/single-sign-on.md): their e-mail address, their name, and the roles, services and committees their
directory groups give them by the council's configuration."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .roles import Role


class NotAccepted(Exception):
    """The directory's answer cannot sign anyone in here; the message says why, in the person's words."""


@dataclass(frozen=True)
class DirectoryPerson:
    email: str
    name: str
    groups: frozenset[str] = field(default_factory=frozenset)


def person_from_claims(
    claims: Mapping[str, object], *, email_claim: str, groups_claim: str, trust_unverified_email: bool
) -> DirectoryPerson:
    """The person an ID token names. Their e-mail must be one the directory has verified: a token that says
    `email_verified: false` is refused always; one that says nothing is accepted only when the council
    trusts its directory's addresses (Entra ID sends no `email_verified`: its addresses are the tenant's)."""
    email = claims.get(email_claim)
    if not isinstance(email, str) or "@" not in email.strip():
        raise NotAccepted("Your council account did not tell us your e-mail address.")
    verified = claims.get("email_verified")
    if verified is False or verified == "false" or (verified is None and not trust_unverified_email):
        raise NotAccepted("Your council account's e-mail address has not been verified by the directory.")
    name = claims.get("name")
    groups = claims.get(groups_claim)
    return DirectoryPerson(
        email=email.strip().lower(),
        name=name.strip() if isinstance(name, str) and name.strip() else email.strip().split("@")[0],
        groups=frozenset(g for g in groups if isinstance(g, str)) if isinstance(groups, list) else frozenset(),
    )


@dataclass(frozen=True)
class GroupMapping:
    """Directory groups to roles, to services (a Head of Service's) and to committees (a Member's), as the
    council configures them. The roles, services and committees the mapping names are the directory's to give
    and take away at each sign-in; any other is left to the app's administrators."""

    roles: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    services: Mapping[str, frozenset[str]] = field(default_factory=dict)
    committees: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def managed_roles(self) -> frozenset[Role]:
        return frozenset(role for roles in self.roles.values() for role in roles)

    @property
    def managed_services(self) -> frozenset[str]:
        return frozenset(name for names in self.services.values() for name in names)

    def roles_for(self, groups: Iterable[str]) -> frozenset[Role]:
        return frozenset(role for group in groups for role in self.roles.get(group, ()))

    def services_for(self, groups: Iterable[str]) -> frozenset[str]:
        return frozenset(name for group in groups for name in self.services.get(group, ()))

    @property
    def managed_committees(self) -> frozenset[str]:
        return frozenset(name for names in self.committees.values() for name in names)

    def committees_for(self, groups: Iterable[str]) -> frozenset[str]:
        return frozenset(name for group in groups for name in self.committees.get(group, ()))


def read_group_mapping(roles_text: str, services_text: str, committees_text: str = "") -> GroupMapping:
    """The mapping from its settings, each a JSON object of a group to a list of names:
    `{"<group id>": ["cmt"], ...}`, `{"<group id>": ["Revenues and Benefits"], ...}` and
    `{"<group id>": ["Development Committee"], ...}`.
    ValueError names what is wrong, so a mistyped setting stops the app at start, not at sign-in."""
    roles = {group: frozenset(_role(name) for name in names) for group, names in _groups(roles_text).items()}
    services = {group: frozenset(names) for group, names in _groups(services_text).items()}
    committees = {group: frozenset(names) for group, names in _groups(committees_text).items()}
    return GroupMapping(roles=roles, services=services, committees=committees)


def group_mapping(settings: Mapping[str, str]) -> GroupMapping:
    """The mapping the app's settings `OIDC_GROUP_ROLES`, `OIDC_GROUP_SERVICES` and `OIDC_GROUP_COMMITTEES` give."""
    return read_group_mapping(
        settings["OIDC_GROUP_ROLES"], settings["OIDC_GROUP_SERVICES"], settings["OIDC_GROUP_COMMITTEES"]
    )


def _groups(text: str) -> dict[str, list[str]]:
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    if not isinstance(value, dict) or not all(
        isinstance(names, list) and all(isinstance(name, str) and name.strip() for name in names)
        for names in value.values()
    ):
        raise ValueError('must be a JSON object of a group to a list of names, e.g. {"group-id": ["cmt"]}')
    return {str(group): [name.strip() for name in names] for group, names in value.items()}


def _role(name: str) -> Role:
    try:
        return Role(name)
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise ValueError(f'"{name}" is not a role (the roles are {known})') from None
