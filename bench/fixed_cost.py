"""The fixed cost of a request (docs/quality.md: a signed-in trivial page ≤ 3× a bare Flask app in process).

The trivial page is when the session ends (webapp/account/session_time.py), which answers a signed-in user
with three values as JSON: the request does nothing but what every request does (the sign-in session with
roles and services, CSRF, security headers, a connection taken from the pool and given back). The bare
Flask app answers the same JSON with nothing else. (The home page was the trivial page until it became
Your work, a page of its own.) Both are timed in the same rounds, one request of each back to back, so a
busy spell on this shared machine hits both.
"""

import re
import statistics
import time

from flask import Flask, jsonify

from webapp.models import database

from .fixtures import PASSWORD, make_app, make_user
from .report import budget_line

WARM_UP = 200
TRIVIAL = "/account/session"


def bare_app():
    app = Flask("bare")

    @app.route("/account/session")
    def session_time():
        return jsonify(signed_in=True, ends_in=1799, can_stay=True)

    return app


def run(repeats=3000):
    app, _ = make_app()
    with database.connection_context():
        user = make_user()
    ours = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', ours.get("/sign-in").get_data(as_text=True))
    ours.post("/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token.group(1)})
    bare = bare_app().test_client()
    assert set(ours.get(TRIVIAL).json) == set(bare.get(TRIVIAL).json) == {"signed_in", "ends_in", "can_stay"}
    ours_times, bare_times = [], []
    for round_ in range(WARM_UP + repeats):
        start = time.perf_counter()
        ours.get(TRIVIAL)
        middle = time.perf_counter()
        bare.get(TRIVIAL)
        end = time.perf_counter()
        if round_ >= WARM_UP:
            ours_times.append(middle - start)
            bare_times.append(end - middle)
    page, floor = statistics.median(ours_times) * 1000, statistics.median(bare_times) * 1000
    print(f"Fixed cost, median of {repeats} requests in process (SQLite):")
    budget_line("  signed-in trivial page vs a bare Flask app", page, floor, "ms", most=3.0)
    print(f"  each request of ours costs {page - floor:.2f} ms more than the bare app's")
    return page, floor
