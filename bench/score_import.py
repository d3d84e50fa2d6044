"""A 10,000-row score file (docs/score-imports.md, README "Benchmarks"): its preview through the app in ≤ 2 s
and its confirm, applying it whole, in ≤ 5 s on SQLite, on a register of 1,000 monthly PIs with 36 months
of scores; half the rows correct saved scores, half are new. The statements a preview and an apply send are
counted at 10 rows and at 10,000: the same, not one a row (tested at 10 and 1,000 rows in
tests/web/indicators/test_target_imports.py)."""

import io
import re
import statistics
import tempfile
import time

from openpyxl import Workbook

from tests.querycount import count_queries
from webapp.domain.periods import add_months
from webapp.domain.score_files import Kind
from webapp.indicators.score_imports import apply_file, preview
from webapp.models import Score, database

from .excel_saved import as_excel_saves
from .fixtures import LATEST, PASSWORD, make_app, make_register, make_user
from .report import absolute_line, count_line

PIS = 1000
MONTHS = 36
ROWS = 10_000


def _months():
    """5 months the register has (corrections) and 5 before its first score (new)."""
    saved = [add_months(LATEST, -m) for m in range(5)]
    earlier = [add_months(LATEST, -(MONTHS + m)) for m in range(5)]
    return saved + earlier


def score_file(rows=ROWS, pis=PIS, shift=0):
    """An XLSX file of `rows` scores, as Excel saves it: dates as dates, numbers as numbers, text shared."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["PI code", "PI name", "Period end", "Score", "Note"])
    months = _months()
    for n in range(rows):
        pi, month = divmod(n, len(months))
        sheet.append(
            [f"B{pi % pis:04d}", f"Benchmark indicator {pi}", months[month], 60 + (n + shift) % 40 + 0.5, "Imported"]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return as_excel_saves(buffer.getvalue())


def _upload(client, data):
    return client.post(
        "/indicators/import/scores",
        data={"document": (io.BytesIO(data), "scores.xlsx")},
        content_type="multipart/form-data",
    )


def run(repeats=3):
    print(f"Score import: a {ROWS:,}-row XLSX file on {PIS:,} PIs with {MONTHS} months of scores (SQLite):", flush=True)
    app, _ = make_app(settings={"WTF_CSRF_ENABLED": False, "UPLOADS_FOLDER": tempfile.mkdtemp()})
    with database.connection_context():
        user = make_user()
        make_register(indicators=PIS, months=MONTHS)
    data = score_file()
    client = app.test_client()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})

    timings, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = _upload(client, data)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)  # the time on a quiet machine, near enough, on a busy one
        assert response.status_code == 200, response.status_code
    absolute_line(
        f"{ROWS:,}-row score file previewed through the app (median of {repeats}; "
        f"{statistics.median(cpu):.2f} s of CPU)",
        statistics.median(timings),
        "s",
        2.0,
    )

    token = re.search(r'name="token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)).group(1)
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.post("/indicators/import/scores/confirm", data={"token": token})
    elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert response.status_code == 302, response.status_code
    with database.connection_context():
        assert Score.select().count() == PIS * MONTHS + ROWS // 2
    absolute_line(
        f"{ROWS:,}-row score file applied through the app (read and checked again, one transaction; "
        f"{elapsed_cpu:.2f} s of CPU)",
        elapsed,
        "s",
        5.0,
    )

    counts = {}
    for shift, rows in enumerate((10, ROWS), 1):
        small = score_file(rows, shift=shift)  # values the register does not have yet: every row is written
        with app.app_context(), database.connection_context():
            with count_queries() as previewing:
                preview(small, "scores.xlsx", Kind.SCORES)
            with count_queries() as applying:
                apply_file(small, "scores.xlsx", Kind.SCORES, user.id)
        counts[rows] = (len(previewing), len(applying))
    for rows, (previewing, applying) in counts.items():
        print(f"  statements at {rows:,} rows: {previewing} to preview, {applying} to apply", flush=True)
    most = counts[10][0] + counts[10][1] + 10  # a batch of 5,000 rows is one statement; standings 500 PIs a batch
    count_line(
        f"Statements to preview and apply {ROWS:,} rows (at 10 rows: {sum(counts[10])})", sum(counts[ROWS]), most
    )
