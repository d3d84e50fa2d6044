"""The meeting's record from the papers page (docs/meetings-and-papers.md#the-meetings-record): for each plan
presented, the outcome and the Members' comments, recorded by the clerk once the meeting has been held;
a plan completed since takes the comment as an addendum in its history."""

from datetime import date, timedelta

import lxml.html
import pytest

from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.domain.referrals import Outcome
from webapp.models import AgendaItem, AgendaPip, Body, Meeting, Pip, ReferralDecision, utcnow

TODAY = date.today()


def _papers(meeting_date, make_pip, make_service, codes=("PL01",)):
    """Published papers of an A&P meeting on `meeting_date` presenting a Live plan for each code, and a
    policy committee that meets the day after."""
    a_and_p = Meeting.create(
        body=Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE),
        date=meeting_date,
    )
    development = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    item = AgendaItem.create(meeting=a_and_p, published_at=utcnow())
    entries = []
    for position, code in enumerate(codes, 1):
        pip = make_pip(service=make_service(f"Service {code}"), status=PipStatus.LIVE)
        Pip.update(pi_code=code).where(Pip.id == pip.id).execute()
        entries.append(AgendaPip.create(item=item, pip=pip, position=position))
    return {"meeting": a_and_p, "entries": entries, "committee": development}


@pytest.fixture
def future(db, make_pip, make_service):
    return _papers(TODAY + timedelta(days=11), make_pip, make_service)


def ticked(html, name):
    """The value of the ticked radio named `name` on the page, or None."""
    inputs = lxml.html.fromstring(html).xpath("//input[@type='radio'][@name=$name][@checked]", name=name)
    return inputs[0].get("value") if inputs else None


def _base(p, entry=None):
    entry = entry or p["entries"][0]
    return f"/meetings/{p['meeting'].id}/papers/plans/{entry.id}"


def test_a_meeting_still_to_come_says_when_its_outcome_can_be_recorded(client, login_as, future):
    login_as("clerk")
    page = client.get(f"{_base(future)}/outcome").get_data(as_text=True)
    held_on = future["meeting"].date
    assert "Its outcomes can be recorded from that day" in page and f"{held_on.day} " in page
    assert "Save outcome" not in page
    response = client.post(f"{_base(future)}/outcome", data={"outcome": "noted", "minute_reference": "AP/2027/1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The meeting is on" in page and "its outcomes can be recorded from that day" in page
    assert 'value="AP/2027/1"' in page and ticked(page, "outcome") == "noted"  # what was typed is kept
    assert AgendaPip.get_by_id(future["entries"][0].id).outcome is None


def test_a_decision_waits_for_both_meetings(client, login_as, future):
    """A referral recorded before this rule (or in the demo) on a meeting to come: no decision yet."""
    AgendaPip.update(
        outcome=Outcome.REFERRED, referred_to=future["committee"], referral_reason="Unachievable"
    ).execute()
    later = Meeting.create(body=future["committee"], date=future["meeting"].date + timedelta(days=1))
    login_as("clerk")
    url = f"{_base(future)}/decision"
    page = client.get(url).get_data(as_text=True)
    assert "Save decision" not in page and "can be recorded once that meeting" in page
    data = {"meeting": later.id, "minute_reference": "DEV/1", "kind": "still_achievable"}
    response = client.post(url, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "the referral&#39;s decision can be recorded from that day" in page and 'value="DEV/1"' in page
    assert ReferralDecision.select().count() == 0


def test_a_policy_committee_meeting_to_come_is_refused_with_its_date(client, login_as, make_pip, make_service):
    held = _papers(TODAY - timedelta(days=20), make_pip, make_service)
    AgendaPip.update(outcome=Outcome.REFERRED, referred_to=held["committee"], referral_reason="Unachievable").execute()
    past = Meeting.create(body=held["committee"], date=TODAY - timedelta(days=5))
    to_come = Meeting.create(body=held["committee"], date=TODAY + timedelta(days=30))
    login_as("clerk")
    url = f"{_base(held)}/decision"
    form = client.get(url).get_data(as_text=True)
    assert f'value="{past.id}"' in form and f'value="{to_come.id}"' not in form
    data = {"meeting": to_come.id, "minute_reference": "DEV/9", "kind": "other", "description": "Wait and see"}
    response = client.post(url, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "its decision can be recorded from that day" in page and "Wait and see" in page
    assert ReferralDecision.select().count() == 0
    assert client.post(url, data={**data, "meeting": past.id}).status_code == 302
    assert ReferralDecision.get().meeting_id == past.id


def test_a_policy_committee_that_has_not_met_since_says_when_it_next_meets(client, login_as, make_pip, make_service):
    held = _papers(TODAY - timedelta(days=20), make_pip, make_service)
    AgendaPip.update(outcome=Outcome.REFERRED, referred_to=held["committee"], referral_reason="Unachievable").execute()
    Meeting.create(body=held["committee"], date=TODAY + timedelta(days=30))
    login_as("clerk")
    page = client.get(f"{_base(held)}/decision").get_data(as_text=True)
    assert "has not met since the referral" in page and "Save decision" not in page
