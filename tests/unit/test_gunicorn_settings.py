"""The production server's settings (gunicorn.conf.py): a worker a core and one more, and a timeout that
outlasts the longest PDF, each overridable from the environment as the README says."""

import os
import runpy
from pathlib import Path

SETTINGS = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _settings(monkeypatch, **environment):
    for name in ("WEB_CONCURRENCY", "OFFICE_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_a_worker_a_core_and_one_more(monkeypatch):
    assert _settings(monkeypatch)["workers"] == (os.cpu_count() or 1) + 1
    assert _settings(monkeypatch, WEB_CONCURRENCY="5")["workers"] == 5


def test_a_worker_making_a_pdf_is_not_killed_before_libreoffice_is_stopped(monkeypatch):
    assert _settings(monkeypatch)["timeout"] == 120 + 30
    assert _settings(monkeypatch, OFFICE_TIMEOUT_SECONDS="300")["timeout"] == 330
