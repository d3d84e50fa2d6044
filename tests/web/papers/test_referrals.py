"""What the A&P Committee did with each plan presented, and a policy committee's decision on a referral
(docs/meetings-and-papers.md#meetings-and-committee-papers; the referral rules of the council's report): recorded by the
clerk, shown on the papers and on the plan."""

from datetime import date

import pytest

from tests.querycount import count_queries
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.domain.referrals import DecisionKind, Outcome
from webapp.models import AgendaItem, AgendaPip, Body, Meeting, Pip, PipChange, ReferralDecision, Target, utcnow


@pytest.fixture
def presented(db, make_pip, make_service):
    """A Live plan on the published papers of the A&P meeting of 10 September 2026, a policy committee
    that meets after it, and the meeting itself."""
    a_and_p = Meeting.create(
        body=Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE),
        date=date(2026, 9, 10),
    )
    development = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    Meeting.create(body=development, date=date(2026, 8, 11))  # before the referral: not offered
    decided_at = Meeting.create(body=development, date=date(2026, 11, 10))
    pip = make_pip(service=make_service("Planning"), status=PipStatus.LIVE)
    Pip.update(pi_code="PL01").where(Pip.id == pip.id).execute()
    item = AgendaItem.create(meeting=a_and_p, published_at=utcnow())
    entry = AgendaPip.create(item=item, pip=pip, position=1)
    return {
        "meeting": a_and_p,
        "entry": entry,
        "pip": Pip.get_by_id(pip.id),
        "committee": development,
        "decided_at": decided_at,
    }


def _outcome_url(p):
    return f"/meetings/{p['meeting'].id}/papers/plans/{p['entry'].id}/outcome"


def _decision_url(p):
    return f"/meetings/{p['meeting'].id}/papers/plans/{p['entry'].id}/decision"


def _refer(client, p):
    response = client.post(
        _outcome_url(p),
        data={
            "outcome": "referred",
            "referred_to": p["committee"].id,
            "reason": "The target looks unachievable.",
            "minute_reference": "AP/2026/9",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def _decision(p, **changes):
    data = {
        "meeting": p["decided_at"].id,
        "minute_reference": "DEV/2026/12",
        "kind": "still_achievable",
        "target_value": "",
        "target_from-day": "",
        "target_from-month": "",
        "target_from-year": "",
        "amount": "",
        "description": "",
    }
    data.update(changes)
    return data


def test_the_clerk_records_that_the_committee_noted_a_plan(client, login_as, presented):
    login_as("clerk")
    form = client.get(_outcome_url(presented)).get_data(as_text=True)
    assert "Development Committee" in form
    assert (
        client.post(_outcome_url(presented), data={"outcome": "noted", "minute_reference": "AP/2026/9"}).status_code
        == 302
    )
    entry = AgendaPip.get_by_id(presented["entry"].id)
    assert (entry.outcome, entry.referred_to_id, entry.minute_reference) == (Outcome.NOTED, None, "AP/2026/9")
    papers = client.get(f"/meetings/{presented['meeting'].id}/papers/").get_data(as_text=True)
    assert "Noted" in papers and "Record decision" not in papers
    plan = client.get(f"/pips/{presented['pip'].id}").get_data(as_text=True)
    assert "Audit and Performance Committee, 10 September 2026" in plan and "Noted, minute AP/2026/9" in plan
    assert "Decision of" not in plan


def test_a_referral_names_the_committee_and_the_reason(client, login_as, presented):
    login_as("clerk")
    response = client.post(_outcome_url(presented), data={"outcome": "referred", "minute_reference": "AP/9"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose the policy committee the plan is referred to" in page and "Enter why the plan is referred" in page
    assert 'value="AP/9"' in page
    assert AgendaPip.get_by_id(presented["entry"].id).outcome is None
    cmt = Body.create(name="CMT", kind=BodyKind.CMT)
    response = client.post(
        _outcome_url(presented), data={"outcome": "referred", "referred_to": cmt.id, "reason": "Why"}
    )
    assert response.status_code == 422 and "Choose a policy committee from the list" in response.get_data(as_text=True)
    _refer(client, presented)
    entry = AgendaPip.get_by_id(presented["entry"].id)
    assert (entry.outcome, entry.referred_to_id) == (Outcome.REFERRED, presented["committee"].id)
    history = PipChange.select().where(PipChange.pip == presented["pip"].id, PipChange.subject == "committee").get()
    assert history.after == "Referred to Development Committee: The target looks unachievable. (minute AP/2026/9)"


def test_amending_the_target_adds_a_target_version_citing_the_meeting(client, login_as, presented):
    login_as("clerk")
    _refer(client, presented)
    form = client.get(_decision_url(presented)).get_data(as_text=True)
    assert "10 November 2026" in form and "11 August 2026" not in form
    response = client.post(_decision_url(presented), data=_decision(presented, kind="amend_target"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the new target" in page and "Enter the date the new target applies from" in page
    assert ReferralDecision.select().count() == 0
    decades_ago = {"target_from-day": "1", "target_from-month": "4", "target_from-year": "1950"}
    response = client.post(
        _decision_url(presented), data=_decision(presented, kind="amend_target", target_value="95", **decades_ago)
    )
    assert response.status_code == 422
    assert "The new target must apply from a day in " in response.get_data(as_text=True)
    assert ReferralDecision.select().count() == 0
    before = Target.select().count()
    response = client.post(
        _decision_url(presented),
        data=_decision(
            presented,
            kind="amend_target",
            target_value="95",
            **{"target_from-day": "1", "target_from-month": "4", "target_from-year": "2027"},
            amount="500",
        ),
    )
    assert response.status_code == 302
    decision = ReferralDecision.get()
    assert (decision.kind, decision.target_value, decision.target_from) == (
        DecisionKind.AMEND_TARGET,
        95.0,
        date(2027, 4, 1),
    )
    assert decision.amount is None  # only what an amended target states is kept
    assert Target.select().count() == before + 1
    target = Target.get_by_id(decision.target_id)
    assert (target.financial_year, target.value, target.meeting_id, target.minute_reference) == (
        2027,
        95.0,
        presented["decided_at"].id,
        "DEV/2026/12",
    )
    assert "Referral decision of Development Committee, 10 November 2026" in target.reason
    plan = client.get(f"/pips/{presented['pip'].id}").get_data(as_text=True)
    assert (
        "Decision of Development Committee, 10 November 2026: Target amended to 95.0% from 1 April 2027 "
        "(minute DEV/2026/12)"
    ) in plan
    assert "(Development Committee: The target looks unachievable.), minute AP/2026/9" in plan


@pytest.mark.parametrize(
    "kind, fields, missing",
    [
        (
            "additional_resources",
            {},
            ["Enter the amount of the additional resources", "Describe the additional resources"],
        ),
        ("other", {}, ["Describe the decision"]),
        ("still_achievable", {"minute_reference": ""}, ["Enter the minute reference"]),
        ("still_achievable", {"meeting": ""}, ["Choose the meeting that decided"]),
    ],
)
def test_each_decision_states_what_it_needs(client, login_as, presented, kind, fields, missing):
    login_as("clerk")
    _refer(client, presented)
    response = client.post(_decision_url(presented), data=_decision(presented, kind=kind, **fields))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert all(message in page for message in missing), page
    assert ReferralDecision.select().count() == 0


def test_a_decision_is_recorded_once_and_then_the_outcome_stands(client, login_as, presented):
    login_as("clerk")
    _refer(client, presented)
    assert (
        client.post(
            _decision_url(presented),
            data=_decision(
                presented, kind="additional_resources", amount="£25,000", description="A shared principal officer"
            ),
        ).status_code
        == 302
    )
    assert ReferralDecision.get().amount == 25000
    again = client.post(_decision_url(presented), data=_decision(presented))
    assert again.status_code == 302 and ReferralDecision.select().count() == 1
    change = client.post(_outcome_url(presented), data={"outcome": "noted"})
    assert change.status_code == 302
    assert AgendaPip.get_by_id(presented["entry"].id).outcome is Outcome.REFERRED
    papers = client.get(f"/meetings/{presented['meeting'].id}/papers/").get_data(as_text=True)
    assert "Decided 10 November 2026: (b) Consider additional resources" in papers


def test_a_noted_plan_has_no_decision_to_record(client, login_as, presented):
    login_as("clerk")
    client.post(_outcome_url(presented), data={"outcome": "noted"})
    assert client.post(_decision_url(presented), data=_decision(presented)).status_code == 302
    assert ReferralDecision.select().count() == 0


def test_outcomes_wait_for_the_papers_to_be_published(client, login_as, presented):
    AgendaItem.update(published_at=None).execute()
    login_as("clerk")
    response = client.post(_outcome_url(presented), data={"outcome": "noted"})
    assert response.status_code == 302
    assert AgendaPip.get_by_id(presented["entry"].id).outcome is None


@pytest.mark.parametrize("role", ["performance", "cmt", "member", "hos", "admin"])
def test_only_clerks_record_outcomes_and_decisions(client, login_as, presented, role):
    login_as(role)
    for url in (_outcome_url(presented), _decision_url(presented)):
        assert client.get(url).status_code == 403
        assert client.post(url, data={"outcome": "noted"}).status_code == 403
    assert AgendaPip.get_by_id(presented["entry"].id).outcome is None


def test_the_plan_page_takes_the_same_queries_with_one_committee_record_or_several(
    client, login_as, presented, make_user
):
    login_as("clerk")
    _refer(client, presented)
    client.post(_decision_url(presented), data=_decision(presented))

    def queries():
        with count_queries() as statements:
            assert client.get(f"/pips/{presented['pip'].id}").status_code == 200
        return len(statements)

    one = queries()
    for n in range(1, 4):
        meeting = Meeting.create(body=presented["meeting"].body, date=date(2026, 12, n))
        entry = AgendaPip.create(
            item=AgendaItem.create(meeting=meeting, published_at=utcnow()),
            pip=presented["pip"],
            position=1,
            outcome=Outcome.REFERRED,
            referred_to=presented["committee"],
            referral_reason="Again",
        )
        ReferralDecision.create(
            entry=entry,
            meeting=presented["decided_at"],
            minute_reference=f"M{n}",
            kind=DecisionKind.OTHER,
            description="Another decision",
        )
    assert queries() == one


def test_the_papers_page_takes_the_same_queries_with_one_referral_or_several(client, login_as, presented, make_pip):
    login_as("clerk")
    _refer(client, presented)
    client.post(_decision_url(presented), data=_decision(presented))
    url = f"/meetings/{presented['meeting'].id}/papers/"

    def queries():
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    one = queries()
    item = presented["entry"].item
    for n in range(2, 6):
        entry = AgendaPip.create(
            item=item,
            pip=make_pip(status=PipStatus.LIVE),
            position=n,
            outcome=Outcome.REFERRED,
            referred_to=presented["committee"],
            referral_reason="R",
        )
        ReferralDecision.create(
            entry=entry, meeting=presented["decided_at"], minute_reference=f"M{n}", kind=DecisionKind.STILL_ACHIEVABLE
        )
    assert queries() == one
