"""The browser tier: the real app with the demo data, served on a free port in a thread, driven by
Debian's Chromium through Playwright. Every page a test looks at is watched for console errors,
uncaught exceptions, failed requests and 4xx/5xx responses (a missing static file, anything the
CSP blocks), and checked with axe-core (WCAG 2.2 A and AA plus best practice)."""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import assert_no_problems, serving, watch
from tests.conftest import _reset_postgresql
from webapp import create_app
from webapp.core.migrations import init_db
from webapp.models import database

HERE = Path(__file__).parent

CHROMIUM = "/usr/bin/chromium"
# The server is local and the data small: anything slower than this is stuck, not slow.
PAGE_TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


class LiveServer:
    def __init__(self, url, db, app):
        self.url = url
        self.db = db
        self.app = app

    def __call__(self, path=""):
        return self.url + path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app with the demo data, on http://127.0.0.1:<free port>, for the whole session."""
    from webapp.demo import load_demo_data

    database_url = os.environ.get("TEST_DATABASE_URL")
    if database_url:
        _reset_postgresql(database_url)
    else:
        database_url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'pips.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test-secret-key",
            "DATABASE_URL": database_url,
        }
    )
    with database.connection_context():
        init_db()
        load_demo_data()
    with serving(app) as url:
        yield LiveServer(url, database.obj, app)


@pytest.fixture(autouse=True)
def _live_server_database(live_server):
    """The app's database handle is one global proxy, which the `app` fixture of the other tiers
    rebinds: point it back at the live server's database should tests ever interleave."""
    if database.obj is not live_server.db:
        database.initialize(live_server.db)


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright gives every context this base URL, so tests can goto("/sign-in")."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def page(context):
    """pytest-playwright's page, watched for problems, which must be none when the test ends."""
    page = watch(context.new_page())
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    assert_no_problems(page)


@pytest.fixture
def new_page(new_context):
    """A watched page in a new context: new_page(java_script_enabled=False), for instance."""
    pages = []

    def make(**context_args):
        page = watch(new_context(**context_args).new_page())
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        pages.append(page)
        return page

    yield make
    for page in pages:
        assert_no_problems(page)
