"""Each event writes its mail to the outbox in the transaction of the change (docs/notifications.md): a plan
submitted, a CMT decision, papers published, a referral, a plan completed. The mail reaches a real SMTP
server once, names the PI and what to do, links to the page, and carries no more of the plan than its title."""

from datetime import date, timedelta

import pytest

from tests.web.conftest import present
from tests.web.failing_writes import failing
from tests.web.notifications.conftest import BASE_URL, text_and_html
from webapp.domain.bodies import BodyKind
from webapp.domain.merge import Base
from webapp.domain.notifications import Kind
from webapp.domain.pips import CommentRole, PipStatus, SolutionStatus
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    Meeting,
    Notice,
    OutboxMail,
    Pip,
    Solution,
    database,
)
from webapp.notifications import outbox
from webapp.papers import item as papers_item
from webapp.papers.referrals import presented_entry, record_outcome
from webapp.pips import edits

FACTOR = "Snow closed the depot for a week"
SOLUTION = "Hire agency drivers on a three-month contract"


@pytest.fixture
def plan_of(make_pip, make_service):
    def make(service=None, status=None):
        return make_pip(
            service=service or make_service(),
            factors=[("external", FACTOR)],
            solutions=[(SOLUTION, ["E1"])],
            status=status,
        )

    return make


def _addresses(kind=None):
    query = OutboxMail.select(OutboxMail.to_address).join(Notice, on=(Notice.mail == OutboxMail.id))
    if kind:
        query = query.where(Notice.kind == kind)
    return sorted(mail.to_address for mail in query)


def test_a_plan_submitted_by_its_head_of_service_reaches_cmt_once(
    client, login_as, make_service, make_user, plan_of, smtp, send
):
    service = make_service()
    chief = make_user("cmt", email="chief.executive@council.example")
    director = make_user("cmt", email="director@council.example")
    make_user("cmt", email="left@council.example", active=False)
    make_user("clerk")
    hos = login_as("hos", services=[service])
    pip = plan_of(service)

    response = client.post(f"/pips/{pip.id}/submit", data={"version": pip.version})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]

    assert _addresses(Kind.PLAN_SUBMITTED) == sorted([chief.email, director.email])
    assert hos.email not in _addresses()
    done = send()
    assert (done.sent, done.retrying, done.failed) == (2, 0, 0)
    assert send().sent == 0  # sent already: never twice
    assert [m["To"] for m in smtp.messages].count(chief.email) == 1
    message = smtp.to(chief.email)[0]
    assert message["Subject"] == f"Plan submitted for a CMT decision: {pip.pi_code} {pip.pi_name}"
    assert message["From"] == "performance-plans@council.example"
    text, html = text_and_html(message)
    link = f"{BASE_URL}/pips/{pip.id}"
    assert link in text and f'href="{link}"' in html
    assert "record CMT's decision" in text
    for body in (text, html, str(message["Subject"])):
        assert FACTOR not in body and SOLUTION not in body  # intranet mail gets forwarded: the title only


def test_when_the_change_is_rolled_back_no_mail_is_queued(client, login_as, make_user, plan_of):
    make_user("cmt")
    user = login_as("performance")
    pip = plan_of()
    with failing("pip_change"):  # the step's last write (its history) fails: the whole step rolls back
        response = client.post(f"/pips/{pip.id}/submit", data={"version": pip.version})
    assert response.status_code == 500
    assert Pip.get_by_id(pip.id).status is PipStatus.DRAFT
    assert OutboxMail.select().count() == 0 and Notice.select().count() == 0

    # And through the write path itself: a transaction around it that rolls back takes the mail with it.
    with pytest.raises(RuntimeError, match="rolled back"), database.atomic():
        edits.submit(pip.id, user, Base(pip.version))
        assert OutboxMail.select().count() == 1
        raise RuntimeError("rolled back")
    assert OutboxMail.select().count() == 0


def test_notices_are_only_written_inside_a_transaction(db, make_user):
    person = make_user("cmt")
    with pytest.raises(outbox.NotInTransaction):
        outbox.notify(Kind.PLAN_SUBMITTED, [person], {"title": "WR01", "pip_id": 1})


def test_a_cmt_decision_goes_to_the_plans_heads_of_service(
    client, login_as, make_service, make_user, plan_of, smtp, send
):
    service = make_service()
    heads = [make_user("hos", services=[service]), make_user("hos", services=[service])]
    make_user("hos", services=[make_service()])  # another service's
    pip = plan_of(service, status=PipStatus.LIVE)
    second = Solution.create(pip=pip, ref="S2", description="Buy a gritter", status=SolutionStatus.PROPOSED)
    first = Solution.get(Solution.pip == pip, Solution.ref == "S1")
    body = Body.create(name="CMT", kind=BodyKind.CMT)
    meeting = Meeting.create(body=body, date=date.today() - timedelta(days=2))
    login_as("cmt")
    response = client.post(
        f"/pips/{pip.id}/comments",
        data={
            "version": pip.version,
            "role": CommentRole.CMT.value,
            "author": "Chief Executive",
            "made_on-day": str(meeting.date.day),
            "made_on-month": str(meeting.date.month),
            "made_on-year": str(meeting.date.year),
            "meeting": meeting.id,
            "minute_reference": "CMT/41",
            "text": "S1 approved; S2 is not affordable.",
            "approves": [first.id],
            "declines": [second.id],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert _addresses(Kind.CMT_DECISION) == sorted(h.email for h in heads)
    send()
    text, html = text_and_html(smtp.to(heads[0].email)[0])
    assert "Approved S1; Not approved S2" in text
    assert "Buy a gritter" not in text + html and "not affordable" not in text + html
    assert f"{BASE_URL}/pips/{pip.id}" in text


def test_a_comment_without_decisions_sends_nothing(db, make_service, make_user, plan_of):
    service = make_service()
    make_user("hos", services=[service])
    pip = plan_of(service, status=PipStatus.LIVE)
    values = {
        "role": CommentRole.HEAD_OF_SERVICE,
        "author": "Head of Waste",
        "made_on": date.today(),
        "meeting": None,
        "minute_reference": "",
        "text": "Drivers are being recruited.",
    }
    edits.add_comment(pip.id, make_user("hos", services=[service]), values, {})
    assert OutboxMail.select().count() == 0


def _published_papers(plans):
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    meeting = Meeting.create(body=body, date=date(2026, 12, 10))
    item = AgendaItem.create(meeting=meeting, title="Performance Improvement Plans")
    for position, pip in enumerate(plans, 1):
        AgendaPip.create(item=item, pip=pip, position=position)
    return meeting, item


def test_papers_published_go_to_the_members_of_the_committee(app, db, make_user, plan_of, smtp, send):
    """docs/notifications.md: to the Members who sit on the meeting's committee, not another committee's."""
    meeting, item = _published_papers([plan_of(status=PipStatus.LIVE)])
    members = [make_user("member", committees=[meeting.body]), make_user("member", committees=[meeting.body])]
    make_user("member", committees=[Body.create(name="Resources Committee", kind=BodyKind.POLICY_COMMITTEE)])
    make_user("member")
    clerk = make_user("clerk")
    with app.test_request_context():
        papers_item.publish(item, clerk.id, "Borsetshire District Council")
    assert _addresses(Kind.PAPERS_PUBLISHED) == sorted(m.email for m in members)
    send()
    message = smtp.to(members[0].email)[0]
    assert message["Subject"] == "Committee papers published: Audit and Performance Committee, 10 December 2026"
    text, _ = text_and_html(message)
    assert f"{BASE_URL}/meetings/{meeting.id}/papers/" in text


def test_a_referral_goes_to_the_clerks_once(db, make_user, plan_of):
    clerks = [make_user("clerk"), make_user("clerk")]
    pip = present(plan_of(status=PipStatus.LIVE))
    entry_row = AgendaPip.get(AgendaPip.pip == pip)
    item = AgendaItem.get_by_id(entry_row.item_id)
    meeting = Meeting.get_by_id(item.meeting_id)
    policy = Body.create(name="Environment Committee", kind=BodyKind.POLICY_COMMITTEE)
    entry = presented_entry(item, entry_row.id)
    record_outcome(entry, meeting, "referred", policy, "Needs money", "AP/12", clerks[0].id)
    assert _addresses(Kind.REFERRAL) == [clerks[1].email]  # never the clerk who recorded it
    assert "Plan referred to Environment Committee" in OutboxMail.get().subject

    # Recorded again the same way (a minute reference corrected): no second mail.
    entry = presented_entry(item, entry_row.id)
    record_outcome(entry, meeting, "referred", policy, "Needs money", "AP/13", clerks[0].id)
    assert OutboxMail.select().count() == 1


def test_a_plan_completed_goes_to_cmt_and_the_performance_officers(db, make_user, plan_of):
    cmt, officer = make_user("cmt"), make_user("performance")
    pip = plan_of(status=PipStatus.LIVE)
    Solution.update(status=SolutionStatus.IN_PLACE).where(Solution.pip == pip.id).execute()
    pip = Pip.get_by_id(pip.id)
    hos = make_user("hos", services=[pip.service])
    edits.complete(pip.id, hos, Base(pip.version), below_target_reason="Recovering")
    assert _addresses(Kind.PLAN_COMPLETED) == sorted([cmt.email, officer.email] + _other_officers(officer))


def _other_officers(officer):
    """make_pip raises each plan as a performance officer of its own, who is told as well."""
    from webapp.models import User, UserRole

    return [u.email for u in User.select().join(UserRole).where(UserRole.role == "performance", User.id != officer.id)]
