"""The organisation and its people: directorates, services, users, roles and sign-in sessions."""

import peewee
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.domain.roles import Role

from .base import BaseModel, EnumField, utcnow
from .reading import CompiledQuery


class Directorate(BaseModel):
    name = peewee.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.name


class Service(BaseModel):
    name = peewee.CharField(max_length=100, unique=True)
    directorate = peewee.ForeignKeyField(Directorate, backref="services", on_delete="RESTRICT")

    def __str__(self):
        return self.name


class User(BaseModel):
    email = peewee.CharField(max_length=254, unique=True)
    name = peewee.CharField(max_length=100)
    password_hash = peewee.CharField(max_length=255)
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utcnow)

    # Flask-Login: the id kept in the cookie is the sign-in session's token, never the user's id,
    # so a cookie stops working the moment its session record is gone (webapp/auth/views.py).
    session_token = None
    is_anonymous = False

    @property
    def is_authenticated(self):
        return True

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return self.session_token

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def roles(self):
        if not hasattr(self, "_roles"):
            self._roles = frozenset(Role(role) for role in self._column_of("role_rows", "role"))
        return self._roles

    def known_roles(self, roles, service_ids):
        """Roles and services read with the user (the sign-in lookup reads all three at once)."""
        self._roles = frozenset(Role(role) for role in roles)
        self._service_ids = frozenset(service_ids)

    def has_role(self, *roles):
        return any(role in self.roles for role in roles)

    @property
    def service_ids(self):
        """The services this user is Head of Service for."""
        if not hasattr(self, "_service_ids"):
            self._service_ids = frozenset(self._column_of("service_rows", "service_id"))
        return self._service_ids

    def _column_of(self, rows, column):
        """One column of the user's role or service rows: from rows prefetched with a list of users,
        or else by a query compiled once (every request asks for the signed-in user's)."""
        prefetched = vars(self).get(rows)
        if prefetched is not None:
            return [getattr(row, column) for row in prefetched]
        return [value for (value,) in _LOOKUPS[rows].rows(self.id)]

    def __str__(self):
        return self.name


class UserRole(BaseModel):
    user = peewee.ForeignKeyField(User, backref="role_rows", on_delete="CASCADE")
    role = EnumField(Role)

    class Meta:
        indexes = ((("user", "role"), True),)


class UserService(BaseModel):
    """A Head of Service's link to a service they own."""

    user = peewee.ForeignKeyField(User, backref="service_rows", on_delete="CASCADE")
    service = peewee.ForeignKeyField(Service, backref="head_rows", on_delete="CASCADE")

    class Meta:
        indexes = ((("user", "service"), True),)


BROWSER_LENGTH = 100
ADDRESS_LENGTH = 45  # the longest an IPv6 address is written


class SignInSession(BaseModel):
    """One sign-in. Deleting the row signs the user out everywhere that cookie went."""

    token_hash = peewee.CharField(max_length=64, unique=True)
    user = peewee.ForeignKeyField(User, backref="sign_in_sessions", on_delete="CASCADE")
    created_at = peewee.DateTimeField(default=utcnow)
    last_seen_at = peewee.DateTimeField(default=utcnow)
    # Where it was made, for its owner to know it by (docs/users-and-permissions.md#your-account): the browser in
    # words (webapp/domain/browsers.py) and the client's address. Empty for sign-ins made before schema step 13.
    browser = peewee.CharField(max_length=BROWSER_LENGTH, default="")
    address = peewee.CharField(max_length=ADDRESS_LENGTH, default="")


# A user's roles and services, each compiled once: nearly every request asks both (0 stands for the
# user's id while they are compiled).
_LOOKUPS = {
    "role_rows": CompiledQuery(lambda user_id: UserRole.select(UserRole.role).where(UserRole.user == user_id), 0),
    "service_rows": CompiledQuery(
        lambda user_id: UserService.select(UserService.service).where(UserService.user == user_id), 0
    ),
}
