"""Demo data (docs/command-line.md#commands): six sign-ins, a district council's PI register across the RAG range, and
meetings of every body, all dated from the day it is loaded."""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from peewee import JOIN

from webapp.demo import DEMO_PASSWORD, DEMO_USERS, DemoDataError, load_demo_data
from webapp.demo.meetings import meeting_plan
from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency, financial_year, latest_period_end
from webapp.domain.rating import Direction, Polarity, Rag, Tolerance, ToleranceKind, direction, rate, to_decimal
from webapp.domain.roles import Role
from webapp.domain.units import Level, Unit
from webapp.models import (
    ALL_MODELS,
    Body,
    Directorate,
    Indicator,
    Meeting,
    SchemaVersion,
    Score,
    Service,
    Target,
    User,
    UserRole,
    UserService,
)

TODAY = date(2026, 11, 22)
# Days that move the latest period across month, quarter and financial year ends, and a leap day.
DAYS = [date(2026, 3, 31), date(2026, 4, 1), date(2026, 5, 3), date(2026, 9, 8), date(2027, 1, 2), date(2028, 2, 29)]
BODIES = {
    "CMT": BodyKind.CMT,
    "OMT": BodyKind.OMT,
    "Audit and Performance Committee": BodyKind.AUDIT_AND_PERFORMANCE,
    "Development Committee": BodyKind.POLICY_COMMITTEE,
    "Community Committee": BodyKind.POLICY_COMMITTEE,
    "Resources Committee": BodyKind.POLICY_COMMITTEE,
    "Members' briefing": BodyKind.MEMBERS_BRIEFING,
}


@pytest.fixture
def demo(db):
    assert load_demo_data(today=TODAY) is True
    return db


def latest_ratings():
    """{code: (RAG, direction of travel)} of each PI's latest score, against the latest version of the
    target for that score's financial year."""
    ratings = {}
    for pi in Indicator.select():
        latest, previous = (list(pi.scores.order_by(Score.period_end.desc()).limit(2)) + [None, None])[:2]
        target = (
            Target.select()
            .where(Target.indicator == pi, Target.financial_year == financial_year(latest.period_end))
            .order_by(Target.set_at.desc(), Target.id.desc())
            .first()
        )
        tolerance = Tolerance(to_decimal(pi.tolerance), pi.tolerance_kind)
        ratings[pi.code] = (
            rate(latest.value, target and target.value, pi.polarity, tolerance, pi.decimal_places),
            direction(latest.value, previous and previous.value, pi.polarity, pi.decimal_places),
        )
    return ratings


def snapshot():
    """Everything loaded, by natural keys rather than ids (PostgreSQL's sequences run on)."""

    def rows(query):
        return sorted(query.tuples(), key=repr)

    return {
        "users": rows(User.select(User.email, User.name, User.active, User.created_at)),
        "roles": rows(UserRole.select(User.email, UserRole.role).join(User)),
        "heads": rows(UserService.select(User.email, Service.name).join(User).switch(UserService).join(Service)),
        "services": rows(Service.select(Service.name, Directorate.name).join(Directorate)),
        "indicators": rows(
            Indicator.select(
                *[f for f in Indicator._meta.sorted_fields if f.name not in ("id", "service")], Service.name
            ).join(Service)
        ),
        "targets": rows(
            Target.select(
                Indicator.code,
                Target.financial_year,
                Target.value,
                Target.stretch_value,
                Target.rationale,
                Target.reason,
                Target.set_at,
                Target.minute_reference,
                Meeting.date,
                User.email,
            )
            .join(Indicator)
            .switch(Target)
            .join(Meeting, JOIN.LEFT_OUTER)
            .switch(Target)
            .join(User, JOIN.LEFT_OUTER)
        ),
        "scores": rows(
            Score.select(Indicator.code, Score.period_end, Score.value, Score.note, Score.recorded_at).join(Indicator)
        ),
        "meetings": rows(
            Meeting.select(Body.name, Body.kind, Meeting.date, Meeting.title, Meeting.location).join(Body)
        ),
    }


def wipe():
    for model in reversed(ALL_MODELS):
        if model is not SchemaVersion:
            model.delete().execute()


def test_the_six_demo_users_have_their_roles_and_services(demo):
    expected = {
        "hos@example.org": ({Role.HEAD_OF_SERVICE}, {"Waste and Recycling", "Housing"}),
        "perf@example.org": ({Role.PERFORMANCE}, set()),
        "cmt@example.org": ({Role.CMT}, set()),
        "clerk@example.org": ({Role.CLERK}, set()),
        "member@example.org": ({Role.MEMBER}, set()),
        "admin@example.org": ({Role.ADMIN}, set()),
    }
    assert DEMO_PASSWORD == "demo-password"
    assert [email for email, *_ in DEMO_USERS] == list(expected)
    # and a new starter with no role yet, for the administrator to see to (docs/your-work.md)
    assert User.select().count() == 7
    starter = User.get(User.email == "new.starter@example.org")
    assert not starter.roles and not starter.service_ids
    for email, name, roles, services in DEMO_USERS:
        user = User.get(User.email == email)
        assert user.name == name and user.active
        assert set(user.roles) == set(roles) == expected[email][0]
        assert {row.service.name for row in user.service_rows} == set(services) == expected[email][1]
    # hashed once: one salt for all six, and still the slow KDF
    assert len({u.password_hash for u in User.select()}) == 1
    assert User.get().password_hash.startswith(("scrypt:", "pbkdf2:"))


@pytest.mark.parametrize("email", [email for email, *_ in DEMO_USERS])
def test_each_demo_user_signs_in_with_the_demo_password(app, demo, email):
    client = app.test_client()
    response = client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    wrong = app.test_client().post("/sign-in", data={"email": email, "password": "not-the-password"})
    assert wrong.status_code == 200


def test_the_council_has_three_directorates_six_services_and_fifteen_pis(demo):
    assert Directorate.select().count() == 3
    assert Service.select().count() == 6
    assert {"Waste and Recycling", "Housing"} <= {s.name for s in Service.select()}
    pis = list(Indicator.select())
    assert len(pis) == 15
    assert all(re.fullmatch(r"[A-Z]{2}\d{2}", pi.code) and pi.name and pi.description for pi in pis)
    assert {pi.polarity for pi in pis} == set(Polarity)
    assert {pi.unit for pi in pis} == set(Unit)
    assert {pi.level for pi in pis} == set(Level)
    frequencies = Counter(pi.frequency for pi in pis)
    assert frequencies[Frequency.MONTHLY] > frequencies[Frequency.QUARTERLY] > frequencies[Frequency.ANNUAL] > 0
    assert Counter(pi.tolerance_kind for pi in pis)[ToleranceKind.ABSOLUTE] == 1
    assert Counter(pi.tolerance for pi in pis if pi.tolerance_kind is ToleranceKind.RELATIVE)[10.0] >= 12
    assert {pi.benchmark_label for pi in pis if pi.benchmark_value is not None} == {
        "England average",
        "Nearest neighbours median",
    }
    assert len({pi.service_id for pi in pis}) == 6


def test_every_body_meets_over_the_last_year_and_the_months_ahead(demo):
    assert {b.name: b.kind for b in Body.select()} == BODIES
    year_ago = TODAY - timedelta(days=365)
    for body in Body.select():
        past = body.meetings.where(Meeting.date.between(year_ago, TODAY)).count()
        assert past >= 2, body.name
        assert all(m.title and m.location for m in body.meetings)
    counts = {b.name: b.meetings.where(Meeting.date.between(year_ago, TODAY)).count() for b in Body.select()}
    assert counts["CMT"] >= 20 and 10 <= counts["OMT"] <= 12 and 3 <= counts["Audit and Performance Committee"] <= 5
    upcoming = (
        Meeting.select().join(Body).where(Body.name == "Audit and Performance Committee", Meeting.date > TODAY).count()
    )
    assert upcoming >= 1


@pytest.mark.parametrize("today", DAYS + [TODAY])
def test_one_meeting_per_body_per_day_and_an_a_and_p_ahead_whatever_the_day(today):
    plan = meeting_plan(today)
    assert len({(body, day) for body, day, *_ in plan}) == len(plan)
    assert any(body == "Audit and Performance Committee" and day > today for body, day, *_ in plan)
    assert {body for body, *_ in plan} == set(BODIES)


def test_three_years_of_scores_end_at_the_latest_period(demo):
    per_year = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.ANNUAL: 1}
    new = 0
    for pi in Indicator.select():
        ends = [s.period_end for s in pi.scores.order_by(Score.period_end)]
        assert ends[-1] == latest_period_end(pi.frequency, TODAY)
        if pi.targets.count():
            assert len(ends) == 3 * per_year[pi.frequency], pi.code
        else:  # a new PI: a baseline year with no target
            new += 1
            assert 1 <= len(ends) < 3 * per_year[pi.frequency]
        for score in pi.scores:
            assert score.value >= 0
            if pi.unit is Unit.PERCENT:
                assert score.value <= 100
            assert score.recorded_at.date() <= TODAY
    assert new == 1
    assert Score.select().where(Score.note != "").count() >= 3


def test_targets_cover_the_last_three_financial_years_and_this_one(demo):
    years = set(range(financial_year(TODAY) - 3, financial_year(TODAY) + 1))
    for pi in Indicator.select():
        targets = list(pi.targets)
        if targets:
            assert {t.financial_year for t in targets} == years, pi.code
            assert all(t.rationale and t.set_by.email == "perf@example.org" for t in targets)
            assert all(t.set_at.date() <= TODAY for t in targets)
    assert Target.select().where(Target.stretch_value.is_null(False)).count() >= 1


def test_a_target_changed_mid_year_keeps_the_old_version(demo):
    changed = list(Target.select().where(Target.reason != ""))
    assert len(changed) == 1
    new = changed[0]
    old = Target.get(
        Target.indicator == new.indicator, Target.financial_year == new.financial_year, Target.id != new.id
    )
    assert new.value != old.value and new.set_at > old.set_at
    assert new.set_by.email == "perf@example.org"
    assert new.meeting.body.name == "Development Committee"
    assert financial_year(new.meeting.date) == new.financial_year and new.meeting.date.month == 9
    assert new.meeting.date < TODAY
    assert re.fullmatch(rf"DEV/{new.meeting.date.year}/\d+", new.minute_reference)


@pytest.mark.parametrize("today", DAYS + [TODAY])
def test_the_latest_scores_spread_across_the_rag_range(db, today):
    load_demo_data(today=today)
    ratings = latest_ratings()
    spread = Counter(rag for rag, _trend in ratings.values())
    assert spread[Rag.RED] >= 2 and spread[Rag.AMBER] >= 2 and spread[Rag.GREEN] >= 2
    assert spread[Rag.NOT_RATED] >= 1
    assert (Rag.AMBER, Direction.DETERIORATING) in ratings.values()


def test_loading_if_empty_twice_loads_once(db):
    assert load_demo_data(only_if_empty=True, today=TODAY) is True
    before = snapshot()
    assert load_demo_data(only_if_empty=True, today=TODAY + timedelta(days=40)) is False
    assert snapshot() == before


def test_loading_if_empty_leaves_a_database_with_users_alone(db, make_user):
    make_user("admin")
    assert load_demo_data(only_if_empty=True, today=TODAY) is False
    assert Indicator.select().count() == 0 and Body.select().count() == 0


def test_loading_over_demo_data_is_refused_and_changes_nothing(demo):
    before = snapshot()
    with pytest.raises(DemoDataError, match="hos@example.org"):
        load_demo_data(today=TODAY)
    assert snapshot() == before


def test_the_same_day_gives_the_same_data(db):
    load_demo_data(today=TODAY)
    first = snapshot()
    wipe()
    load_demo_data(today=TODAY)
    assert snapshot() == first
    wipe()
    load_demo_data(today=TODAY + timedelta(days=100))
    assert snapshot()["scores"] != first["scores"]


def test_flask_demo_data_loads_and_prints_the_sign_ins(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output and DEMO_PASSWORD in result.output
    for email, name, _roles, _services in DEMO_USERS:
        assert email in result.output and name in result.output
    assert Indicator.select().count() == 15
    again = runner.invoke(args=["demo-data", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "already has data" in again.output
    assert all(email in again.output for email, *_ in DEMO_USERS)
    assert User.select().count() == 7


def test_demo_plans_at_every_stage(db):
    from webapp.demo import load_demo_data
    from webapp.domain.pips import PipStatus
    from webapp.models import ManagementComment, Pip
    from webapp.pips.store import load_plan

    load_demo_data(today=date(2026, 11, 22))
    statuses = {pip.pi_code: pip.status for pip in Pip.select()}
    assert statuses == {
        "WR01": PipStatus.LIVE,
        "HS02": PipStatus.LIVE,
        "PL01": PipStatus.LIVE,
        "RB01": PipStatus.COMPLETED,
        "HS01": PipStatus.DRAFT,
        "WR03": PipStatus.WITHDRAWN,
    }
    overdue = {pip.pi_code: load_plan(pip.id, today=date(2026, 11, 22)).overdue for pip in Pip.select()}
    assert overdue["HS02"] and not overdue["WR01"]
    assert ManagementComment.select().where(ManagementComment.role == "cmt").count() >= 3


def test_demo_papers_for_the_last_and_the_next_a_and_p(demo):
    """The last A&P meeting's papers are published; the next one has several plans on a draft agenda."""
    from webapp.models import AgendaItem
    from webapp.papers.item import entries

    items = list(AgendaItem.select(AgendaItem, Meeting).join(Meeting).order_by(Meeting.date))
    assert [item.published for item in items] == [True, False]
    last, upcoming = items
    assert last.meeting.date < TODAY <= upcoming.meeting.date
    assert last.published_at.date() < last.meeting.date
    assert [e.pip.pi_code for e in entries(last)] == ["HS02", "PL01"]
    assert all(e.as_presented for e in entries(last))
    assert [e.pip.pi_code for e in entries(upcoming)] == ["WR01", "HS02", "PL01", "RB01"]
    assert not any(e.as_presented for e in entries(upcoming))


def test_demo_plan_referred_with_a_decision(demo):
    """docs/command-line.md#commands: a plan live and referred with a decision (PL01, to the Development Committee)."""
    from webapp.domain.referrals import DecisionKind, Outcome
    from webapp.models import AgendaPip, Pip, ReferralDecision

    outcomes = {e.pip.pi_code: e for e in AgendaPip.select(AgendaPip, Pip).join(Pip) if e.outcome}
    assert outcomes["HS02"].outcome is Outcome.NOTED
    referred = outcomes["PL01"]
    assert referred.outcome is Outcome.REFERRED and referred.referred_to.name == "Development Committee"
    decision = ReferralDecision.get(ReferralDecision.entry == referred)
    assert decision.kind is DecisionKind.ADDITIONAL_RESOURCES and decision.amount == 25000
    assert referred.item.meeting.date < decision.meeting.date < TODAY


# What each demo user finds on Your work (docs/your-work.md): something to do, in their role's part.
YOUR_WORK = {
    "hos@example.org": ["Drafts to finish: 1", "HS01", "Progress updates overdue", "HS02", "need attention"],
    "perf@example.org": ["Exceptions without a plan", "PIs with no target for 2026/27: 1"],
    "cmt@example.org": [
        "Plans awaiting a CMT decision, oldest first: 1",
        "PL01",
        "overdue progress",
        "next CMT meeting",
    ],
    "clerk@example.org": ["next Audit and Performance Committee", "The papers are not yet published"],
    "member@example.org": ["Published papers of your committees, newest first: 1", "Audit and Performance Committee"],
    "admin@example.org": ["Users without roles: 1", "Give Priya Shah a role"],
}


@pytest.mark.parametrize("email", [email for email, *_ in DEMO_USERS])
def test_each_demo_user_lands_on_their_work_with_something_to_do(app, demo, email):
    client = app.test_client()
    response = client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Your work</h1>' in html
    assert "nothing for you to do" not in html
    for words in YOUR_WORK[email]:
        assert words in html, words
