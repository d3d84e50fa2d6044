"""The benchmarks run (`make bench`, README "Benchmarks"): the quick ones, a few rounds each, so that a change to
the app that breaks a bench is found here rather than when the figures are next wanted. Their figures are not
checked: these machines are shared and noisy, and a wall-clock limit in a test would fail at random."""

import pytest

from bench import fixed_cost, pip_page
from bench.row_actions import setup, statements_per_action
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
