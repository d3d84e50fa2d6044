"""A worker's first Word export, run in a fresh process by bench/word_export.py and bench/papers_download.py:
nothing has exported in it before, so the time includes the first use of the chart's font and the
memory is the export's own, not memory an earlier export left for it to reuse.

    python -m bench.first_export papers|pip                   the builder alone, on synthetic printed plans
    python -m bench.first_export pdf                          30 plans' papers as a PDF (bench/pdf_export.py)
    python -m bench.first_export download DATABASE_URL URL    a download through the app, signed in

The process starts as a worker does (the app created, so its modules are imported) and reads its input
first; then the export is timed, and its extra memory read as resident set growth: the kernel's peak
(VmHWM, reset through /proc/self/clear_refs) over the resident set before, so memory outside Python
(lxml's, Pillow's) counts. Prints {"seconds": ..., "megabytes": ...} as JSON.
"""

import io
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def resident_kb(field):
    """VmRSS (resident now) or VmHWM (the peak since the last reset) of this process, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def measured(export):
    """Runs `export` once: (seconds, extra megabytes at its peak)."""
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM starts again from the resident set now
    before = resident_kb("VmRSS")
    start = time.perf_counter()
    export()
    seconds = time.perf_counter() - start
    return seconds, (resident_kb("VmHWM") - before) / 1024


def _builder(kind):
    from webapp import create_app
    from webapp.exports.papers_docx import papers_document
    from webapp.exports.pip_docx import pip_document

    from .word_export import synthetic_papers, synthetic_pip

    create_app({"SECRET_KEY": "bench", "DATABASE_URL": "sqlite:///:memory:"})
    build, data = (pip_document, synthetic_pip(1)) if kind == "pip" else (papers_document, synthetic_papers(30))
    return lambda: build(data).save(io.BytesIO())


def _pdf():
    """The 30 plans' papers as a PDF in an app's context, as a download makes it (webapp/core/office.py)."""
    from webapp import create_app
    from webapp.core.office import to_pdf
    from webapp.exports.papers_docx import papers_document

    from .word_export import synthetic_papers

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": "sqlite:///:memory:"})
    data = synthetic_papers(30)

    def export():
        with app.app_context():
            to_pdf(papers_document(data), contents_levels=1)

    return export


def _download(database_url, url):
    from webapp import create_app

    from .fixtures import PASSWORD

    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "bench",
            "DATABASE_URL": database_url,
            "SESSION_COOKIE_SECURE": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = app.test_client()
    assert client.post("/sign-in", data={"email": "perf@bench.example", "password": PASSWORD}).status_code == 302

    def download():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return download


def in_fresh_process(*arguments):
    """Runs this module in a new interpreter with `arguments`: {"seconds": ..., "megabytes": ...}."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.first_export", *arguments],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPOSITORY,
    ).stdout
    return json.loads(output.splitlines()[-1])


def main(kind, *arguments):
    export = _download(*arguments) if kind == "download" else _pdf() if kind == "pdf" else _builder(kind)
    seconds, megabytes = measured(export)
    # LibreOffice's own peak, a process apart (0 when the export ran none)
    office = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "megabytes": megabytes, "office_megabytes": office}))


if __name__ == "__main__":
    main(*sys.argv[1:])
