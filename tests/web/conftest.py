"""Shared set-up for the PIP web tests: a red PI with a register history, a raised plan, and the A&P committee's
meeting with its clerk signed in."""

from datetime import date

import pytest

from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency
from webapp.domain.pips import Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.models import AgendaItem, AgendaPip, Body, Factor, Meeting, Pip, Solution, SolutionFactor, utcnow
from webapp.pips.raising import raise_plan

SCORES = [(date(2025, 9, 30), 96.1), (date(2026, 3, 31), 97.5), (date(2026, 8, 31), 93.0), (date(2026, 9, 30), 91.2)]


@pytest.fixture
def red_indicator(make_indicator, make_service):
    def make(service=None):
        return make_indicator(
            service=service or make_service(),
            target=98.0,
            financial_year=2026,
            scores=SCORES,
            frequency=Frequency.MONTHLY,
            description="Percentage of scheduled collections made on the scheduled day",
        )

    return make


@pytest.fixture
def make_pip(red_indicator, make_user):
    """A Draft plan for a new red PI (or `indicator`), with optional factors and solutions."""

    def make(service=None, indicator=None, factors=(), solutions=(), status=None, raised_by=None):
        indicator = indicator or red_indicator(service)
        user = raised_by or make_user("performance")
        pip = raise_plan(indicator, user, date(2026, 10, 3))
        refs = {}
        for kind, text in factors:
            kind = FactorKind(kind)
            field = "last_external_number" if kind is FactorKind.EXTERNAL else "last_internal_number"
            count = getattr(pip, field) + 1
            setattr(pip, field, count)
            factor = Factor.create(
                pip=pip, ref=f"{kind.prefix}{count}", kind=kind, duration=Duration.TEMPORARY, description=text
            )
            refs[factor.ref] = factor
        for number, (text, factor_refs) in enumerate(solutions, 1):
            solution = Solution.create(
                pip=pip,
                ref=f"S{number}",
                description=text,
                target_date=date(2026, 12, 1),
                resourcing=Resourcing.WITHIN_SERVICE,
                status=SolutionStatus.PROPOSED,
            )
            for ref in factor_refs:
                SolutionFactor.create(solution=solution, factor=refs[ref])
            pip.last_solution_number = number
        if status:
            pip.status = status
        pip.save()
        return Pip.get_by_id(pip.id)

    return make


@pytest.fixture
def a_and_p(db):
    """The Audit and Performance Committee's meeting of 10 December 2026, with no papers yet."""
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    return Meeting.create(body=body, date=date(2026, 12, 10), title="Audit and Performance Committee")


@pytest.fixture
def clerk(login_as):
    """The committee clerk, signed in: the one who builds and publishes the papers."""
    return login_as("clerk")


@pytest.fixture
def papers_of_two_plans(a_and_p, make_pip):
    """Item 7 on the A&P meeting's papers, not yet published, presenting two Live plans whose factors are
    "Vacancy 0" and "Vacancy 1"."""
    item = AgendaItem.create(meeting=a_and_p, item_number="7")
    for n in range(2):
        pip = make_pip(factors=[("internal", f"Vacancy {n}")], status=PipStatus.LIVE)
        AgendaPip.create(item=item, pip=pip, position=n + 1)
    return item


def the_committee():
    """The Audit and Performance Committee that `present` puts plans before: a Member who sits on it reads them."""
    body, _ = Body.get_or_create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    return body


def present(pip):
    """Put the plan on published A&P papers, so that the committee's Members may read it
    (docs/users-and-permissions.md#members-and-their-committees)."""
    meeting, _ = Meeting.get_or_create(body=the_committee(), date=date(2026, 12, 10))
    item, _ = AgendaItem.get_or_create(meeting=meeting, defaults={"published_at": utcnow()})
    AgendaPip.create(item=item, pip=pip, position=AgendaPip.select().where(AgendaPip.item == item).count() + 1)
    return pip
