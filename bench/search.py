"""Search over 5,000 plans (docs/search.md#cost, docs/quality.md): a search page ≤ 50 ms on a quiet machine, in a
constant number of statements, on SQLite and, in the same run when a server is named, PostgreSQL
(bench/engines.py).

Each plan is of the size committees see: 6 factors, 5 solutions, 8 comments and 24 progress entries of a dozen
words or so, drawn from a vocabulary with a long tail, so that a common word is in nearly every plan and a rare
one in a few. The searches timed: a rare word, a common one (every plan matches: the worst case, where only the
newest CANDIDATES matches of each kind are ranked, webapp/search/query.py), and a PI's code; each as a
performance officer (who reads every plan) and as a Head of Service (the read rule's condition applied).
"""

import random
import statistics
import time
from datetime import date

from tests.querycount import count_queries
from webapp.core.db import is_sqlite
from webapp.domain.periods import Frequency
from webapp.domain.pips import CommentRole, Duration, FactorKind, PipStatus
from webapp.domain.rating import Polarity
from webapp.domain.roles import Role
from webapp.domain.units import Unit
from webapp.models import (
    Directorate,
    Factor,
    Indicator,
    ManagementComment,
    Pip,
    ProgressUpdate,
    Service,
    Solution,
    User,
    UserService,
    database,
)
from webapp.pips import edits
from webapp.search.index import index_everything

from .engines import fresh_postgresql_database, postgresql_server
from .fixtures import PASSWORD, make_app, make_user
from .report import absolute_line, count_line

PLANS = 5000
REPEATS = 100
CHANGED_BETWEEN = 20  # plans changed between two searches, for the first search after them
_COMMON = """
staff the and of to in drivers crews rounds service demand winter agency vacancies training costs budget
recruitment targets performance households complaints residents contractor vehicles schedule overtime
sickness backlog capacity review improvement data monthly quarterly report council team manager plan
actions
"""
COMMON = _COMMON.split()  # in nearly every plan
TAIL = [f"term{n:04d}" for n in range(3000)]  # rare words, each in a handful of plans
STATUSES = [PipStatus.LIVE, PipStatus.DRAFT, PipStatus.COMPLETED, PipStatus.WITHDRAWN]


def _sentence(rng, words=14):
    return " ".join(rng.choice(TAIL) if rng.random() < 0.08 else rng.choice(COMMON) for _ in range(words))


def make_plans(count=PLANS, seed=7):
    """`count` plans of committee size, written in bulk, then indexed as schema step 7 indexes a council's."""
    rng = random.Random(seed)
    directorate = Directorate.create(name="Searched")
    services = [Service.create(name=f"Searched service {n}", directorate=directorate).id for n in range(10)]
    with database.atomic():
        Indicator.insert_many(
            [
                {
                    "code": f"S{n:05d}",
                    "name": f"Indicator {n} {_sentence(rng, 5)}",
                    "description": _sentence(rng),
                    "service": services[n % 10],
                    "polarity": Polarity.HIGHER_IS_BETTER.value,
                    "unit": Unit.PERCENT.value,
                    "frequency": Frequency.MONTHLY.value,
                }
                for n in range(count)
            ]
        ).execute()
        indicators = list(Indicator.select(Indicator.id, Indicator.code, Indicator.name).order_by(Indicator.id))
        Pip.insert_many(
            [
                {
                    "indicator": i.id,
                    "service": services[n % 10],
                    "status": STATUSES[n % 4].value,
                    "author": "Bench Officer",
                    "raised_on": date(2026, 1, 5),
                    "pi_code": i.code,
                    "pi_name": i.name,
                    "pi_description": _sentence(rng),
                    "comments": _sentence(rng),
                }
                for n, i in enumerate(indicators)
            ]
        ).execute()
        pips = [p for (p,) in Pip.select(Pip.id).order_by(Pip.id).tuples()]
        rows = {Factor: [], Solution: [], ManagementComment: [], ProgressUpdate: []}
        for pip in pips:
            for n in range(6):
                kind = FactorKind.EXTERNAL if n % 2 else FactorKind.INTERNAL
                rows[Factor].append(
                    {
                        "pip": pip,
                        "ref": f"{kind.prefix}{n // 2 + 1}",
                        "kind": kind.value,
                        "duration": Duration.TEMPORARY.value,
                        "description": _sentence(rng),
                    }
                )
            for n in range(5):
                rows[Solution].append(
                    {"pip": pip, "ref": f"S{n + 1}", "description": _sentence(rng), "strengths": _sentence(rng, 6)}
                )
            for n in range(8):
                rows[ManagementComment].append(
                    {
                        "pip": pip,
                        "role": CommentRole.HEAD_OF_SERVICE.value,
                        "author": "Bench Officer",
                        "made_on": date(2026, 2, 1 + n),
                        "text": _sentence(rng),
                    }
                )
            for n in range(24):
                rows[ProgressUpdate].append(
                    {"pip": pip, "made_on": date(2024, 1 + n % 12, 1), "comment": _sentence(rng)}
                )
        for model, batch in rows.items():
            for start in range(0, len(batch), 2000):
                model.insert_many(batch[start : start + 2000]).execute()
        index_everything()
    return services


def _signed_in(app, email):
    client = app.test_client()
    client.post("/sign-in", data={"email": email, "password": PASSWORD})
    return client


def _time(client, q, repeats):
    url = f"/search/?q={q}"
    for _ in range(5):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times) * 1000


def run(repeats=REPEATS):
    print(f"Search over {PLANS:,} plans of committee size (median of {repeats} requests each):", flush=True)
    figures = {}
    for engine in ("sqlite", "postgresql"):
        if engine == "postgresql" and not postgresql_server():
            print("Search on PostgreSQL not measured: no server named (make bench starts one)")
            break
        settings = {"WTF_CSRF_ENABLED": False}
        if engine == "postgresql":
            settings["DATABASE_URL"] = fresh_postgresql_database("bench_search")
        app, _ = make_app(settings=settings)
        with database.connection_context():
            services = make_plans()
            if engine == "postgresql":
                # As a council's database stands once autovacuum has been by: the bulk load's statistics
                # gathered and its rows' visibility settled, so that the worker does not run beside the timing.
                database.execute_sql("VACUUM ANALYZE")
            officer = make_user().email
            head = make_user(email="hos@bench.example", roles=(Role.HEAD_OF_SERVICE,))
            UserService.create(user=head, service=services[0])
            common, rare, code = "staff", TAIL[42], "S04321"
        for who, email in (("performance officer", officer), ("Head of Service", head.email)):
            client = _signed_in(app, email)
            for what, q in (
                (f"a rare word ({rare})", rare),
                (f"a common word ({common})", common),
                ("a PI's code", code),
            ):
                figure = _time(client, q, repeats)
                figures[engine, who, what] = figure
                absolute_line(f"  {engine}, {who}, {what}", figure, "ms", most=50)
            with count_queries() as statements:
                client.get(f"/search/?q={common}")
            if engine == "sqlite":
                count_line(
                    f"  {engine}, {who}: statements per search (the sign-in lookup, the page)", len(statements), most=2
                )
            else:
                count_line(
                    f"  {engine}, {who}: statements per search (the sign-in lookup, the plans changed since "
                    "indexed, the page)",
                    len(statements),
                    most=3,
                )
        figures[engine, "after changes"] = _after_changes(app, officer, common)
    return figures


def _after_changes(app, email, q, plans=CHANGED_BETWEEN, rounds=5):
    """The first search after `plans` plans each had a progress entry added: on PostgreSQL it indexes them first
    (docs/search.md#the-index); on SQLite each change indexed its plan itself. Median of `rounds`."""
    client = _signed_in(app, email)
    with database.connection_context():
        person = User.get(User.email == email)
        live = [p for (p,) in Pip.select(Pip.id).where(Pip.status == PipStatus.LIVE.value).order_by(Pip.id).tuples()]
    times = []
    for round_ in range(rounds):
        with database.connection_context():
            for pip_id in live[round_ * plans : (round_ + 1) * plans]:
                edits.add_progress(
                    pip_id, person, date(2026, 3, 1), f"Changed {_sentence(random.Random(pip_id))}", None
                )
        start = time.perf_counter()
        assert client.get(f"/search/?q={q}").status_code == 200
        times.append(time.perf_counter() - start)
    figure = statistics.median(times) * 1000
    engine = "sqlite" if is_sqlite(database) else "postgresql"
    print(f"  {engine}, the first search after {plans} plans changed: {figure:.2f} ms", flush=True)
    return figure
