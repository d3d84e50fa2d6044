"""Word exports (PRODUCT §9): committee papers with 30 PIPs in ≤ 1.5 s and ≤ 60 MB extra memory; a single
PIP in ≤ 100 ms. Each PIP is realistic: 6 factors, 5 solutions, 8 comments, 24 progress entries and
36 monthly scores, each PI's different, so no two charts are the same picture.

Timed in a warm process (matplotlib already imported, as in a running server), building the document
and saving it to bytes as a download does; the first call in a fresh process, which imports
matplotlib and loads its fonts, is reported separately."""
import io
import json
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

from webapp.domain.periods import add_months
from webapp.exports.papers_docx import papers_document
from webapp.exports.pip_docx import pip_document

PIPS = 30
LATEST = date(2026, 9, 30)
WORDS = ("crews", "rounds", "vehicles", "agency", "staff", "routes", "software", "training", "demand",
         "weather", "contract", "budget", "backlog", "overtime", "depot", "recruitment")


def _sentence(rng, words=14):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _meeting(rng, body, day):
    return {"body": body, "date": day, "reference": f"{body}/{rng.randint(1, 99)}"}


def synthetic_pip(number, latest=LATEST):
    """A PIP snapshot as a published agenda would store it, with its own scores and wording."""
    rng = random.Random(number)
    factors = [{"ref": f"{prefix}{n}", "kind": kind, "duration": rng.choice(("temporary", "long_term")),
                "description": _sentence(rng)}
               for prefix, kind in (("E", "external"), ("I", "internal")) for n in (1, 2, 3)]
    solutions = [{"ref": f"S{n}", "description": _sentence(rng, 25), "target_date": f"2027-0{n}-01",
                  "factors": rng.sample([f["ref"] for f in factors], 2),
                  "resourcing": "extra_funding" if n % 2 else "within_service",
                  "funding_amount": 1000 * rng.randint(5, 60) if n % 2 else None,
                  "funding_note": _sentence(rng, 8) if n % 2 else "",
                  "time_lag": _sentence(rng, 6) if n == 3 else "", "option_group": "Option A" if n > 3 else "",
                  "strengths": _sentence(rng, 6) if n > 3 else "", "weaknesses": _sentence(rng, 6) if n > 3 else "",
                  "status": rng.choice(("proposed", "approved"))}
                 for n in range(1, 6)]
    roles = ("head_of_service", "cmt", "cmt", "omt", "members", "head_of_service", "cmt", "members")
    bodies = {"cmt": "CMT", "omt": "OMT", "members": "Audit and Performance Committee"}
    comments = [{"role": role, "author": f"Officer {n}", "date": add_months(latest, n - 8).isoformat(),
                 "text": _sentence(rng, 40),
                 "meeting": _meeting(rng, bodies[role], add_months(latest, n - 8).isoformat())
                 if role in bodies else None,
                 "approves": ["S1"] if role == "cmt" else [], "declines": ["S2"] if role == "cmt" else []}
                for n, role in enumerate(roles)]
    progress = [{"date": add_months(latest, n - 23).isoformat(), "comment": _sentence(rng, 30),
                 "score": round(rng.uniform(85, 99), 1), "final": False} for n in range(24)]
    scores = [{"period_end": add_months(latest, n - 35).isoformat(), "value": round(rng.uniform(85, 99), 1),
               "target": 96.0 + n // 12} for n in range(36)]
    plan = {
        "format": "pip/v1", "exported_at": "2026-11-22T10:00:00Z", "status": "live", "author": "Bench Officer",
        "date": "2025-10-03", "service": f"Service {number % 6}",
        "indicator": {"code": f"PI{number:02d}", "name": f"Performance indicator number {number}",
                      "description": _sentence(rng), "polarity": "higher_is_better", "unit": "percent",
                      "frequency": "monthly"},
        "details": {"target": {"value": 98.0, "as_at": "2027-03-31"},
                    "score": {"value": scores[-1]["value"], "as_at": scores[-1]["period_end"]},
                    "last_year_end_score": {"value": scores[-7]["value"], "as_at": scores[-7]["period_end"]},
                    "score_12_months_ago": {"value": scores[-13]["value"], "as_at": scores[-13]["period_end"]},
                    "comments": _sentence(rng, 30)},
        "factors": factors, "solutions": solutions, "management_comments": comments, "progress": progress,
    }
    return {"plan": plan, "indicator": {"decimal_places": 1, "tolerance": 10.0, "tolerance_kind": "relative"},
            "position": {"rag": rng.choice(("red", "amber")), "direction": rng.choice(("improving", "deteriorating"))},
            "last_update": progress[-1]["date"], "overdue": number % 5 == 0, "scores": scores}


def synthetic_papers(count=PIPS, same_months=True):
    """Committee papers. PIs reported to one meeting usually share their latest month, and the charts
    then reuse one drawing of the months along the bottom; `same_months=False` gives each PI a
    different last month, the worst case, where every chart draws its months afresh."""
    pips = [synthetic_pip(n, LATEST if same_months else add_months(LATEST, -n)) for n in range(1, count + 1)]
    return {"council": "Borsetshire District Council", "committee": "Audit and Performance Committee",
            "meeting_date": "2026-12-08", "item_number": "7", "title": "Performance Improvement Plans",
            "report_of": "Head of Performance", "contact_officer": "Graham Stoppani, Head of Performance",
            "sections": {}, "draft": False, "pips": pips}


def _download(build, data):
    """Build and save to bytes, as the view that sends the file does; returns the file's size."""
    buffer = io.BytesIO()
    build(data).save(buffer)
    return buffer.tell()


def _median_seconds(build, data, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        _download(build, data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def resident_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def in_fresh_process(kind):
    """Run by `_fresh` in a new interpreter, printing its figures as JSON.

    "pip" and "papers": the first export in the process (python-docx comes in with this module; the
    export imports matplotlib and loads its fonts). "memory": once a single-PIP export has warmed the
    process up, the peak extra memory of exporting the committee papers, as resident set growth (the
    kernel's peak, reset through /proc/self/clear_refs, so lxml's and Agg's memory outside Python
    counts) and as the Python allocations tracemalloc sees."""
    if kind == "memory":
        _download(pip_document, synthetic_pip(0))
        data = synthetic_papers()
        Path("/proc/self/clear_refs").write_text("5")
        before = resident_kb("VmRSS")
        _download(papers_document, data)
        resident = (resident_kb("VmHWM") - before) / 1024
        tracemalloc.start()
        _download(papers_document, data)
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(json.dumps({"resident": resident, "traced": traced}))
        return
    build, data = (pip_document, synthetic_pip(1)) if kind == "pip" else (papers_document, synthetic_papers())
    start = time.perf_counter()
    _download(build, data)
    print(json.dumps({"seconds": time.perf_counter() - start}))


def _fresh(kind):
    code = f"from bench.word_export import in_fresh_process; in_fresh_process({kind!r})"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parent.parent).stdout
    return json.loads(output)


def run(repeats=5):
    papers, pip = synthetic_papers(), synthetic_pip(1)
    size = _download(papers_document, papers)  # warm: matplotlib imported, its figure made
    papers_time = _median_seconds(papers_document, papers, repeats)
    varied_time = _median_seconds(papers_document, synthetic_papers(same_months=False), repeats)
    pip_time = _median_seconds(pip_document, pip, repeats * 4)
    memory, cold_pip, cold_papers = _fresh("memory"), _fresh("pip"), _fresh("papers")
    print(f"Word exports ({PIPS} PIPs of 6 factors, 5 solutions, 8 comments, 24 progress entries, 36 scores), "
          "built and saved to bytes:")
    print(f"  committee papers, {PIPS} PIPs: median of {repeats} {papers_time:.2f} s (budget 1.5 s), "
          f"{size / 1024:.0f} KB")
    print(f"    worst case, each PI's months different: {varied_time:.2f} s")
    print(f"    peak extra memory: {memory['resident']:.1f} MB resident (budget 60 MB); "
          f"Python allocations alone {memory['traced']:.1f} MB")
    print(f"  single PIP: median of {repeats * 4} {pip_time * 1000:.0f} ms (budget 100 ms)")
    print("  cold, the first export in a fresh process (it imports matplotlib and loads its fonts):")
    print(f"    single PIP {cold_pip['seconds'] * 1000:.0f} ms, committee papers {cold_papers['seconds']:.2f} s")
    return {"papers": papers_time, "papers_varied": varied_time, "pip": pip_time, "memory": memory["resident"],
            "cold_pip": cold_pip["seconds"], "cold_papers": cold_papers["seconds"]}
