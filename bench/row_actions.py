"""htmx row actions (add, open for editing, save, remove a factor) from 10 concurrent clients against
gunicorn on SQLite (PRODUCT §9: p95 ≤ 30 ms and no errors)."""
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from webapp.models import Indicator, database
from webapp.pips.raising import raise_plan

from .fixtures import PASSWORD, make_app, make_register, make_user

CLIENTS = 10
CYCLES = 25  # each cycle is four row actions


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


def client_run(port, email, pip_id, latencies, errors, start, think):
    browser = Browser(port)
    browser.request("GET", "/sign-in")
    browser.request("POST", "/sign-in", {"email": email, "password": PASSWORD})
    browser.request("GET", f"/pips/{pip_id}")
    start.wait()
    for cycle in range(CYCLES):
        def timed(method, path, form=None):
            time.sleep(think)  # a person reading the page before the next action
            began = time.perf_counter()
            status, text = browser.request(method, path, form, htmx=True)
            latencies.append(time.perf_counter() - began)
            if status >= 400:
                errors.append((status, path))
            return text
        text = timed("POST", f"/pips/{pip_id}/factors", {"version": 1, "kind": "external", "duration": "temporary",
                                                         "description": f"{email} factor {cycle}"})
        factor_id = re.findall(rf"/pips/{pip_id}/factors/(\d+)/edit", text)[-1]
        form = timed("GET", f"/pips/{pip_id}/factors/{factor_id}/edit")
        version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
        timed("POST", f"/pips/{pip_id}/factors/{factor_id}", {"version": version, "duration": "long_term",
                                                               "description": f"{email} changed {cycle}"})
        timed("POST", f"/pips/{pip_id}/factors/{factor_id}/remove", {})


def run(workers=4):
    """Once with clients acting back to back (the worst case), once with a person's pause between actions."""
    return [measure(workers, think) for think in (0.0, 0.5)]


def measure(workers, think):
    app, path = make_app()
    with database.connection_context():
        emails = [make_user(email=f"officer{n}@bench.example").email for n in range(CLIENTS)]
        make_register(indicators=CLIENTS, months=24)
        raiser = make_user(email="raiser@bench.example")
        pips = [raise_plan(indicator, raiser, date.today()).id for indicator in Indicator.select()]
    port = free_port()
    env = {**os.environ, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{path}", "SESSION_COOKIE_SECURE": "false"}
    server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-w", str(workers), "-b",
                               f"127.0.0.1:{port}", "--log-level", "warning", "webapp:create_app()"], env=env)
    try:
        wait_for(port)
        latencies, errors, start = [], [], threading.Barrier(CLIENTS + 1)
        threads = [threading.Thread(target=client_run, args=(port, emails[n], pips[n], latencies, errors, start, think))
                   for n in range(CLIENTS)]
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
    pause = f"{think:g} s between actions" if think else "back to back"
    print(f"htmx row actions, {CLIENTS} concurrent clients ({pause}), gunicorn -w {workers}, SQLite:")
    print(f"  {len(latencies)} requests in {elapsed:.1f} s ({len(latencies) / elapsed:.0f}/s), errors: {len(errors)}")
    print(f"  median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95:.1f} ms (budget 30 ms)")
    return p95, errors


def wait_for(port, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")
