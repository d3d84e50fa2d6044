"""Word exports built from printed plans, without the database (docs/quality.md): committee papers' cost a plan at
100 plans within 1.1x of their cost a plan at 5; 30 plans in ≤ 1.5 s and ≤ 60 MB extra even as a
worker's first export; a single PIP in ≤ 100 ms. Each PIP is realistic: 6 factors, 5 solutions, 8
comments, 24 progress entries and 36 monthly scores, each PI's different, so no two charts are the same.

Each export is built and saved to bytes, as a download does. Warm figures come from this process, after
a first export; first-export figures from a fresh process (bench/first_export.py), which has imported the
app as a worker has but exported nothing, so its memory growth is the export's own."""

import io
import os
import random
import statistics
import time
from datetime import date

from webapp.domain.periods import add_months
from webapp.exports.papers_docx import papers_document
from webapp.exports.pip_docx import pip_document

from .first_export import in_fresh_process
from .report import absolute_line, budget_line

PIPS = 30
LATEST = date(2026, 9, 30)
WORDS = (
    "crews",
    "rounds",
    "vehicles",
    "agency",
    "staff",
    "routes",
    "software",
    "training",
    "demand",
    "weather",
    "contract",
    "budget",
    "backlog",
    "overtime",
    "depot",
    "recruitment",
)


def _sentence(rng, words=14):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _meeting(rng, body, day):
    return {"body": body, "date": day, "reference": f"{body}/{rng.randint(1, 99)}"}


def synthetic_pip(number, latest=LATEST):
    """A printed plan as published papers would store it, with its own scores and wording."""
    rng = random.Random(number)
    factors = [
        {
            "ref": f"{prefix}{n}",
            "kind": kind,
            "duration": rng.choice(("temporary", "long_term")),
            "description": _sentence(rng),
        }
        for prefix, kind in (("E", "external"), ("I", "internal"))
        for n in (1, 2, 3)
    ]
    solutions = [
        {
            "ref": f"S{n}",
            "description": _sentence(rng, 25),
            "target_date": f"2027-0{n}-01",
            "factors": rng.sample([f["ref"] for f in factors], 2),
            "resourcing": "extra_funding" if n % 2 else "within_service",
            "funding_amount": 1000 * rng.randint(5, 60) if n % 2 else None,
            "funding_note": _sentence(rng, 8) if n % 2 else "",
            "time_lag": _sentence(rng, 6) if n == 3 else "",
            "option_group": "Option A" if n > 3 else "",
            "strengths": _sentence(rng, 6) if n > 3 else "",
            "weaknesses": _sentence(rng, 6) if n > 3 else "",
            "status": rng.choice(("proposed", "approved")),
        }
        for n in range(1, 6)
    ]
    roles = ("head_of_service", "cmt", "cmt", "omt", "members", "head_of_service", "cmt", "members")
    bodies = {"cmt": "CMT", "omt": "OMT", "members": "Audit and Performance Committee"}
    comments = [
        {
            "role": role,
            "author": f"Officer {n}",
            "date": add_months(latest, n - 8).isoformat(),
            "text": _sentence(rng, 40),
            "meeting": _meeting(rng, bodies[role], add_months(latest, n - 8).isoformat()) if role in bodies else None,
            "approves": ["S1"] if role == "cmt" else [],
            "declines": ["S2"] if role == "cmt" else [],
        }
        for n, role in enumerate(roles)
    ]
    progress = [
        {
            "date": add_months(latest, n - 23).isoformat(),
            "comment": _sentence(rng, 30),
            "score": round(rng.uniform(85, 99), 1),
            "final": False,
        }
        for n in range(24)
    ]
    scores = [
        {
            "period_end": add_months(latest, n - 35).isoformat(),
            "value": round(rng.uniform(85, 99), 1),
            "target": 96.0 + n // 12,
        }
        for n in range(36)
    ]
    plan = {
        "format": "pip/v1",
        "exported_at": "2026-11-22T10:00:00Z",
        "status": "live",
        "author": "Bench Officer",
        "date": "2025-10-03",
        "service": f"Service {number % 6}",
        "indicator": {
            "code": f"PI{number:02d}",
            "name": f"Performance indicator number {number}",
            "description": _sentence(rng),
            "polarity": "higher_is_better",
            "unit": "percent",
            "frequency": "monthly",
        },
        "details": {
            "target": {"value": 98.0, "as_at": "2027-03-31"},
            "score": {"value": scores[-1]["value"], "as_at": scores[-1]["period_end"]},
            "last_year_end_score": {"value": scores[-7]["value"], "as_at": scores[-7]["period_end"]},
            "score_12_months_ago": {"value": scores[-13]["value"], "as_at": scores[-13]["period_end"]},
            "comments": _sentence(rng, 30),
        },
        "factors": factors,
        "solutions": solutions,
        "management_comments": comments,
        "progress": progress,
    }
    return {
        "plan": plan,
        "indicator": {"decimal_places": 1, "tolerance": 10.0, "tolerance_kind": "relative"},
        "position": {"rag": rng.choice(("red", "amber")), "direction": rng.choice(("improving", "deteriorating"))},
        "last_update": progress[-1]["date"],
        "overdue": number % 5 == 0,
        "scores": scores,
    }


def synthetic_papers(count=PIPS):
    """Committee papers of `count` synthetic PIPs."""
    pips = [synthetic_pip(n) for n in range(1, count + 1)]
    return {
        "council": "Borsetshire District Council",
        "committee": "Audit and Performance Committee",
        "meeting_date": "2026-12-08",
        "item_number": "7",
        "title": "Performance Improvement Plans",
        "report_of": "Head of Performance",
        "contact_officer": "Graham Stoppani, Head of Performance",
        "sections": {},
        "draft": False,
        "pips": pips,
    }


def _download(build, data):
    """Build and save to bytes, as the view that sends the file does; returns the file's size."""
    buffer = io.BytesIO()
    build(data).save(buffer)
    return buffer.tell()


def _seconds(build, data):
    start = time.perf_counter()
    _download(build, data)
    return time.perf_counter() - start


def per_plan_at_few_and_many(time_papers, few=5, many=100, rounds=3):
    """Median seconds a plan of committee papers at `few` plans and at `many`. The two sizes take turns,
    several small ones to each large one, so both see the same load on a shared machine."""
    small, large = [], []
    for _ in range(rounds):
        for _ in range(4):
            small.append(time_papers(few) / few)
        large.append(time_papers(many) / many)
    return statistics.median(small), statistics.median(large)


def print_marginal(few, many, count_few=5, count_many=100):
    """What a plan costs on its own between the two sizes, and what a pack costs whatever its size: the
    ratio compares costs a plan, which a pack's fixed cost flatters at the smaller size."""
    marginal = (many * count_many - few * count_few) / (count_many - count_few)
    print(
        f"  a plan's own cost from {count_few} to {count_many} plans: {marginal * 1000:.1f} ms; "
        f"a pack's fixed cost: {(few - marginal) * count_few * 1000:.0f} ms"
    )


def load_note():
    return (
        f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: ratios hold under load, "
        "the absolute budgets are for a quiet machine)"
    )


def run(repeats=5):
    papers = {count: synthetic_papers(count) for count in (5, 30, 100)}
    _download(papers_document, papers[5])  # warm: the chart's font loaded
    print(
        "Word exports from snapshots (no database), PIPs of 6 factors, 5 solutions, 8 comments, 24 progress "
        "entries and 36 scores, built and saved to bytes:"
    )
    print(load_note())
    few, many = per_plan_at_few_and_many(lambda count: _seconds(papers_document, papers[count]))
    budget_line("Committee papers, a plan's cost at 100 plans vs at 5", many * 1000, few * 1000, "ms", most=1.1)
    print_marginal(few, many)
    thirty = statistics.median(_seconds(papers_document, papers[30]) for _ in range(repeats))
    absolute_line(f"Committee papers, {PIPS} plans, median of {repeats}", thirty, "s", most=1.5)
    single = statistics.median(_seconds(pip_document, synthetic_pip(1)) for _ in range(repeats * 4))
    absolute_line(f"Single PIP, median of {repeats * 4}", single * 1000, "ms", most=100)
    first = in_fresh_process("papers")
    absolute_line(f"Committee papers, {PIPS} plans, a worker's first export", first["seconds"], "s", most=1.5)
    absolute_line("  its extra memory (resident set growth, fresh process)", first["megabytes"], "MB", most=60)
    first_pip = in_fresh_process("pip")
    print(
        f"  single PIP as a worker's first export: {first_pip['seconds'] * 1000:.0f} ms, "
        f"{first_pip['megabytes']:.1f} MB extra; committee papers of {PIPS} plans: "
        f"{_download(papers_document, papers[30]) / 1024:.0f} KB"
    )
    return {
        "per_plan_few": few,
        "per_plan_many": many,
        "papers": thirty,
        "pip": single,
        "first_papers": first["seconds"],
        "first_memory": first["megabytes"],
    }
