"""The PIP page with 20 factors, 15 solutions, 30 comments and 60 progress entries (docs/quality.md: ≤ 1.3× rendering
the same HTML from ready-made data, with other requests interleaved; ≤ 10 ms median on a quiet run; on
PostgreSQL within 1.3× of SQLite).

Each round times one whole request and one render of the same page from data loaded beforehand, so
that both see the same load on a shared machine. The request is timed as a server has the app answer
it: from the WSGI call to the last byte of the page, with the environ (and its session cookie) built
first, as the server builds it. Through werkzeug's test client it cost 0.4 ms more, the client's own
work of building the request and reading the response, which the template's floor does not pay.

Each of the two comes after two other requests (the plan list and the PI list), not timed, so that
neither is measured with everything it uses warm from the one before. When a PostgreSQL server is
named (bench/engines.py), the same page on PostgreSQL is timed in the same rounds.
"""

import statistics
import time
from datetime import timedelta

from flask import render_template
from flask_login import login_user
from werkzeug.test import EnvironBuilder

from webapp.domain.session_time import session_end
from webapp.models import database, utcnow
from webapp.pips.committee import committee_record
from webapp.pips.store import load_plan

from .engines import Engines, fresh_postgresql_database, postgresql_server
from .fixtures import PASSWORD, make_app, make_big_pip, make_user
from .report import absolute_line, budget_line

WARM_UP = 30


class PlanPage:
    """One app with the big plan and a small one, a signed-in client, and the plan as data."""

    def __init__(self, engines, settings=None):
        self.app, _ = make_app(settings={"WTF_CSRF_ENABLED": False, **(settings or {})})  # GET pages only
        engines.add(self.app)
        with database.connection_context():
            self.user = make_user()
            pip = make_big_pip(self.user)
        self.client = self.app.test_client()
        self.client.post("/sign-in", data={"email": self.user.email, "password": PASSWORD})
        self.url, self.others = f"/pips/{pip.id}", ["/pips/", "/indicators/"]
        # As a signed-in request's user has it: when the session ends, for the page's warning before it does.
        self.user.session_end = session_end(utcnow(), utcnow(), timedelta(minutes=30), timedelta(hours=10))
        with self.app.test_request_context(self.url), database.connection_context():
            self.plan = load_plan(pip.id)
            self.committee = committee_record(pip.id, self.plan.indicator)

    def request(self):
        """The page as the app answers a server: the WSGI call and its whole body."""
        session = self.client.get_cookie(self.app.config["SESSION_COOKIE_NAME"])
        environ = EnvironBuilder(path=self.url, headers={"Cookie": f"{session.key}={session.value}"}).get_environ()
        answered = []
        start = time.perf_counter()
        body = self.app(environ, lambda status, headers, exc_info=None: answered.append(status))
        try:
            page = b"".join(body)
        finally:
            body.close()
        took = time.perf_counter() - start
        assert answered == ["200 OK"] and page.startswith(b"<!DOCTYPE html>"), (answered, page[:200])
        return took

    def render(self):
        with self.app.test_request_context(self.url):
            login_user(self.user)
            start = time.perf_counter()
            render_template("pips/show.html", plan=self.plan, can_edit=True, committee=self.committee)
            return time.perf_counter() - start

    def other_requests(self):
        for url in self.others:
            assert self.client.get(url).status_code == 200


def run(repeats=300):
    engines = Engines()
    sqlite = PlanPage(engines)
    postgresql = None
    if postgresql_server():
        postgresql = PlanPage(engines, {"DATABASE_URL": fresh_postgresql_database("bench_plan_page")})
    times = {"request": [], "render": [], "postgresql": []}
    for round_ in range(WARM_UP + repeats):
        engines.use(sqlite.app)
        sqlite.other_requests()
        request = sqlite.request()
        sqlite.other_requests()
        render = sqlite.render()
        if postgresql:
            engines.use(postgresql.app)
            times["postgresql"].append(postgresql.request())
            postgresql.other_requests()
        if round_ >= WARM_UP:
            times["request"].append(request)
            times["render"].append(render)
    median = {
        name: statistics.median(values[WARM_UP:] if name == "postgresql" else values) * 1000
        for name, values in times.items()
        if values
    }
    print(
        f"PIP page (20 factors, 15 solutions, 30 comments, 60 progress entries), median of {repeats}, "
        "other requests between:"
    )
    budget_line(
        "  whole request vs the template from ready-made data (SQLite)",
        median["request"],
        median["render"],
        "ms",
        most=1.3,
    )
    absolute_line("  whole request (SQLite)", median["request"], "ms", most=10)
    if postgresql:
        budget_line(
            "  whole request on PostgreSQL vs on SQLite", median["postgresql"], median["request"], "ms", most=1.3
        )
    else:
        print("  PostgreSQL not measured: no server named (make bench starts one)")
    return median
