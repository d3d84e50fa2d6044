"""Fixtures shared by every tier: a real database (a SQLite file, or the PostgreSQL server named
by TEST_DATABASE_URL), the app, a test client that carries the CSRF token like htmx does, and
factories for the council's data."""

import itertools
import os
import re
import shutil

import pytest
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from webapp import create_app
from webapp.core.db import use_database
from webapp.core.migrations import init_db
from webapp.domain.periods import Frequency
from webapp.domain.rating import Polarity
from webapp.domain.roles import Role
from webapp.domain.units import Unit
from webapp.indicators import standings
from webapp.models import (
    CommitteeSeat,
    Directorate,
    Indicator,
    Score,
    Service,
    Target,
    User,
    UserRole,
    UserService,
    database,
)

PASSWORD = "correct horse battery staple"
# The same scrypt KDF as production, with a small work factor so that hundreds of sign-ins stay quick.
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
_counter = itertools.count(1)


def _reset_postgresql(url):
    from webapp.core.db import open_database

    db = open_database(url, ".")
    db.execute_sql("DROP SCHEMA public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close_all()


@pytest.fixture(scope="session")
def empty_sqlite_database(tmp_path_factory):
    """A SQLite file with the schema made once; each test gets its own copy."""
    from webapp.core.db import open_database

    path = tmp_path_factory.mktemp("template") / "pips.db"
    db = open_database(f"sqlite:///{path}", ".")
    database.initialize(db)
    with database.connection_context():
        init_db()
    db.close_all()  # the last connection checkpoints the WAL into the file (a kept one would not)
    return path


@pytest.fixture
def database_url(tmp_path, empty_sqlite_database):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgresql(url)
        return url
    path = tmp_path / "pips.db"
    shutil.copyfile(empty_sqlite_database, path)
    return f"sqlite:///{path}"


class CouncilClient(FlaskClient):
    """A test client that sends the page's CSRF token in the X-CSRFToken header, as htmx does."""

    csrf = None

    def refresh_csrf(self, path="/sign-in"):
        html = self.get(path, follow_redirects=True).get_data(as_text=True)
        self.csrf = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
        return self.csrf

    def open(self, *args, csrf=True, **kwargs):
        method = kwargs.get("method", "GET").upper()
        if csrf and method not in ("GET", "HEAD", "OPTIONS"):
            if self.csrf is None:
                self.refresh_csrf()
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf)
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def htmx(self, method, url, **kwargs):
        """A request as htmx sends it (HX-Request header)."""
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("HX-Request", "true")
        return self.open(url, method=method.upper(), headers=headers, **kwargs)


def new_app(database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key", "DATABASE_URL": database_url})
    app.test_client_class = CouncilClient
    return app


@pytest.fixture(scope="session")
def one_app(empty_sqlite_database):
    """The app every test shares, made once (with its compiled templates): each test binds it to a
    database of its own (`app`), and any setting a test changes is put back after it. A test whose
    set-up changes what the app is made from overrides this with an app of its own."""
    return new_app(f"sqlite:///{empty_sqlite_database}")


@pytest.fixture
def app(one_app, database_url):
    settings = dict(one_app.config)
    use_database(one_app, database_url)
    with database.connection_context():
        init_db()
    yield one_app
    if not database.is_closed():
        database.close()
    one_app.config.clear()
    one_app.config.update(settings)


@pytest.fixture
def db(app):
    """A connection for a test's own reads and writes outside a request."""
    with database.connection_context():
        yield database


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_service(db):
    def make(name=None, directorate="Communities"):
        directorate, _ = Directorate.get_or_create(name=directorate)
        return Service.create(name=name or f"Service {next(_counter)}", directorate=directorate)

    return make


@pytest.fixture
def make_user(db, make_service):
    def make(*roles, services=(), committees=(), email=None, name=None, active=True):
        n = next(_counter)
        user = User.create(
            email=email or f"user{n}@example.org", name=name or f"User {n}", password_hash=_PASSWORD_HASH, active=active
        )
        for role in roles:
            UserRole.create(user=user, role=Role(role))
        for service in services:
            UserService.create(user=user, service=service)
        for body in committees:
            CommitteeSeat.create(user=user, body=body)
        return user

    return make


@pytest.fixture
def sign_in(client):
    def do(user, password=PASSWORD):
        response = client.post("/sign-in", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        client.refresh_csrf("/")
        return client

    return do


@pytest.fixture
def login_as(make_user, sign_in, make_service):
    """Sign the client in as a new user with `roles` (a Member sitting on `committees`); returns the user."""

    def do(*roles, services=(), committees=()):
        if Role.HEAD_OF_SERVICE in roles and not services:
            services = [make_service()]
        user = make_user(*roles, services=services, committees=committees)
        sign_in(user)
        return user

    return do


@pytest.fixture
def make_indicator(db, make_service):
    def make(
        code=None,
        service=None,
        polarity=Polarity.HIGHER_IS_BETTER,
        unit=Unit.PERCENT,
        frequency=Frequency.MONTHLY,
        decimal_places=1,
        target=None,
        financial_year=2026,
        scores=(),
        **fields,
    ):
        indicator = Indicator.create(
            code=code or f"PI{next(_counter):03d}",
            name=fields.pop("name", "Household waste collected on time"),
            service=service or make_service(),
            polarity=polarity,
            unit=unit,
            frequency=frequency,
            decimal_places=decimal_places,
            **fields,
        )
        if target is not None:
            Target.create(
                indicator=indicator,
                financial_year=financial_year,
                value=target,
                rationale="Upper quartile of nearest neighbours",
            )
        for period_end, value in scores:
            Score.create(indicator=indicator, period_end=period_end, value=value)
        standings.refresh([indicator.id])  # as every write to the register does
        return indicator

    return make
