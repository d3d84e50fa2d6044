"""htmx row actions on realistic plans (6 factors, 5 solutions, 8 comments, 24 updates): add, edit and
remove a factor, a solution and a progress entry (docs/quality.md: at most 8 SQL statements each; p95 ≤ 30 ms
with 10 clients back to back against gunicorn, with the production server's settings (gunicorn.conf.py), on
SQLite, no errors; on PostgreSQL at least 0.8× SQLite's
throughput, measured in the same run when a server is named, bench/engines.py)."""

import http.client
import os
import re
import runpy
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from tests.querycount import count_queries
from tests.web.page_forms import changed
from webapp.domain.bodies import BodyKind
from webapp.models import Body, Indicator, Meeting, database

from .engines import fresh_postgresql_database, postgresql_server
from .fixtures import PASSWORD, make_app, make_committee_pip, make_register, make_user
from .form_reading import read_form
from .report import absolute_line, budget_line, count_line

CLIENTS = 10
CYCLES = 4  # each cycle adds, edits and removes a factor, a solution and a progress entry: 18 requests
ROUNDS = 5  # timed bursts of each engine, turn about
SERVER_SETTINGS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gunicorn.conf.py")


_HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    """Just enough of a browser: one keep-alive connection, cookies, and the page's CSRF token."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}
        self.token = None

    def request(self, method, path, form=None, htmx=False):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.token and method == "POST":
            headers["X-CSRFToken"] = self.token
        if htmx:
            headers["HX-Request"] = "true"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if not htmx:  # a whole page carries the token; a fragment is not searched (the clients share the cores)
            found = _HEADER_TOKEN.search(text) or _FORM_TOKEN.search(text)
            self.token = found.group(1) if found else self.token
        return response.status, text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _form(browser, path):
    """The form on the htmx fragment at `path`, as the browser would send it."""
    _, text = browser.request("GET", path, htmx=True)
    return text


def client_run(port, email, pip_id, latencies, errors, start):
    """One person working on their own realistic plan: each cycle adds, edits and removes a factor, a
    solution and a progress entry, opening each form first as the page does (every request timed)."""
    browser = Browser(port)
    browser.request("GET", "/sign-in")
    browser.request("POST", "/sign-in", {"email": email, "password": PASSWORD})
    browser.request("GET", f"/pips/{pip_id}")
    base = f"/pips/{pip_id}"
    start.wait()

    def timed(method, path, form=None):
        began = time.perf_counter()
        status, text = browser.request(method, path, form, htmx=True)
        latencies.append(time.perf_counter() - began)
        if status >= 400:
            errors.append((status, path))
        return text

    def submit(page, action, **changes):
        text = timed("GET", page)
        values = changed(read_form(text, action.removesuffix("/remove")), **changes)
        if action.endswith("/solutions"):  # a solution of a Live plan addresses a factor
            values.append(("solution-factors", re.search(r'name="solution-factors"[^>]*value="(\d+)"', text).group(1)))
        return timed("POST", action, values)

    for cycle in range(CYCLES):
        day = date.today() - timedelta(days=cycle + 1)
        for kind, new, add, fields in (
            (
                "factors",
                f"{base}/factors/new?kind=external",
                f"{base}/factors",
                {"duration": "temporary", "description": f"{email} factor {cycle}"},
            ),
            (
                "solutions",
                f"{base}/solutions/new",
                f"{base}/solutions",
                {
                    "solution-description": f"{email} solution {cycle}",
                    "solution-target_date-day": "1",
                    "solution-target_date-month": "12",
                    "solution-target_date-year": str(date.today().year + 1),
                    "solution-resourcing": "within_service",
                    "solution-status": "proposed",
                },
            ),
            (
                "progress",
                f"{base}/progress/new",
                f"{base}/progress",
                {
                    "made_on-day": str(day.day),
                    "made_on-month": str(day.month),
                    "made_on-year": str(day.year),
                    "comment": f"{email} update {cycle}",
                    "score": "81",
                },
            ),
        ):
            text = submit(new, add, **fields)
            row_id = re.findall(rf"{base}/{kind}/(\d+)/edit", text)[-1]
            edit, save = f"{base}/{kind}/{row_id}/edit", f"{base}/{kind}/{row_id}"
            changed_text = {"factors": "description", "solutions": "solution-description", "progress": "comment"}[kind]
            submit(edit, save, **{changed_text: f"{email} changed {cycle}"})
            submit(edit, f"{save}/remove")


def statements_per_action(app, email, pip_id):
    """The SQL statements each kind of row action sends, counted in process (docs/quality.md: at most 8)."""
    client = app.test_client()
    text = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text).group(1)
    client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    base, counts = f"/pips/{pip_id}", {}

    def submit(name, page, action, **changes):
        text = client.get(page, headers=headers).get_data(as_text=True)
        values = changed(read_form(text, action.removesuffix("/remove")), **changes)
        if action.endswith("/solutions"):  # a solution of a Live plan addresses a factor
            values.append(("solution-factors", re.search(r'name="solution-factors"[^>]*value="(\d+)"', text).group(1)))
        with database.connection_context(), count_queries() as statements:
            response = client.post(action, data=MultiDict(values), headers=headers)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(statements)
        return response.get_data(as_text=True)

    day = date.today() - timedelta(days=2)
    for kind, fields in (
        ("factors", {"duration": "temporary", "description": "A factor"}),
        (
            "solutions",
            {
                "solution-description": "A solution",
                "solution-target_date-day": "1",
                "solution-target_date-month": "12",
                "solution-target_date-year": str(date.today().year + 1),
                "solution-resourcing": "within_service",
                "solution-status": "proposed",
            },
        ),
        (
            "progress",
            {
                "made_on-day": str(day.day),
                "made_on-month": str(day.month),
                "made_on-year": str(day.year),
                "comment": "An update",
                "score": "81",
            },
        ),
    ):
        new = f"{base}/{kind}/new" + ("?kind=external" if kind == "factors" else "")
        text = submit(f"add {kind}", new, f"{base}/{kind}", **fields)
        row_id = re.findall(rf"{base}/{kind}/(\d+)/edit", text)[-1]
        edit, save = f"{base}/{kind}/{row_id}/edit", f"{base}/{kind}/{row_id}"
        field = {"factors": "description", "solutions": "solution-description", "progress": "comment"}[kind]
        submit(f"save {kind}", edit, save, **{field: "Changed"})
        submit(f"remove {kind}", edit, f"{save}/remove")
    return counts


def run(workers=None):
    """Row actions on realistic plans: SQL statements per action, then 10 clients against gunicorn back to
    back (the worst case), on SQLite, and on PostgreSQL in the same run when a server is named. gunicorn
    runs with the production settings (gunicorn.conf.py), its workers too unless `workers` is given.

    Both servers start first and the engines take turns, ROUNDS bursts each (after one burst each not timed,
    which every worker's first actions fall in), so a busy spell on this shared machine falls on both: the
    throughput ratio is of the two engines' median bursts."""
    workers = workers or runpy.run_path(SERVER_SETTINGS)["workers"]
    engines = ["sqlite"]
    if postgresql_server():
        engines.append("postgresql")
    else:
        print("Row actions on PostgreSQL not measured: no server named (make bench starts one)")
    people = {}
    for engine in engines:
        url = fresh_postgresql_database("bench_row_actions") if engine == "postgresql" else None
        app, database_url, emails, pips = setup(url)
        if engine == "sqlite":
            counts = statements_per_action(app, emails[-1], pips[-1])
            print("SQL statements per row action, on a plan of 6 factors, 5 solutions, 8 comments, 24 updates:")
            for name, count in counts.items():
                count_line(f"  {name}", count, most=8)
        people[engine] = (database_url, emails, pips)
    with ExitStack() as stack:
        ports = {engine: stack.enter_context(gunicorn(people[engine][0], workers)) for engine in engines}
        bursts = {engine: [] for engine in engines}
        for round in range(ROUNDS + 1):
            for engine in engines:
                _, emails, pips = people[engine]
                burst = measure(ports[engine], emails[:CLIENTS], pips[:CLIENTS])
                if round:  # the first burst of each is not timed
                    bursts[engine].append(burst)
        _, emails, pips = people["sqlite"]
        alone = measure(ports["sqlite"], emails[CLIENTS:], pips[CLIENTS:])  # one person: no queue
    results = {engine: _summary(engine, workers, engine_bursts) for engine, engine_bursts in bursts.items()}
    sqlite = results["sqlite"]
    absolute_line(f"  p95 of row actions, {CLIENTS} clients back to back, SQLite", sqlite["p95"], "ms", most=30)
    print(f"  (one client alone: p95 {alone['p95']:.1f} ms; ten clients share {os.cpu_count()} cores)")
    if "postgresql" in results:
        budget_line(
            "  row-action throughput, PostgreSQL vs SQLite",
            results["postgresql"]["rate"],
            sqlite["rate"],
            "requests/s",
            least=0.8,
        )
    return results


def _summary(engine, workers, bursts):
    """Every timed burst of one engine: p95 over all their requests, the median burst's throughput."""
    latencies = sorted(latency for burst in bursts for latency in burst["latencies"])
    errors = [error for burst in bursts for error in burst["errors"]]
    rates = [burst["rate"] for burst in bursts]
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    print(f"Row actions on realistic plans, {CLIENTS} clients back to back, gunicorn -w {workers}, {engine}:")
    print(f"  {len(bursts)} bursts of {len(bursts[0]['latencies'])} requests, turn about with the other engine")
    print(f"  requests/s: {', '.join(f'{rate:.0f}' for rate in rates)}; errors: {len(errors)} {errors[:3]}")
    each = ", ".join(f"{burst['p95']:.1f}" for burst in bursts)
    print(f"  p95 of each burst: {each} ms")
    print(f"  all bursts together: median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95:.1f} ms")
    return {"p95": p95, "rate": statistics.median(rates), "errors": errors}


def setup(postgresql_url=None):
    """A database with CLIENTS + 1 people, each with a realistic Live plan of their own."""
    settings = {"DATABASE_URL": postgresql_url} if postgresql_url else None
    app, path = make_app(settings=settings)
    with database.connection_context():
        emails = [make_user(email=f"officer{n}@bench.example").email for n in range(CLIENTS + 1)]
        make_register(indicators=CLIENTS + 1, months=36)
        meeting = Meeting.create(body=Body.create(name="CMT", kind=BodyKind.CMT), date=date(2025, 6, 1), title="CMT")
        pips = [make_committee_pip(indicator, meeting).id for indicator in Indicator.select().order_by(Indicator.id)]
    return app, postgresql_url or f"sqlite:///{path}", emails, pips


@contextmanager
def gunicorn(database_url, workers):
    """The production server on `database_url`, started and waited for; yields its port."""
    port = free_port()
    env = {**os.environ, "SECRET_KEY": "bench", "DATABASE_URL": database_url, "SESSION_COOKIE_SECURE": "false"}
    command = [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-c", SERVER_SETTINGS, "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "webapp.wsgi:app"]
    server = subprocess.Popen(command, env=env)
    try:
        wait_for(port)
        yield port
    finally:
        server.terminate()
        server.wait()


def measure(port, emails, pips):
    """One burst: each person signs in, then all work through their cycles at once, every request timed."""
    # Everyone starts together; a person who failed to sign in breaks the wait rather than hang the bench.
    latencies, errors, start = [], [], threading.Barrier(len(emails) + 1, timeout=60)
    threads = [
        threading.Thread(target=client_run, args=(port, email, pip, latencies, errors, start))
        for email, pip in zip(emails, pips)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "latencies": latencies,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "rate": len(latencies) / elapsed,
        "errors": errors,
    }


def wait_for(port, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")
