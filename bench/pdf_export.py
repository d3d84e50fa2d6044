"""The committee papers as a PDF for the website (docs/meetings-and-papers.md#pdf), measured beside the Word
papers they are made from: 30 synthetic plans (bench/word_export.py: 6 factors, 5 solutions, 8 comments, 24
progress entries, 36 scores each), the Word papers built and saved, then converted by LibreOffice headless
(webapp/core/office.py) with the contents list updated. docs/quality.md sets no budget for the PDF; the Word
figure beside it has its own (≤ 1.5 s, `bench word`).

Warm figures reuse this process's LibreOffice profile; the "first" figure comes from a fresh process
(bench/first_export.py), which makes its profile first, as a worker's first PDF does. LibreOffice runs as a
process of its own: its peak resident set is read from the children's rusage, apart from the worker's."""

import io
import resource
import statistics
import time

from webapp import create_app
from webapp.core.office import soffice_path, to_pdf
from webapp.exports.papers_docx import papers_document

from .first_export import in_fresh_process
from .report import absolute_line
from .word_export import PIPS, load_note, synthetic_papers


def _word(papers):
    """(wall-clock seconds, CPU seconds): on this shared machine the one is near the quiet-machine figure the
    other stands for."""
    start, cpu = time.perf_counter(), time.process_time()
    papers_document(papers).save(io.BytesIO())
    return time.perf_counter() - start, time.process_time() - cpu


def _office_cpu():
    """CPU seconds this process's finished children (LibreOffice) have used."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _pdf(papers):
    """(wall-clock seconds, LibreOffice's CPU seconds, the PDF)."""
    start, cpu = time.perf_counter(), _office_cpu()
    data = to_pdf(papers_document(papers), contents_levels=1)
    return time.perf_counter() - start, _office_cpu() - cpu, data


def run(repeats=3):
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": "sqlite:///:memory:"})
    papers = synthetic_papers(PIPS)
    with app.app_context():
        if soffice_path() is None:
            print("PDF of the committee papers: LibreOffice is not installed (SOFFICE_PATH), not measured")
            return {}
        print(f"Committee papers of {PIPS} plans as Word and as PDF (LibreOffice headless, contents list updated):")
        print(load_note())
        first = in_fresh_process("pdf")
        _word(papers)  # warm: the chart's font loaded
        words = [_word(papers) for _ in range(repeats)]
        word = statistics.median(wall for wall, _ in words)
        word_cpu = statistics.median(cpu for _, cpu in words)
        runs = [_pdf(papers) for _ in range(repeats)]
        pdf = statistics.median(seconds for seconds, _, _ in runs)
        office_cpu = statistics.median(cpu for _, cpu, _ in runs)
    absolute_line(f"Committee papers, {PIPS} plans, Word, median of {repeats}", word, "s", most=1.5)
    absolute_line("  its CPU time", word_cpu, "s", most=1.5)
    print(
        f"  the same papers as a PDF: {pdf:.2f} s, median of {repeats} (of which Word {word:.2f} s; LibreOffice's "
        f"CPU time {office_cpu:.1f} s, near what a quiet machine takes); {len(runs[0][2]) / 1024 / 1024:.1f} MB"
    )
    print(
        f"  as a worker's first PDF (its LibreOffice profile made first): {first['seconds']:.2f} s; the worker's "
        f"extra memory {first['megabytes']:.0f} MB, LibreOffice's peak {first['office_megabytes']:.0f} MB"
    )
    return {"word": word, "word_cpu": word_cpu, "pdf": pdf, "office_cpu": office_cpu, "first_pdf": first["seconds"]}
