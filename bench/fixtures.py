"""Building benchmark data sets straight into a fresh SQLite database."""

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from werkzeug.security import generate_password_hash

from webapp import create_app
from webapp.core.migrations import init_db
from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency, add_months, financial_year
from webapp.domain.pips import CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.domain.rating import Polarity
from webapp.domain.roles import Role
from webapp.domain.units import Unit
from webapp.indicators import standings
from webapp.models import (
    Body,
    Directorate,
    Factor,
    Indicator,
    ManagementComment,
    Meeting,
    Pip,
    PipChange,
    ProgressUpdate,
    Score,
    Service,
    Solution,
    SolutionDecision,
    SolutionFactor,
    Target,
    User,
    UserRole,
    database,
)

PASSWORD = "benchmark-password"
LATEST = date(2026, 10, 31)


def make_app(path=None, settings=None):
    path = path or Path(tempfile.mkdtemp()) / "bench.db"
    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{path}",
            "SESSION_COOKIE_SECURE": False,
            "WTF_CSRF_SSL_STRICT": False,
            **(settings or {}),
        }
    )
    with database.connection_context():
        init_db()
    return app, path


def make_user(email="perf@bench.example", roles=(Role.PERFORMANCE,)):
    user = User.create(
        email=email, name="Bench Officer", password_hash=generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    )
    for role in roles:
        UserRole.create(user=user, role=role)
    return user


def make_register(indicators=1000, months=36, seed=1):
    """`indicators` monthly PIs with `months` scores each and a target per financial year."""
    rng = random.Random(seed)
    directorate = Directorate.create(name="Bench")
    services = [Service.create(name=f"Service {n}", directorate=directorate) for n in range(10)]
    with database.atomic():
        Indicator.insert_many(
            [
                {
                    "code": f"B{n:04d}",
                    "name": f"Benchmark indicator {n}",
                    "description": "",
                    "service": services[n % 10].id,
                    "polarity": (Polarity.HIGHER_IS_BETTER if n % 2 else Polarity.LOWER_IS_BETTER).value,
                    "unit": Unit.PERCENT.value,
                    "decimal_places": 1,
                    "frequency": Frequency.MONTHLY.value,
                }
                for n in range(indicators)
            ]
        ).execute()
        ids = [i.id for i in Indicator.select(Indicator.id)]
        ends = [add_months(LATEST, -m) for m in range(months)]
        years = sorted({financial_year(end) for end in ends})
        Target.insert_many([{"indicator": i, "financial_year": y, "value": 90.0} for i in ids for y in years]).execute()
        rows = [
            {"indicator": i, "period_end": end, "value": round(rng.uniform(70, 100), 1)} for i in ids for end in ends
        ]
        for start in range(0, len(rows), 5000):
            Score.insert_many(rows[start : start + 5000]).execute()
        standings.refresh(ids)
    return ids


def make_big_pip(user, factors=20, solutions=15, comments=30, progress=60):
    """A PIP of the size docs/quality.md budgets for."""
    ids = make_register(indicators=1, months=36)
    indicator = Indicator.get_by_id(ids[0])
    body = Body.create(name="CMT", kind=BodyKind.CMT)
    meetings = [Meeting.create(body=body, date=add_months(LATEST, -m), title="CMT") for m in range(6)]
    pip = Pip.create(
        indicator=indicator,
        service=indicator.service,
        author="Bench Officer",
        raised_on=date(2025, 10, 1),
        status=PipStatus.LIVE,
        went_live_on=date(2025, 10, 15),
        pi_code=indicator.code,
        pi_name=indicator.name,
        pi_description="A long description " * 5,
        target_value=90.0,
        target_as_at=date(2027, 3, 31),
        score_value=85.0,
        score_as_at=LATEST,
        comments="Target set at the upper quartile. " * 5,
    )
    made = []
    for n in range(factors):
        kind = FactorKind.EXTERNAL if n % 2 else FactorKind.INTERNAL
        made.append(
            Factor.create(
                pip=pip,
                ref=f"{kind.prefix}{n // 2 + 1}",
                kind=kind,
                duration=Duration.TEMPORARY if n % 3 else Duration.LONG_TERM,
                description=f"Factor {n}: staff turnover and winter weather. " * 3,
            )
        )
    for n in range(solutions):
        solution = Solution.create(
            pip=pip,
            ref=f"S{n + 1}",
            description=f"Solution {n}: agency staff. " * 4,
            target_date=date(2026, 12, 1),
            resourcing=Resourcing.EXTRA_FUNDING,
            funding_amount=18000,
            funding_note="Winter pressures reserve",
            option_group="Option A" if n < 2 else "",
            status=SolutionStatus.APPROVED,
        )
        for factor in (made[n % factors], made[(n + 1) % factors]):
            SolutionFactor.create(solution=solution, factor=factor)
    for n in range(comments):
        role = CommentRole.CMT if n % 2 else CommentRole.HEAD_OF_SERVICE
        ManagementComment.create(
            pip=pip,
            role=role,
            author="Chief Executive",
            made_on=date(2026, 1, 1 + n % 28),
            text=f"Comment {n}. " * 10,
            meeting=meetings[n % 6] if n % 2 else None,
            recorded_by=user,
        )
    for n in range(progress):
        ProgressUpdate.create(
            pip=pip,
            made_on=add_months(date(2021, 11, 15), n),
            comment=f"Update {n}. " * 8,
            score=80 + n % 10,
            recorded_by=user,
        )
    Pip.update(last_external_number=factors, last_internal_number=factors, last_solution_number=solutions).execute()
    return pip


def make_committee_pip(indicator, cmt_meeting, user=None):
    """A Live plan of the size committees see (issue 9): 6 factors, 5 solutions, 8 management comments
    (the CMT's made at `cmt_meeting`, each approving one solution and declining another) and 24 progress
    entries. Its PI's scores come from make_register: 36 months of them."""
    pip = Pip.create(
        indicator=indicator,
        service=indicator.service,
        author="Bench Officer",
        raised_on=date(2024, 10, 1),
        status=PipStatus.LIVE,
        went_live_on=date(2024, 10, 15),
        pi_code=indicator.code,
        pi_name=indicator.name,
        pi_description="Collections on the day. " * 3,
        target_value=90.0,
        target_as_at=date(2027, 3, 31),
        score_value=85.0,
        score_as_at=LATEST,
        comments="Target set at the upper quartile of our nearest neighbours. " * 2,
        last_external_number=3,
        last_internal_number=3,
        last_solution_number=5,
    )
    factors = []
    for n in range(6):
        kind = FactorKind.EXTERNAL if n % 2 else FactorKind.INTERNAL
        factors.append(
            Factor.create(
                pip=pip,
                ref=f"{kind.prefix}{n // 2 + 1}",
                kind=kind,
                duration=Duration.TEMPORARY if n % 3 else Duration.LONG_TERM,
                description=f"Factor {n}: staff turnover and winter weather. " * 2,
            )
        )
    solutions = []
    for n in range(5):
        solution = Solution.create(
            pip=pip,
            ref=f"S{n + 1}",
            description=f"Solution {n}: agency staff. " * 3,
            target_date=date(2026, 12, 1),
            resourcing=Resourcing.EXTRA_FUNDING,
            funding_amount=18000,
            funding_note="Winter pressures reserve",
            status=SolutionStatus.APPROVED,
        )
        for factor in (factors[n], factors[n + 1]):
            SolutionFactor.create(solution=solution, factor=factor)
        solutions.append(solution)
    for n in range(8):
        cmt = n % 2 == 1
        comment = ManagementComment.create(
            pip=pip,
            role=CommentRole.CMT if cmt else CommentRole.HEAD_OF_SERVICE,
            author="Chief Executive",
            made_on=date(2025, 1 + n, 10),
            text=f"Comment {n}. " * 12,
            meeting=cmt_meeting if cmt else None,
            minute_reference="CMT/25/4" if cmt else "",
            recorded_by=user,
        )
        if cmt:
            SolutionDecision.create(comment=comment, solution=solutions[n // 2], approved=True)
            SolutionDecision.create(comment=comment, solution=solutions[n // 2 + 1], approved=False)
    for n in range(24):
        ProgressUpdate.create(
            pip=pip,
            made_on=date(2024 + (10 + n) // 12, (10 + n) % 12 + 1, 15),
            comment=f"Update {n}: agency drivers on the rounds. " * 3,
            score=80 + n % 10,
            recorded_by=user,
        )
    return pip


def make_listed_register(size, user, months=13):
    """The register the list pages are timed on (docs/quality.md: the same cost at 100 and 5,000 rows).

    `size` PIs that need attention (Red, or Amber and deteriorating, in turn) and no plan, so the
    exceptions have `size` rows; beside them `size` Green PIs with one plan each (Live, Draft,
    Completed and Withdrawn in turn, the Live ones with three progress updates, a third of them
    overdue), so the plan list has `size` rows; `months` monthly scores for every PI and a target for
    each financial year; and one plan with `size` changes in its History. Returns that plan."""
    directorate = Directorate.create(name="Listed")
    services = [Service.create(name=f"Listed service {n}", directorate=directorate).id for n in range(10)]
    with database.atomic():
        Indicator.insert_many(
            [
                {
                    "code": f"{'A' if n < size else 'P'}{n % size:05d}",
                    "name": f"Listed indicator {n}",
                    "description": "",
                    "service": services[n % 10],
                    "polarity": Polarity.HIGHER_IS_BETTER.value,
                    "unit": Unit.PERCENT.value,
                    "decimal_places": 1,
                    "frequency": Frequency.MONTHLY.value,
                }
                for n in range(2 * size)
            ]
        ).execute()
        ids = [i for (i,) in Indicator.select(Indicator.id).order_by(Indicator.id).tuples()]
        ends = [add_months(LATEST, -m) for m in reversed(range(months))]
        Target.insert_many(
            [
                {"indicator": i, "financial_year": year, "value": 90}
                for i in ids
                for year in sorted({financial_year(end) for end in ends})
            ]
        ).execute()
        green = [86] * (months - 1) + [95]  # improving
        red, amber = [86] * (months - 2) + [80, 70], [86] * (months - 2) + [88, 85]  # amber deteriorating
        scores = [
            {"indicator": i, "period_end": end, "value": value}
            for n, i in enumerate(ids)
            for end, value in zip(ends, green if n >= size else red if n % 2 else amber)
        ]
        for batch in range(0, len(scores), 5000):
            Score.insert_many(scores[batch : batch + 5000]).execute()

        statuses = [PipStatus.LIVE, PipStatus.DRAFT, PipStatus.COMPLETED, PipStatus.WITHDRAWN]
        Pip.insert_many(
            [
                {
                    "indicator": i,
                    "service": services[n % 10],
                    "status": statuses[n % 4].value,
                    "author": "Bench Officer",
                    "raised_on": date(2026, 1, 5),
                    "went_live_on": date(2026, 1, 20) if n % 4 != 1 else None,
                    "closed_on": date(2026, 9, 1) if n % 4 > 1 else None,
                    "pi_code": f"P{n:05d}",
                    "pi_name": f"Listed indicator {size + n}",
                    "version": 1,
                }
                for n, i in enumerate(ids[size:])
            ]
        ).execute()
        live = [p for (p,) in Pip.select(Pip.id).where(Pip.status == PipStatus.LIVE.value).order_by(Pip.id).tuples()]
        today = date.today()  # a monthly PI's update is due a month after the last: 0 or 25 days ago is not overdue
        ProgressUpdate.insert_many(
            [
                {
                    "pip": p,
                    "made_on": today - timedelta(days=n % 3 * 25 + 30 * month),
                    "comment": "Agency drivers on the rounds.",
                    "recorded_by": user.id,
                }
                for n, p in enumerate(live)
                for month in range(3)
            ]
        ).execute()
        history = live[0]
        changes = [
            {
                "pip": history,
                "changed_by": user.id,
                "version": n + 1,
                "subject": "details",
                "what": "Section 1: Comments",
                "before": f"Version {n:05d}. " * 8,
                "after": f"Version {n + 1:05d}. " * 8,
            }  # the same length at either size
            for n in range(size)
        ]
        for batch in range(0, len(changes), 2000):
            PipChange.insert_many(changes[batch : batch + 2000]).execute()
        Pip.update(version=size + 1).where(Pip.id == history).execute()
        standings.refresh(ids)
    return Pip.get_by_id(history)
