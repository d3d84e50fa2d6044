"""Your work (docs/your-work.md): each role's part lists what needs them, each item a link to where it is done,
with counts; a part with nothing says so; the page is escaped and reads only what the role may see."""

import re
from datetime import date, timedelta

import pytest

from tests.web.conftest import present, the_committee
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus, SolutionStatus
from webapp.domain.referrals import Outcome
from webapp.models import AgendaItem, AgendaPip, Body, Meeting, Pip, ProgressUpdate, Solution, utcnow

TODAY = date.today()


def day(n):
    """n days from today (negative: ago)."""
    return TODAY + timedelta(days=n)


def page(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True).split('<main class="govuk-main-wrapper" id="main-content">')[1]


@pytest.fixture
def live(make_pip, db):
    """A Live plan that went Live `since` days ago, its last progress entry `updated` days ago."""

    def make(service=None, since=40, updated=None, solutions=(), code=None):
        pip = make_pip(service=service, status=PipStatus.LIVE, factors=[("external", "Snow")], solutions=solutions)
        pip.went_live_on = day(-since)
        if code:
            pip.pi_code = code
        pip.save()
        if updated is not None:
            ProgressUpdate.create(pip=pip, made_on=day(-updated), comment="Going well")
        return pip

    return make


def test_a_head_of_service_sees_the_work_on_their_own_services(
    client, login_as, make_service, make_pip, live, red_indicator, db
):
    own, other = make_service("Housing"), make_service("Leisure")
    draft = make_pip(service=own)
    make_pip(service=other)  # another service's draft
    overdue = live(own, since=60, code="OV1")  # monthly: due a month after going Live
    due_soon = live(own, since=80, updated=25, code="DS1")  # due in about 5 days
    live(own, since=80, updated=3, code="LATER1")  # due in about four weeks: not yet
    live(other, since=60, code="THEIRS1")
    awaiting = live(own, updated=1, solutions=[("Agency drivers", ["E1"])], code="AW1")
    declined = live(own, updated=1, solutions=[("Overtime", ["E1"])], code="DC1")
    Solution.update(status=SolutionStatus.NOT_APPROVED).where(Solution.pip == declined.id).execute()
    chosen = live(own, updated=1, solutions=[("Option A", ["E1"]), ("Option B", ["E1"])], code="CH1")
    Solution.update(option_group="Posts").where(Solution.pip == chosen.id).execute()
    Solution.update(status=SolutionStatus.APPROVED).where(Solution.pip == chosen.id, Solution.ref == "S1").execute()
    Solution.update(status=SolutionStatus.NOT_APPROVED).where(Solution.pip == chosen.id, Solution.ref == "S2").execute()
    exception = red_indicator(own)
    theirs = red_indicator(other)
    login_as("hos", services=[own])
    html = page(client)
    assert "As Head of Service" in html and "CMT member" not in html
    assert f'href="/pips/{draft.id}"' in html and "Drafts to finish: 1" in html
    updates = html.split('id="hos-updates"')[1].split("</div>")[0]
    assert "Progress updates overdue or due in the next 14 days: 2" in updates
    assert updates.index("OV1") < updates.index("DS1") and "Overdue" in updates
    assert "LATER1" not in html and "THEIRS1" not in html
    assert f'href="/pips/{overdue.id}#section-6"' in updates and f'href="/pips/{due_soon.id}#section-6"' in updates
    assert "Solutions awaiting a CMT decision: 1" in html and f'href="/pips/{awaiting.id}#solution-S1"' in html
    declined_part = html.split('id="hos-declined"')[1].split("</div>")[0]
    assert "Solutions declined that need a new proposal: 1" in declined_part and "DC1 solution S1" in declined_part
    assert "CH1" not in declined_part  # CMT chose its alternative, Option A
    assert "PIs that need attention and have no plan: 1" in html
    assert f'href="/pips/new?indicator={exception.id}"' in html and theirs.code not in html


def test_a_cmt_member_sees_decisions_waiting_oldest_first_overdue_plans_and_the_next_meeting(
    client, login_as, live, make_service, db
):
    newer = live(since=10, updated=1, solutions=[("Agency drivers", ["E1"])], code="NEW1")
    older = live(since=90, updated=1, solutions=[("Overtime", ["E1"]), ("Training", ["E1"])], code="OLD1")
    late = live(since=70, code="LATE1")
    cmt = Body.create(name="CMT", kind=BodyKind.CMT)
    Meeting.create(body=cmt, date=day(-3), title="Last time")
    Meeting.create(body=cmt, date=day(20), title="Later still")
    soon = Meeting.create(body=cmt, date=day(6), title="Monthly performance review")
    login_as("cmt")
    html = page(client)
    awaiting = html.split('id="cmt-awaiting"')[1].split("</div>")[0]
    assert "Plans awaiting a CMT decision, oldest first: 2" in awaiting
    assert awaiting.index(f"/pips/{older.id}#") < awaiting.index(f"/pips/{newer.id}#")
    assert "2 solutions proposed" in awaiting and "1 solution proposed" in awaiting
    overdue = html.split('id="cmt-overdue"')[1].split("</div>")[0]
    assert f"/pips/{late.id}#section-6" in overdue and "NEW1" not in overdue
    assert f'href="/meetings/{soon.id}"' in html and "Monthly performance review" in html and "Last time" not in html


def test_a_clerk_sees_the_next_committee_and_what_past_ones_still_need(client, login_as, live, make_pip, db):
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    policy = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    past = Meeting.create(body=body, date=day(-30))
    nxt = Meeting.create(body=body, date=day(14))
    on_agenda, missing = live(code="ON1"), live(code="MISS1")
    noted, referred, open_ = live(code="NOTED1"), live(code="REF1"), live(code="OPEN1")
    item = AgendaItem.create(meeting=past, published_at=utcnow())
    AgendaPip.create(item=item, pip=noted, position=1, outcome=Outcome.NOTED)
    referred_entry = AgendaPip.create(item=item, pip=referred, position=2, outcome=Outcome.REFERRED, referred_to=policy)
    open_entry = AgendaPip.create(item=item, pip=open_, position=3)
    upcoming = AgendaItem.create(meeting=nxt)
    for position, pip in enumerate([on_agenda, noted, referred, open_], 1):
        AgendaPip.create(item=upcoming, pip=pip, position=position)
    login_as("clerk")
    html = page(client)
    assert f'href="/meetings/{nxt.id}/papers/"' in html and "The papers are not yet published" in html
    assert "4 plans on the agenda so far" in html
    not_on = html.split('id="clerk-not-on-agenda"')[1].split("</div>")[0]
    assert "Live plans not yet on its agenda: 1" in not_on and "MISS1" in not_on and "ON1" not in not_on
    outcomes = html.split('id="clerk-outcomes"')[1].split("</div>")[0]
    assert f"/meetings/{past.id}/papers/plans/{open_entry.id}/outcome" in outcomes and "NOTED1" not in outcomes
    decisions = html.split('id="clerk-decisions"')[1].split("</div>")[0]
    assert f"/meetings/{past.id}/papers/plans/{referred_entry.id}/decision" in decisions
    assert "Development Committee" in decisions
    assert missing.id


def test_a_clerk_can_record_the_outcomes_of_a_meeting_held_today(client, login_as, live, db):
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    today, tomorrow = Meeting.create(body=body, date=day(0)), Meeting.create(body=body, date=day(1))
    held, to_come = AgendaItem.create(meeting=today, published_at=utcnow()), AgendaItem.create(meeting=tomorrow)
    held_entry = AgendaPip.create(item=held, pip=live(code="TODAY1"), position=1)
    AgendaItem.update(published_at=utcnow()).where(AgendaItem.id == to_come.id).execute()
    AgendaPip.create(item=to_come, pip=live(code="TOMORROW1"), position=1)
    login_as("clerk")
    outcomes = page(client).split('id="clerk-outcomes"')[1].split("</div>")[0]
    assert "TOMORROW1" not in outcomes
    link = f"/meetings/{today.id}/papers/plans/{held_entry.id}/outcome"
    assert link in outcomes
    assert client.get(link).status_code == 200  # and the clerk's next step, the outcome's form, opens


def test_a_performance_officer_sees_the_registers_gaps(client, login_as, make_indicator, red_indicator, db):
    this_year = TODAY.year if TODAY.month >= 4 else TODAY.year - 1
    exception = red_indicator()
    stale = make_indicator(code="ST01", target=90, financial_year=this_year, scores=[(date(2020, 3, 31), 80)])
    untargeted = make_indicator(code="NT01")
    make_indicator(code="OLD01", active=False)  # no longer reported: nobody's work
    login_as("performance")
    html = page(client)
    assert f"/indicators/{exception.id}" in html.split('id="perf-exceptions"')[1].split("</div>")[0]
    no_score = html.split('id="perf-no-score"')[1].split("</div>")[0]
    assert "ST01" in no_score and "latest score for 31 March 2020" in no_score and "NT01" in no_score
    no_target = html.split('id="perf-no-target"')[1].split("</div>")[0]
    assert f"/indicators/{untargeted.id}" in no_target and "ST01" not in no_target
    assert "OLD01" not in html and stale.id
    # "See them all" lists the same PIs in the register, filtered by what they miss.
    for gap, listed in (("no_score", no_score), ("no_target", no_target)):
        register = client.get(f"/indicators/?gap={gap}").get_data(as_text=True).split("<tbody")[1]
        pis = set(re.findall(r'href="/indicators/(\d+)"', register))
        assert pis == set(re.findall(r'href="/indicators/(\d+)"', listed)), gap


def test_a_member_sees_their_committees_published_papers_newest_first(client, login_as, make_pip, db):
    """docs/your-work.md#member: the papers of the committees they sit on, and papers with a plan referred to one
    of them; not another committee's."""
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    other = Body.create(name="Audit and Performance (South)", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    development = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    old = Meeting.create(body=body, date=day(-120))
    new = Meeting.create(body=body, date=day(-20))
    draft = Meeting.create(body=body, date=day(30))
    for meeting in (old, new):
        AgendaItem.create(meeting=meeting, published_at=utcnow())
    AgendaItem.create(meeting=draft)
    elsewhere = Meeting.create(body=other, date=day(-60))
    AgendaItem.create(meeting=elsewhere, published_at=utcnow())
    referring = Meeting.create(body=other, date=day(-90))
    item = AgendaItem.create(meeting=referring, published_at=utcnow())
    AgendaPip.create(item=item, pip=make_pip(), position=1, outcome=Outcome.REFERRED, referred_to=development)
    login_as("member", committees=[body, development])
    html = page(client)
    assert "Published papers of your committees, newest first: 3" in html
    assert html.index(f"/meetings/{new.id}/papers/") < html.index(f"/meetings/{old.id}/papers/")
    assert f"/meetings/{referring.id}/papers/" in html
    assert f"/meetings/{draft.id}/papers/" not in html and f"/meetings/{elsewhere.id}/papers/" not in html


def test_an_administrator_sees_people_who_cannot_yet_do_anything(client, login_as, make_user, db):
    nobody = make_user(name="Ann Nobody")
    make_user(name="Gone Away", active=False)
    head = make_user("hos", name="Hal Head")
    member = make_user("member", name="Cllr Unseated")
    make_user("member", committees=[Body.create(name="A&P", kind=BodyKind.AUDIT_AND_PERFORMANCE)])
    login_as("admin")
    html = page(client)
    assert "Users without roles: 1" in html and f"/admin/users/{nobody.id}/edit" in html and "Gone Away" not in html
    assert "Heads of Service without services: 1" in html and f"/admin/users/{head.id}/edit" in html
    assert "Members without committees: 1" in html and "Give Cllr Unseated their committees" in html
    assert f"/admin/users/{member.id}/edit" in html


def test_a_part_with_nothing_in_it_says_so_and_several_roles_see_each_part(client, login_as, db):
    login_as("cmt", "clerk", "member")
    html = page(client)
    assert "There is nothing for you to do at the moment." in html
    for heading in ("As a CMT member", "As committee clerk", "As a Member"):
        assert heading in html
    assert (
        "Nothing to do for CMT" in html and "No papers have been published yet for the committees you sit on." in html
    )
    assert "As Head of Service" not in html and "As administrator" not in html


def test_someone_with_no_role_is_told_there_is_nothing_to_do(client, make_user, sign_in, db):
    sign_in(make_user())
    assert "you have no roles yet" in page(client)


def test_long_lists_show_the_first_few_and_link_to_the_rest(client, login_as, live, db):
    for n in range(7):
        live(since=100 + n, updated=1, solutions=[("Agency drivers", ["E1"])], code=f"W{n}")
    login_as("cmt")
    html = page(client)
    awaiting = html.split('id="cmt-awaiting"')[1].split("</div>")[0]
    assert "oldest first: 7" in awaiting and awaiting.count("<li>") == 5
    assert 'href="/pips/?awaiting=yes"' in awaiting and "2 more not shown here" in awaiting


def test_what_users_typed_is_escaped(client, login_as, live, db):
    pip = live(updated=1, solutions=[("<script>alert(1)</script>", ["E1"])])
    Pip.update(pi_name="<b>Bins</b>").where(Pip.id == pip.id).execute()
    login_as("cmt", "hos", services=[pip.service])
    html = page(client)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Bins</b>" not in html and "&lt;b&gt;Bins&lt;/b&gt;" in html


def test_the_plan_list_filters_plans_awaiting_a_cmt_decision(client, login_as, live, make_pip, db):
    live(updated=1, solutions=[("Agency drivers", ["E1"])], code="AWAIT1")
    decided = live(updated=1, solutions=[("Overtime", ["E1"])], code="DONE1")
    Solution.update(status=SolutionStatus.APPROVED).where(Solution.pip == decided.id).execute()
    draft = make_pip(solutions=[("Training", [])])
    Pip.update(pi_code="DRAFT1").where(Pip.id == draft.id).execute()
    login_as("cmt")
    listing = client.get("/pips/?awaiting=yes").get_data(as_text=True)
    assert "AWAIT1" in listing and "DONE1" not in listing and "DRAFT1" not in listing
    assert "Awaiting CMT decision" in listing
    assert "DONE1" in client.get("/pips/").get_data(as_text=True)


def test_your_work_is_first_in_the_header_and_the_service_name_leads_there(client, login_as, db):
    login_as("member")
    html = client.get("/").get_data(as_text=True)
    navigation = html.split('id="navigation"')[1].split("</ul>")[0]
    assert navigation.index("Your work") < navigation.index("Indicators")
    assert 'aria-current="true"' in navigation.split("Your work")[0].rsplit("<li", 1)[1]
    assert (
        'class="govuk-service-navigation__link">' in html and 'href="/" class="govuk-service-navigation__link"' in html
    )


def test_the_page_needs_a_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_a_member_never_sees_plans_on_your_work_they_could_not_open(client, login_as, live, db):
    """A Member's part lists papers only; a plan presented there they may read (docs/users-and-permissions.md)."""
    pip = present(live(code="PRES1"))
    login_as("member", committees=[the_committee()])
    assert "PRES1" not in page(client)
    assert client.get(f"/pips/{pip.id}").status_code == 200
