"""The benchmarks run (`make bench`, README "Benchmarks"): the quick ones, a few rounds each, so that a change to
the app that breaks a bench is found here rather than when the figures are next wanted. Their figures are not
checked: these machines are shared and noisy, and a wall-clock limit in a test would fail at random."""

import re

import pytest

from bench import fixed_cost, pip_page
from bench.fixtures import PASSWORD
from bench.form_reading import read_form
from bench.row_actions import setup, statements_per_action
from tests.web.page_forms import form_values
from webapp.models import database


@pytest.fixture(autouse=True)
def _database_put_back():
    """The benches bind the models to databases of their own; put back what was bound before."""
    bound = database.obj
    yield
    database.initialize(bound)


def test_the_fixed_cost_bench_runs():
    page, floor = fixed_cost.run(repeats=5)
    assert page > 0 and floor > 0


def test_the_plan_page_bench_runs():
    median = pip_page.run(repeats=3)
    assert median["request"] > 0 and median["render"] > 0


def test_the_row_actions_bench_counts_each_action():
    app, _, emails, pips = setup()
    counts = statements_per_action(app, emails[-1], pips[-1])
    assert set(counts) == {
        f"{action} {kind}" for action in ("add", "save", "remove") for kind in ("factors", "solutions", "progress")
    }


def test_the_row_actions_clients_read_each_form_as_the_tests_do():
    """The bench's quick form reader gives the pairs the tests' HTML parser gives, on every form its clients open
    (a new and a saved factor, solution and progress entry of a realistic plan)."""
    app, _, emails, pips = setup()
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/sign-in").get_data(as_text=True))
    client.post("/sign-in", data={"email": emails[0], "password": PASSWORD, "csrf_token": token.group(1)})
    base, read = f"/pips/{pips[0]}", 0
    page = client.get(base).get_data(as_text=True)
    for kind in ("factors", "solutions", "progress"):
        row = re.findall(rf"{base}/{kind}/(\d+)/edit", page)[0]
        new = f"{base}/{kind}/new" + ("?kind=external" if kind == "factors" else "")
        for path, action in ((new, f"{base}/{kind}"), (f"{base}/{kind}/{row}/edit", f"{base}/{kind}/{row}")):
            html = client.get(path, headers={"HX-Request": "true"}).get_data(as_text=True)
            assert read_form(html, action) == form_values(html, action) != []
            read += 1
    assert read == 6
