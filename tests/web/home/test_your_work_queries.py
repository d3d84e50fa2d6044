"""Your work costs the same number of statements for 10 plans and PIs as for 5,000 (docs/quality.md,
docs/your-work.md), for each role and for all of them at once, on SQLite and PostgreSQL."""

import re
from datetime import date, timedelta

import pytest

from tests.conftest import PASSWORD
from tests.querycount import count_queries
from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency, financial_year
from webapp.domain.pips import PipStatus, SolutionStatus
from webapp.domain.rating import Polarity, Rag
from webapp.domain.referrals import Outcome
from webapp.domain.roles import Role
from webapp.domain.units import Unit
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    Directorate,
    Indicator,
    Meeting,
    Pip,
    ProgressUpdate,
    Service,
    Solution,
    Standing,
    Target,
    User,
    UserRole,
    database,
    utcnow,
)

TODAY = date.today()
FREQUENCIES = list(Frequency)
STATUSES = [PipStatus.LIVE, PipStatus.DRAFT, PipStatus.COMPLETED, PipStatus.WITHDRAWN]
BATCH = 500


def _insert(model, rows):
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start : start + BATCH]).execute()


def _ids(query):
    return [row_id for (row_id,) in query.tuples()]


def grow(first, count):
    """`count` more of everything Your work counts, numbered from `first`: PIs (half needing attention with
    no plan, a third with no score for the last period, half with no target this year), plans in every
    status (the Live ones overdue or due soon, each with a Proposed solution; the Drafts each with a
    declined one), plans on past committee papers with no outcome or no decision, and users with no role
    and Heads of Service with no service. Standings are written straight, as the register would keep them."""
    services = _ids(Service.select(Service.id).order_by(Service.id))
    this_year = financial_year(TODAY)
    numbers = range(first, first + count)
    with database.atomic():
        _insert(
            Indicator,
            [
                {
                    "code": f"W{n:05d}",
                    "name": f"Indicator {n}",
                    "service": services[n % len(services)],
                    "polarity": Polarity.HIGHER_IS_BETTER.value,
                    "unit": Unit.PERCENT.value,
                    "frequency": FREQUENCIES[n % 3].value,
                }
                for n in numbers
            ],
        )
        pis = _ids(Indicator.select(Indicator.id).where(Indicator.code >= f"W{first:05d}").order_by(Indicator.code))
        _insert(
            Standing,
            [
                {
                    "indicator": pi,
                    "rag": (Rag.RED if n % 2 else Rag.GREEN).value,
                    "needs_attention": n % 2 == 1,
                    "latest_period_end": date(2020, 3, 31) if n % 3 == 0 else TODAY - timedelta(days=1),
                }
                for n, pi in zip(numbers, pis, strict=True)
            ],
        )
        _insert(Target, [{"indicator": pi, "financial_year": this_year, "value": 90} for pi in pis[::2]])
        # Plans on the PIs that need no attention (an open plan would take a PI off the exceptions).
        planned = [(n, pi) for n, pi in zip(numbers, pis, strict=True) if n % 2 == 0]
        _insert(
            Pip,
            [
                {
                    "indicator": pi,
                    "service": services[n % len(services)],
                    "status": STATUSES[n // 2 % 4].value,
                    "author": "Jane Smith",
                    "raised_on": TODAY - timedelta(days=200),
                    "went_live_on": TODAY - timedelta(days=100 + n % 60),
                    "pi_code": f"W{n:05d}",
                    "pi_name": f"Indicator {n}",
                }
                for n, pi in planned
            ],
        )
        plans = list(
            Pip.select(Pip.id, Pip.status).where(Pip.pi_code >= f"W{first:05d}").order_by(Pip.pi_code).tuples()
        )
        live = [pip for pip, status in plans if status == PipStatus.LIVE.value]
        drafts = [pip for pip, status in plans if status == PipStatus.DRAFT.value]
        _insert(
            ProgressUpdate,
            [
                {"pip": pip, "made_on": TODAY - timedelta(days=20 + n % 30), "comment": "Going well"}
                for n, pip in enumerate(live)
            ],
        )
        _insert(
            Solution,
            [
                {"pip": pip, "ref": "S1", "description": "Agency drivers", "status": SolutionStatus.PROPOSED.value}
                for pip in live
            ]
            + [
                {"pip": pip, "ref": "S1", "description": "Overtime", "status": SolutionStatus.NOT_APPROVED.value}
                for pip in drafts
            ],
        )
        committee = Body.get(Body.kind == BodyKind.AUDIT_AND_PERFORMANCE.value)
        policy = Body.get(Body.kind == BodyKind.POLICY_COMMITTEE.value)
        past = Meeting.create(body=committee, date=TODAY - timedelta(days=first % 300 + 1))
        item = AgendaItem.create(meeting=past, published_at=utcnow())
        _insert(
            AgendaPip,
            [
                {
                    "item": item.id,
                    "pip": pip,
                    "position": n,
                    "outcome": Outcome.REFERRED.value if n % 2 else None,
                    "referred_to": policy.id if n % 2 else None,
                }
                for n, pip in enumerate(live)
            ],
        )
        _insert(
            User, [{"email": f"nobody{n}@example.org", "name": f"Nobody {n}", "password_hash": "x"} for n in numbers]
        )
        heads = _ids(User.select(User.id).where(User.email.in_([f"nobody{n}@example.org" for n in numbers[::10]])))
        _insert(UserRole, [{"user": user, "role": Role.HEAD_OF_SERVICE.value} for user in heads])


@pytest.fixture
def council(db):
    directorate = Directorate.create(name="Everything")
    for n in range(10):
        Service.create(name=f"Service {n}", directorate=directorate)
    Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    cmt = Body.create(name="CMT", kind=BodyKind.CMT)
    Meeting.create(body=cmt, date=TODAY + timedelta(days=5))
    committee = Body.get(Body.kind == BodyKind.AUDIT_AND_PERFORMANCE.value)
    AgendaItem.create(meeting=Meeting.create(body=committee, date=TODAY + timedelta(days=10)))
    return list(Service.select())


PERSONAS = {
    "hos": [Role.HEAD_OF_SERVICE],
    "cmt": [Role.CMT],
    "clerk": [Role.CLERK],
    "performance": [Role.PERFORMANCE],
    "member": [Role.MEMBER],
    "admin": [Role.ADMIN],
    "every role": list(Role),
}


def statements(app, users):
    """The statements each persona's Your work sends (the second request, once the session is settled)."""
    found = {}
    for persona, user in users.items():
        client = app.test_client()
        assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
        client.get("/")
        with count_queries() as sent:
            response = client.get("/")
        assert response.status_code == 200
        assert "Your work" in response.get_data(as_text=True)
        found[persona] = len(sent)
    return found


def test_your_work_costs_the_same_statements_for_10_and_5000_plans_and_pis(
    app, client, sign_in, make_user, council, db
):
    users = {
        persona: make_user(*roles, services=council if Role.HEAD_OF_SERVICE in roles else ())
        for persona, roles in PERSONAS.items()
    }
    grow(0, 10)
    small = statements(app, users)
    grow(10, 4990)
    assert Pip.select().count() == 2500 and Indicator.select().count() == 5000
    big = statements(app, users)
    assert big == small
    # ... and the big council's page counts it all.
    sign_in(users["every role"])
    html = client.get("/").get_data(as_text=True)
    for words in (
        "Drafts to finish: 625",
        "Solutions awaiting a CMT decision: 625",
        "Plans awaiting a CMT decision, oldest first: 625",
        "PIs with no target for",
        "Users without roles: 4500",
        "Heads of Service without services: 500",
    ):
        assert words in html, (words, re.findall(r"<h[23][^>]*>([^<]*)<", html))
    assert html.count("<li>") < 100
    assert len(set(small.values())) > 1, small  # each persona signed in as themselves
