"""The meeting's record from the papers page (docs/meetings-and-papers.md#the-meetings-record): for each plan
presented, the outcome and the Members' comments, recorded by the clerk once the meeting has been held;
a plan completed since takes the comment as an addendum in its history."""

from datetime import date, timedelta

import lxml.html
import pytest
from werkzeug.datastructures import MultiDict

from tests.querycount import count_queries
from tests.web.page_forms import changed, form_values
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole, PipStatus
from webapp.domain.referrals import DecisionKind, Outcome
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    ManagementComment,
    Meeting,
    Pip,
    PipChange,
    ReferralDecision,
    User,
    utcnow,
)
from webapp.pips import edits
from webapp.pips.changes import ReadOnlyPlan

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


@pytest.fixture
def held(db, make_pip, make_service):
    """Published papers of an A&P meeting held ten days ago, presenting two Live plans."""
    return _papers(TODAY - timedelta(days=10), make_pip, make_service, codes=("PL01", "HS02"))


def _record(p, entry, **changes):
    data = {"outcome": "noted", "minute_reference": "AP/2026/9", "comment": "", "author": "Audit and Performance"}
    return data | changes


def _papers_page(client, p):
    return client.get(f"/meetings/{p['meeting'].id}/papers/").get_data(as_text=True)


def test_the_clerk_records_each_plans_outcome_and_members_comments_from_the_papers_page(client, login_as, held):
    login_as("clerk")
    page = _papers_page(client, held)
    first, second = held["entries"]
    assert ">The meeting's record</h2>" in page
    for entry in (first, second):
        assert f'action="{_base(held, entry)}/record"' in page and f'id="record-{entry.id}"' in page
    # Without JavaScript: a post, then back to the papers at the plan's record.
    response = client.post(
        f"{_base(held, first)}/record",
        data=_record(held, first, comment="Members asked for a quarterly update on staffing."),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#record-{first.id}")
    # With htmx: the plan's record swapped in place, its outcome in the table out of band.
    response = client.htmx(
        "post",
        f"{_base(held, second)}/record",
        data=_record(
            held,
            second,
            outcome="referred",
            referred_to=held["committee"].id,
            reason="The target looks unachievable.",
            minute_reference="AP/2026/10",
            comment="Members doubt the target can be met.",
            author="Cllr Jones",
        ),
    )
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith(f'<div id="record-{second.id}"') and "<html" not in fragment
    assert f'<span id="outcome-{second.id}" hx-swap-oob="true">Referred to a policy committee: Development' in fragment
    assert "Members doubt the target can be met." in fragment and 'id="status-message"' in fragment
    drawn_again = lxml.html.fromstring(fragment)
    assert drawn_again.xpath("//textarea[@name='comment']")[0].text_content().strip() == ""  # ready for more
    outcomes = {e.id: (e.outcome, e.minute_reference) for e in AgendaPip.select()}
    assert outcomes == {first.id: (Outcome.NOTED, "AP/2026/9"), second.id: (Outcome.REFERRED, "AP/2026/10")}
    comments = {c.pip_id: c for c in ManagementComment.select()}
    assert comments[first.pip_id].role is CommentRole.MEMBERS
    assert (comments[second.pip_id].meeting_id, comments[second.pip_id].minute_reference) == (
        held["meeting"].id,
        "AP/2026/10",
    )
    assert (comments[second.pip_id].author, comments[second.pip_id].made_on) == ("Cllr Jones", held["meeting"].date)
    # The comment is in the plan's Section 5, citing the meeting and the minute.
    plan = client.get(f"/pips/{second.pip_id}").get_data(as_text=True)
    when = f"{held['meeting'].date.day} "
    assert "Members doubt the target can be met." in plan
    assert "Meeting: Audit and Performance Committee, " + when in plan and "minute AP/2026/10" in plan
    # The papers page shows both, and a record saved again with the same outcome writes no new outcome line.
    page = _papers_page(client, held)
    assert "Members asked for a quarterly update on staffing." in page and "Cllr Jones" in page
    before = PipChange.select().where(PipChange.subject == "committee").count()
    assert client.post(f"{_base(held, first)}/record", data=_record(held, first)).status_code == 302
    assert PipChange.select().where(PipChange.subject == "committee").count() == before


def test_a_record_sent_twice_adds_its_members_comments_once(client, login_as, held):
    login_as("clerk")
    entry = held["entries"][0]
    record = f"{_base(held, entry)}/record"
    form = changed(form_values(_papers_page(client, held), record), **_record(held, entry, comment="Keep going."))
    assert client.post(record, data=MultiDict(form)).status_code == 302
    again = client.post(record, data=MultiDict(form), follow_redirects=True)  # a double click without JavaScript
    assert again.status_code == 200
    assert "the form was sent twice, and its comments added once" in again.get_data(as_text=True)
    assert [c.text for c in ManagementComment.select()] == ["Keep going."]
    # The form drawn again after it takes the next comments.
    form = changed(form_values(again.get_data(as_text=True), record), **_record(held, entry, comment="And again."))
    assert client.post(record, data=MultiDict(form)).status_code == 302
    assert sorted(c.text for c in ManagementComment.select()) == ["And again.", "Keep going."]


def test_a_record_with_a_problem_keeps_what_was_typed(client, login_as, held):
    login_as("clerk")
    entry = held["entries"][0]
    typed = _record(held, entry, outcome="referred", comment="Members want more detail.", author="")
    response = client.htmx("post", f"{_base(held, entry)}/record", data=typed)
    assert response.status_code == 422 and response.headers["HX-Retarget"] == f"#record-{entry.id}"
    fragment = response.get_data(as_text=True)
    for message in ("Choose the policy committee", "Enter why the plan is referred", "Enter who made the comments"):
        assert message in fragment
    assert "Members want more detail." in fragment and ticked(fragment, "outcome") == "referred"
    response = client.post(f"{_base(held, entry)}/record", data=typed)  # without JavaScript: a page of its own
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<title>Error: The meeting&#39;s record: PL01" in page and "Members want more detail." in page
    assert AgendaPip.get_by_id(entry.id).outcome is None and ManagementComment.select().count() == 0


def test_a_plan_completed_since_takes_the_members_comments_as_an_addendum(client, login_as, held):
    entry = held["entries"][0]
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == entry.pip_id).execute()
    login_as("clerk")
    response = client.post(
        f"{_base(held, entry)}/record", data=_record(held, entry, comment="Members welcomed the recovery.")
    )
    assert response.status_code == 302
    comment = ManagementComment.get()
    assert (comment.pip_id, comment.meeting_id, comment.text) == (
        entry.pip_id,
        held["meeting"].id,
        "Members welcomed the recovery.",
    )
    history = client.get(f"/pips/{entry.pip_id}/history").get_data(as_text=True)
    assert "Addendum after completion: Added Members comment (Audit and Performance" in history
    assert "Members welcomed the recovery." in client.get(f"/pips/{entry.pip_id}").get_data(as_text=True)
    # Only for a meeting the plan was presented at: Section 5 offers no other, and its write refuses one.
    other = Meeting.create(body=held["meeting"].body, date=TODAY - timedelta(days=40))
    response = client.post(
        f"/pips/{entry.pip_id}/comments",
        data={
            "version": Pip.get_by_id(entry.pip_id).version,
            "role": "members",
            "author": "Cllr Jones",
            "made_on-day": str(other.date.day),
            "made_on-month": str(other.date.month),
            "made_on-year": str(other.date.year),
            "meeting": other.id,
            "text": "Not at a meeting it was presented at",
        },
    )
    assert response.status_code == 422 and "Choose a meeting from the list" in response.get_data(as_text=True)
    values = {"role": CommentRole.MEMBERS, "author": "A", "made_on": other.date, "meeting": other, "text": "T"}
    with pytest.raises(ReadOnlyPlan):
        edits.add_comment(entry.pip_id, User.get(), values, {})
    assert ManagementComment.select().count() == 1


def test_a_withdrawn_plan_takes_no_comments_but_its_outcome_is_recorded(client, login_as, held):
    entry = held["entries"][0]
    Pip.update(status=PipStatus.WITHDRAWN).where(Pip.id == entry.pip_id).execute()
    login_as("clerk")
    response = client.post(f"{_base(held, entry)}/record", data=_record(held, entry, comment="Too late."))
    assert response.status_code == 409 and "Too late." in response.get_data(as_text=True)
    assert ManagementComment.select().count() == 0 and AgendaPip.get_by_id(entry.id).outcome is None
    assert client.post(f"{_base(held, entry)}/record", data=_record(held, entry)).status_code == 302
    assert AgendaPip.get_by_id(entry.id).outcome is Outcome.NOTED


def test_a_meeting_still_to_come_has_no_record_yet(client, login_as, future):
    login_as("clerk")
    page = _papers_page(client, future)
    assert "From that day, once it has been held" in page and "/record" not in page
    entry = future["entries"][0]
    assert "Its record can be made from that day" in client.get(f"{_base(future)}/record").get_data(as_text=True)
    response = client.htmx("post", f"{_base(future)}/record", data=_record(future, entry, comment="Early words"))
    assert response.status_code == 422
    fragment = response.get_data(as_text=True)
    assert "its outcomes and Members&#39; comments can be recorded from that day" in fragment
    assert "Early words" in fragment
    assert ManagementComment.select().count() == 0 and AgendaPip.get_by_id(entry.id).outcome is None


def test_once_decided_the_outcome_stands_and_comments_are_still_recorded(client, login_as, held):
    entry = held["entries"][0]
    AgendaPip.update(outcome=Outcome.REFERRED, referred_to=held["committee"], referral_reason="Why").where(
        AgendaPip.id == entry.id
    ).execute()
    ReferralDecision.create(
        entry=entry,
        meeting=Meeting.create(body=held["committee"], date=TODAY - timedelta(days=2)),
        minute_reference="DEV/1",
        kind=DecisionKind.STILL_ACHIEVABLE,
    )
    login_as("clerk")
    page = _papers_page(client, held)
    assert "so the outcome no longer changes" in page
    response = client.post(
        f"{_base(held, entry)}/record", data={"outcome": "noted", "comment": "Noted the decision.", "author": "AP"}
    )
    assert response.status_code == 302
    assert AgendaPip.get_by_id(entry.id).outcome is Outcome.REFERRED
    assert ManagementComment.get().text == "Noted the decision."


@pytest.mark.parametrize("role", ["performance", "cmt", "member", "hos", "admin"])
def test_only_clerks_make_the_meetings_record(client, login_as, held, role):
    login_as(role)
    entry = held["entries"][0]
    assert client.get(f"{_base(held, entry)}/record").status_code == 403
    response = client.post(f"{_base(held, entry)}/record", data=_record(held, entry, comment="Hello"))
    assert response.status_code == 403
    assert AgendaPip.get_by_id(entry.id).outcome is None and ManagementComment.select().count() == 0
    assert "The meeting's record" not in _papers_page(client, held)


def test_the_papers_page_takes_the_same_queries_with_one_plan_recorded_or_several(client, login_as, make_pip, held):
    login_as("clerk")

    def queries():
        with count_queries() as statements:
            assert client.get(f"/meetings/{held['meeting'].id}/papers/").status_code == 200
        return len(statements)

    client.post(f"{_base(held)}/record", data=_record(held, held["entries"][0], comment="One"))
    one = queries()
    for n in range(3, 7):
        entry = AgendaPip.create(item=held["entries"][0].item_id, pip=make_pip(status=PipStatus.LIVE), position=n)
        client.post(f"{_base(held, entry)}/record", data=_record(held, entry, comment=f"Comment {n}"))
    assert ManagementComment.select().count() == 5
    assert queries() == one


def _section_5_meetings(html):
    return {option.text_content() for option in lxml.html.fromstring(html).xpath("//select[@name='meeting']//option")}


def test_section_5_offers_the_meeting_the_plan_was_presented_at(client, login_as, held):
    login_as("clerk")
    entry = held["entries"][0]
    form = client.get(f"/pips/{entry.pip_id}/comments/new").get_data(as_text=True)
    assert f"Audit and Performance Committee, {held['meeting'].date.day} " in " ".join(_section_5_meetings(form))


def test_a_completed_plan_takes_an_addendum_in_section_5_too(client, login_as, held):
    entry = held["entries"][0]
    other = Meeting.create(body=held["committee"], date=TODAY - timedelta(days=3))
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == entry.pip_id).execute()
    login_as("clerk")
    plan = client.get(f"/pips/{entry.pip_id}").get_data(as_text=True)
    assert "Add Members&#39; comments as an addendum" in plan
    form = client.get(f"/pips/{entry.pip_id}/comments/new").get_data(as_text=True)
    assert ticked(form, "role") == "members" and {"", "members"} >= {
        i.get("value") for i in lxml.html.fromstring(form).xpath("//input[@name='role']")
    }
    offered = " ".join(_section_5_meetings(form))
    assert "Audit and Performance Committee" in offered and str(other) not in offered
    response = client.post(
        f"/pips/{entry.pip_id}/comments",
        data={
            "version": Pip.get_by_id(entry.pip_id).version,
            "role": "members",
            "author": "Cllr Jones",
            "made_on-day": str(TODAY.day),
            "made_on-month": str(TODAY.month),
            "made_on-year": str(TODAY.year),
            "meeting": held["meeting"].id,
            "minute_reference": "AP/2026/11",
            "text": "Members welcomed the plan's close.",
        },
    )
    assert response.status_code == 302
    history = client.get(f"/pips/{entry.pip_id}/history").get_data(as_text=True)
    assert "Addendum after completion: Added Members comment (Cllr Jones" in history


def test_a_completed_plan_never_presented_takes_no_comments(client, login_as, make_pip):
    pip = make_pip(status=PipStatus.COMPLETED)
    login_as("clerk")
    assert client.get(f"/pips/{pip.id}/comments/new").status_code == 409
    assert "as an addendum" not in client.get(f"/pips/{pip.id}").get_data(as_text=True)


def test_a_completed_plan_presented_only_at_a_meeting_to_come_takes_no_addendum_yet(client, login_as, future):
    entry = future["entries"][0]
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == entry.pip_id).execute()
    login_as("clerk")
    assert client.get(f"/pips/{entry.pip_id}/comments/new").status_code == 409
    assert "as an addendum" not in client.get(f"/pips/{entry.pip_id}").get_data(as_text=True)
