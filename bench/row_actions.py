"""htmx row actions on realistic plans (6 factors, 5 solutions, 8 comments, 24 updates): add, edit and
remove a factor, a solution and a progress entry (docs/quality.md: at most 8 SQL statements each; p95 ≤ 30 ms
with 10 clients back to back against gunicorn on SQLite, no errors; on PostgreSQL at least 0.8× SQLite's
throughput, measured in the same run when a server is named, bench/engines.py)."""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from tests.querycount import count_queries
from tests.web.page_forms import changed, form_values
from webapp.domain.bodies import BodyKind
from webapp.models import Body, Indicator, Meeting, database

from .engines import fresh_postgresql_database, postgresql_server
from .fixtures import PASSWORD, make_app, make_committee_pip, make_register, make_user
from .report import absolute_line, budget_line, count_line

CLIENTS = 10
CYCLES = 4  # each cycle adds, edits and removes a factor, a solution and a progress entry: 18 requests


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
        found = re.search(r'"X-CSRFToken": "([^"]+)"', text) or re.search(r'name="csrf_token" value="([^"]+)"', text)
        if found and not htmx:
            self.token = found.group(1)
        return response.status, text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _form(browser, path):
    """The form on the htmx fragment at `path`, as the browser would send it."""
    _, text = browser.request("GET", path, htmx=True)
    return text


def client_run(port, email, pip_id, latencies, errors, start, think):
    """One person working on their own realistic plan: each cycle adds, edits and removes a factor, a
    solution and a progress entry, opening each form first as the page does (every request timed)."""
    browser = Browser(port)
    browser.request("GET", "/sign-in")
    browser.request("POST", "/sign-in", {"email": email, "password": PASSWORD})
    browser.request("GET", f"/pips/{pip_id}")
    base = f"/pips/{pip_id}"
    start.wait()

    def timed(method, path, form=None):
        time.sleep(think)  # a person reading the page before the next action
        began = time.perf_counter()
        status, text = browser.request(method, path, form, htmx=True)
        latencies.append(time.perf_counter() - began)
        if status >= 400:
            errors.append((status, path))
        return text

    def submit(page, action, **changes):
        text = timed("GET", page)
        values = changed(form_values(text, action.removesuffix("/remove")), **changes)
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
        values = changed(form_values(text, action.removesuffix("/remove")), **changes)
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


def run(workers=4):
    """Row actions on realistic plans: SQL statements per action, then 10 clients against gunicorn back to
    back (the worst case), on SQLite, and on PostgreSQL in the same run when a server is named."""
    results = {}
    counted = False
    for engine in ("sqlite", "postgresql"):
        if engine == "postgresql" and not postgresql_server():
            print("Row actions on PostgreSQL not measured: no server named (make bench starts one)")
            break
        url = fresh_postgresql_database("bench_row_actions") if engine == "postgresql" else None
        app, database_url, emails, pips = setup(url)
        if not counted:
            counts = statements_per_action(app, emails[-1], pips[-1])
            print("SQL statements per row action, on a plan of 6 factors, 5 solutions, 8 comments, 24 updates:")
            for name, count in counts.items():
                count_line(f"  {name}", count, most=8)
            counted = True
        results[engine] = measure(database_url, emails[:CLIENTS], pips[:CLIENTS], workers, 0.0, engine)
        if engine == "sqlite":  # what one person alone waits: the app's own time, without a queue
            results["alone"] = measure(database_url, emails[CLIENTS:], pips[CLIENTS:], workers, 0.0, engine)
    sqlite = results["sqlite"]
    absolute_line(f"  p95 of row actions, {CLIENTS} clients back to back, SQLite", sqlite["p95"], "ms", most=30)
    print(f"  (one client alone: p95 {results['alone']['p95']:.1f} ms; ten clients share {os.cpu_count()} cores)")
    if "postgresql" in results:
        budget_line(
            "  row-action throughput, PostgreSQL vs SQLite",
            results["postgresql"]["rate"],
            sqlite["rate"],
            "requests/s",
            least=0.8,
        )
    return results


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


def measure(database_url, emails, pips, workers, think, engine):
    port = free_port()
    env = {**os.environ, "SECRET_KEY": "bench", "DATABASE_URL": database_url, "SESSION_COOKIE_SECURE": "false"}
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "webapp.wsgi:app",
        ],
        env=env,
    )
    try:
        wait_for(port)
        latencies, errors, start = [], [], threading.Barrier(len(emails) + 1)
        threads = [
            threading.Thread(target=client_run, args=(port, email, pip, latencies, errors, start, think))
            for email, pip in zip(emails, pips)
        ]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    rate = len(latencies) / elapsed
    print(f"Row actions on realistic plans, {len(emails)} clients back to back, gunicorn -w {workers}, {engine}:")
    print(f"  {len(latencies)} requests in {elapsed:.1f} s ({rate:.0f}/s), errors: {len(errors)} {errors[:3]}")
    print(f"  median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95:.1f} ms")
    return {"p95": p95, "rate": rate, "errors": errors}


def wait_for(port, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")
