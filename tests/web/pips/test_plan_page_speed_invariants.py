"""What the PIP page's speed-ups (docs/quality.md) must not change: the plan's queries are compiled once
per process and read into small records, and the signed-in user's lookups are compiled once too.
The records must hold what the models hold, every call must read the database afresh, and the
number of queries must not grow with the plan."""

from datetime import date
from decimal import Decimal

from tests.querycount import count_queries
from webapp.auth.sessions import load_session_user, start_session
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole, Resourcing, SolutionStatus
from webapp.domain.roles import Role
from webapp.models import (
    Body,
    Factor,
    ManagementComment,
    Meeting,
    ProgressUpdate,
    Solution,
    SolutionDecision,
    SolutionFactor,
    User,
)
from webapp.pips.store import load_plan


def _filled_plan(make_pip, make_user):
    """A plan with a row of every kind, including a comment at a meeting that decides on solutions."""
    user = make_user(Role.CMT)
    pip = make_pip(
        factors=[("external", "Winter weather"), ("internal", "Staff turnover"), ("external", "Fuel prices")],
        solutions=[("Agency staff", ["E1", "I1"]), ("Winter rota", ["E2"])],
    )
    Solution.update(
        resourcing=Resourcing.EXTRA_FUNDING,
        funding_amount=Decimal("18000.50"),
        funding_note="Reserve",
        option_group="Option A",
        time_lag="Three months",
        strengths="Quick",
        weaknesses="Costly",
    ).where(Solution.ref == "S1").execute()
    body = Body.create(name="Corporate Management Team", kind=BodyKind.CMT)
    meeting = Meeting.create(body=body, date=date(2026, 11, 4), title="CMT")
    cmt = ManagementComment.create(
        pip=pip,
        role=CommentRole.CMT,
        author="Chief Executive",
        made_on=date(2026, 11, 4),
        text="Approve S1, not S2.",
        meeting=meeting,
        minute_reference="12/3",
        recorded_by=user,
    )
    ManagementComment.create(
        pip=pip, role=CommentRole.HEAD_OF_SERVICE, author="Head of Waste", made_on=date(2026, 10, 20), text="On it."
    )
    solutions = {s.ref: s for s in Solution.select().where(Solution.pip == pip)}
    SolutionDecision.create(comment=cmt, solution=solutions["S1"], approved=True)
    SolutionDecision.create(comment=cmt, solution=solutions["S2"], approved=False)
    ProgressUpdate.create(
        pip=pip, made_on=date(2026, 11, 1), comment="Agency staff started.", score=93.5, recorded_by=user
    )
    ProgressUpdate.create(pip=pip, made_on=date(2026, 11, 30), comment="Final.", score=None, final=True)
    return pip


def _same_as_model(record, model_instance):
    for name in record.__dataclass_fields__:
        if name in ("addressed", "decided", "meeting", "solution", "body"):
            continue
        assert getattr(record, name) == getattr(model_instance, name), name
        assert type(getattr(record, name)) is type(getattr(model_instance, name)), name


def test_the_plans_records_hold_what_its_models_hold(db, make_pip, make_user):
    pip = _filled_plan(make_pip, make_user)
    plan = load_plan(pip.id)

    assert plan.pip == pip and plan.pip.__data__ == pip.__data__
    assert plan.indicator.__data__ == pip.indicator.__data__ and plan.pip.service.name == pip.service.name
    factors = list(Factor.select().where(Factor.pip == pip).order_by(Factor.kind, Factor.id))
    assert [f.ref for f in plan.factors] == [f.ref for f in factors]
    for record, model in zip(plan.factors, factors):
        _same_as_model(record, model)
    solutions = list(Solution.select().where(Solution.pip == pip).order_by(Solution.id))
    for record, model in zip(plan.solutions, solutions, strict=True):
        _same_as_model(record, model)
        links = SolutionFactor.select().where(SolutionFactor.solution == model)
        assert [f.ref for f in record.addressed] == sorted(link.factor.ref for link in links)
    assert plan.solutions[0].funding_amount == Decimal("18000.50")
    comments = list(
        ManagementComment.select()
        .where(ManagementComment.pip == pip)
        .order_by(ManagementComment.made_on, ManagementComment.id)
    )
    for record, model in zip(plan.comments, comments, strict=True):
        _same_as_model(record, model)
    hos, cmt = plan.comments
    assert hos.meeting is None and hos.decided == []
    assert (cmt.meeting.body.name, cmt.meeting.date) == ("Corporate Management Team", date(2026, 11, 4))
    assert [(d.solution.ref, d.approved) for d in cmt.decided] == [("S1", True), ("S2", False)]
    assert cmt.decided[0].solution is plan.solutions[0]
    progress = list(ProgressUpdate.select().where(ProgressUpdate.pip == pip).order_by(ProgressUpdate.made_on))
    for record, model in zip(plan.progress, progress, strict=True):
        _same_as_model(record, model)
    assert plan.solutions[0].status is SolutionStatus.PROPOSED


def test_each_load_reads_the_database_afresh(db, make_pip, make_user):
    first = _filled_plan(make_pip, make_user)
    other = make_pip(factors=[("internal", "Another plan's factor")])
    assert [f.description for f in load_plan(other.id).factors] == ["Another plan's factor"]
    Factor.update(description="Changed").where(Factor.pip == first, Factor.ref == "E1").execute()
    assert load_plan(first.id).factors[0].description == "Changed"
    assert [f.description for f in load_plan(other.id).factors] == ["Another plan's factor"]


def test_a_plan_loads_in_one_statement_whatever_its_size(db, make_pip, make_user):
    small = make_pip(factors=[("external", "One")])
    big = _filled_plan(make_pip, make_user)
    for pip in (small, big):
        with count_queries() as statements:
            load_plan(pip.id)
        assert len(statements) == 1, statements


def test_the_signed_in_users_roles_and_services_are_read_afresh(app, db, make_user, make_service):
    service = make_service()
    user = make_user(Role.HEAD_OF_SERVICE, Role.CMT, services=[service])
    token = start_session(user)
    config = app.config
    signed_in = load_session_user(token, config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"])
    assert signed_in.__data__ == User.get_by_id(user.id).__data__
    assert signed_in.roles == {Role.HEAD_OF_SERVICE, Role.CMT} and signed_in.service_ids == {service.id}
    assert load_session_user("not-a-token", config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"]) is None
    other = make_user(Role.MEMBER)
    assert User.get_by_id(other.id).roles == {Role.MEMBER} and User.get_by_id(other.id).service_ids == frozenset()
