"""The list pages at 100 and at 5,000 rows in the register (docs/quality.md: a page costs the same, within 1.2×):
the plan list, the PI list, the exceptions and a plan's History, each its first page of 100 rows.

Each size is a fresh database of its own (bench/fixtures.make_listed_register: 100 or 5,000 PIs that need
attention, as many with a plan, and a plan with 100 or 5,000 changes). The two are timed in the same loop,
one request to each in turn, so a busy spell on a shared machine falls on both: the app's database
handle is pointed at one, then the other, between requests.
"""

import statistics
import time

from webapp.models import database

from .fixtures import PASSWORD, make_app, make_listed_register, make_user
from .report import budget_line

SIZES = (100, 5000)
WARM_UP = 10


def _register(size):
    """An app on a fresh database of `size`, its signed-in client and the pages to time."""
    app, _ = make_app(settings={"WTF_CSRF_ENABLED": False})  # GET pages only: no token to carry
    with database.connection_context():
        user = make_user()
        history = make_listed_register(size, user)
    handle = database.obj
    client = app.test_client()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    pages = {
        "Plan list": "/pips/",
        "PI list": "/indicators/",
        "Exceptions": "/exceptions/",
        "History": f"/pips/{history.id}/history",
    }
    return handle, client, pages


def run(repeats=200):
    print(
        f"List pages, first page of 100 rows, at {SIZES[0]:,} and {SIZES[-1]:,} rows in the register "
        f"(median of {repeats}, the two sizes in turn):",
        flush=True,
    )
    registers = {size: _register(size) for size in SIZES}
    names = list(registers[SIZES[0]][2])
    times = {(name, size): [] for name in names for size in SIZES}
    for round_ in range(WARM_UP + repeats):
        for name in names:
            for size in SIZES if round_ % 2 else reversed(SIZES):
                handle, client, pages = registers[size]
                database.initialize(handle)
                start = time.perf_counter()
                response = client.get(pages[name])
                elapsed = time.perf_counter() - start
                assert response.status_code == 200, (name, size, response.status_code)
                if round_ >= WARM_UP:
                    times[name, size].append(elapsed)
    figures = {}
    for name in names:
        small, large = (statistics.median(times[name, size]) * 1000 for size in SIZES)
        figures[name] = (large, small)
        budget_line(f"{name} at {SIZES[-1]:,} vs {SIZES[0]:,} rows", large, small, "ms", most=1.2)
        # This machine runs in spells (a request takes 12 ms for a while, then 20 ms, whatever its page),
        # and a median can fall between two: each round's two requests share a spell, so their ratio is
        # the steadier figure, printed beside the budget.
        paired = statistics.median(a / b for a, b in zip(times[name, SIZES[-1]], times[name, SIZES[0]]))
        print(f"    the same, round by round: median {paired:.2f}x", flush=True)
    return figures
