"""The Performance Improvement Plans item on an A&P agenda (docs/meetings-and-papers.md#meetings-and-committee-papers,
docs/meetings-and-papers.md#the-committee-papers): the clerk builds it,
orders the plans, publishes; everyone else reads only what was published, and it never changes."""

import io
from datetime import date, timedelta

import pytest
from docx import Document
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from tests.querycount import count_queries
from tests.web.page_forms import form_values
from tests.web.papers.publishing import papers_url
from webapp.domain.bodies import BodyKind
from webapp.domain.periods import add_months
from webapp.domain.pips import CommentRole, Duration, FactorKind, PipStatus
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    Factor,
    ManagementComment,
    Meeting,
    Pip,
    ProgressUpdate,
    Solution,
    SolutionDecision,
    Target,
    utcnow,
)
from webapp.pips.printed import load_printed_plan, load_printed_plans

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def live_plans(make_pip, make_service, db):
    """Three Live plans, for PIs AA1, BB2 and CC3, and a Draft one that may not be presented."""
    plans = []
    for code in ("AA1", "BB2", "CC3"):
        pip = make_pip(
            service=make_service(f"Service {code}"),
            factors=[("external", f"Snow for {code}")],
            solutions=[(f"Grit for {code}", ["E1"])],
            status=PipStatus.LIVE,
        )
        Pip.update(pi_code=code, went_live_on=date(2026, 10, 10)).where(Pip.id == pip.id).execute()
        plans.append(Pip.get_by_id(pip.id))
    draft = make_pip(service=make_service("Drafting"))
    Pip.update(pi_code="DD4").where(Pip.id == draft.id).execute()
    return plans, Pip.get_by_id(draft.id)


_url = papers_url


def _report(**changes):
    form = {
        "version": "0",
        "item_number": "7",
        "title": "Performance Improvement Plans",
        "report_of": "Head of Performance",
        "contact_officer": "Tom Hughes, 01632 960123",
        "purpose": "To present the plans.",
        "executive_summary": "Three plans.",
        "proposed_action": "The committee is invited to RESOLVE to note the plans.",
    }
    form.update(changes)
    return form


def _set_up(client, meeting, plans):
    assert client.post(_url(meeting, "report"), data=_report()).status_code == 302
    for pip in plans:
        assert client.post(_url(meeting, "plans"), data={"pip": pip.id}).status_code == 302
    return AgendaItem.get(AgendaItem.meeting == meeting)


def _codes(item):
    return [e.pip.pi_code for e in AgendaPip.select().where(AgendaPip.item == item).order_by(AgendaPip.position)]


def _docx_text(response):
    assert response.status_code == 200
    assert response.mimetype == WORD
    document = Document(io.BytesIO(response.data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_only_an_a_and_p_meeting_has_papers(client, clerk, db):
    cmt = Meeting.create(body=Body.create(name="CMT", kind=BodyKind.CMT), date=date(2026, 12, 1))
    assert client.get(_url(cmt)).status_code == 404
    assert client.get(_url(cmt, "report")).status_code == 404


def test_the_clerk_sets_up_the_cover_report_from_the_council_defaults(client, clerk, a_and_p):
    page = client.get(_url(a_and_p)).get_data(as_text=True)
    assert "Set up the item" in page
    form = client.get(_url(a_and_p, "report")).get_data(as_text=True)
    assert "The committee is invited to RESOLVE to note the Performance Improvement Plans" in form
    assert "Head of Performance" in form
    response = client.post(_url(a_and_p, "report"), data=_report())
    assert response.status_code == 302
    item = AgendaItem.get(AgendaItem.meeting == a_and_p)
    assert (item.item_number, item.contact_officer) == ("7", "Tom Hughes, 01632 960123")
    assert "Tom Hughes" in client.get(_url(a_and_p)).get_data(as_text=True)


def test_a_cover_report_without_a_title_keeps_what_was_typed(client, clerk, a_and_p):
    response = client.post(_url(a_and_p, "report"), data=_report(title="", purpose="My <b>careful</b> words"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the report title" in page
    assert "My &lt;b&gt;careful&lt;/b&gt; words" in page
    assert AgendaItem.select().count() == 0


def test_two_clerks_saving_the_same_report_do_not_overwrite_each_other(client, clerk, a_and_p):
    client.post(_url(a_and_p, "report"), data=_report())
    assert client.post(_url(a_and_p, "report"), data=_report(version="1", title="First")).status_code == 302
    stale = client.post(_url(a_and_p, "report"), data=_report(version="1", title="Second"))
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Someone else changed this report" in page and 'value="Second"' in page
    assert AgendaItem.get().title == "First"
    assert 'name="version" type="hidden" value="2"' in page or 'value="2"' in page
    assert client.post(_url(a_and_p, "report"), data=_report(version="2", title="Second")).status_code == 302
    assert AgendaItem.get().title == "Second"


def test_the_clerk_adds_orders_and_removes_plans(client, clerk, a_and_p, live_plans):
    plans, draft = live_plans
    page = client.get(_url(a_and_p, "report"))
    item = _set_up(client, a_and_p, plans)
    assert _codes(item) == ["AA1", "BB2", "CC3"]
    page = client.get(_url(a_and_p)).get_data(as_text=True)
    assert "DD4" not in page  # a draft is not offered
    first, second, third = AgendaPip.select().order_by(AgendaPip.position)
    assert client.post(_url(a_and_p, f"plans/{third.id}/move"), data={"direction": "up"}).status_code == 302
    assert _codes(item) == ["AA1", "CC3", "BB2"]
    client.post(_url(a_and_p, f"plans/{first.id}/move"), data={"direction": "up"})  # already first
    assert _codes(item) == ["AA1", "CC3", "BB2"]
    client.post(_url(a_and_p, f"plans/{first.id}/move"), data={"direction": "down"})
    assert _codes(item) == ["CC3", "AA1", "BB2"]
    assert client.post(_url(a_and_p, f"plans/{second.id}/remove")).status_code == 302
    assert _codes(item) == ["CC3", "AA1"]
    # Taken off again from a page drawn before (another clerk's, or a second tab): said, and nothing changes.
    for again in (f"plans/{second.id}/remove", f"plans/{second.id}/move"):
        response = client.post(_url(a_and_p, again), data={"direction": "up"}, follow_redirects=True)
        assert response.status_code == 200
        assert "That plan is no longer on the papers: another clerk took it off" in response.get_data(as_text=True)
    assert _codes(item) == ["CC3", "AA1"]


def test_a_plan_that_may_not_be_presented_is_refused_with_a_message(client, clerk, a_and_p, live_plans):
    plans, draft = live_plans
    item = _set_up(client, a_and_p, plans[:1])
    for bad in (draft.id, plans[0].id, "x", ""):
        response = client.post(_url(a_and_p, "plans"), data={"pip": bad})
        assert response.status_code == 422
        assert "Choose a plan" in response.get_data(as_text=True)
    assert _codes(item) == ["AA1"]
    assert client.post(_url(a_and_p, "plans/1/move"), data={"direction": "sideways"}).status_code == 400


def test_publishing_needs_a_plan(client, clerk, a_and_p):
    client.post(_url(a_and_p, "report"), data=_report())
    response = client.post(_url(a_and_p, "publish"))
    assert response.status_code == 422
    assert "Add at least one plan before publishing" in response.get_data(as_text=True)
    assert not AgendaItem.get().published


def test_a_publish_page_opened_before_another_clerks_change_publishes_nothing(client, clerk, a_and_p, live_plans):
    plans, _ = live_plans
    item = _set_up(client, a_and_p, plans[:1])
    page = client.get(_url(a_and_p, "publish")).get_data(as_text=True)
    confirmed = MultiDict(form_values(page, _url(a_and_p, "publish")))
    assert client.post(_url(a_and_p, "plans"), data={"pip": plans[1].id}).status_code == 302  # the other clerk
    stale = client.post(_url(a_and_p, "publish"), data=confirmed)
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "The papers changed after this page was opened" in html and plans[1].pi_code in html
    assert not AgendaItem.get_by_id(item.id).published
    # Having seen what will be published now, the clerk publishes it.
    again = MultiDict(form_values(html, _url(a_and_p, "publish")))
    assert client.post(_url(a_and_p, "publish"), data=again).status_code == 302
    assert AgendaItem.get_by_id(item.id).published and len(_codes(item)) == 2


def test_a_plan_raised_after_the_meeting_is_not_offered_nor_added(client, clerk, a_and_p, live_plans):
    plans, _ = live_plans
    _set_up(client, a_and_p, [])
    later = a_and_p.date + timedelta(days=1)
    Pip.update(raised_on=later).where(Pip.id == plans[1].id).execute()
    page = client.get(_url(a_and_p)).get_data(as_text=True)
    assert f'value="{plans[0].id}"' in page and f'value="{plans[1].id}"' not in page
    refused = client.post(_url(a_and_p, "plans"), data={"pip": plans[1].id})
    assert refused.status_code == 422
    assert "or was raised after the meeting" in refused.get_data(as_text=True)
    assert client.post(_url(a_and_p, "plans"), data={"pip": plans[0].id}).status_code == 302
    assert [e.pip_id for e in AgendaPip.select()] == [plans[0].id]


def test_a_plan_withdrawn_after_it_was_added_stops_the_papers_being_published(client, clerk, a_and_p, live_plans):
    plans, _ = live_plans
    item = _set_up(client, a_and_p, plans[:2])
    Pip.update(status=PipStatus.WITHDRAWN).where(Pip.id == plans[1].id).execute()
    page = client.get(_url(a_and_p, "publish")).get_data(as_text=True)
    message = f"Remove {plans[1].pi_code} from the papers before publishing: withdrawn since it was added"
    assert message in page and "(Withdrawn)" in page
    refused = client.post(_url(a_and_p, "publish"), data=MultiDict(form_values(page, _url(a_and_p, "publish"))))
    assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    assert not AgendaItem.get_by_id(item.id).published
    (withdrawn,) = [e for e in AgendaPip.select() if e.pip_id == plans[1].id]
    assert client.post(_url(a_and_p, f"plans/{withdrawn.id}/remove")).status_code == 302
    page = client.get(_url(a_and_p, "publish")).get_data(as_text=True)
    assert (
        client.post(_url(a_and_p, "publish"), data=MultiDict(form_values(page, _url(a_and_p, "publish")))).status_code
        == 302
    )
    assert _codes(item) == [plans[0].pi_code]


def test_published_papers_are_frozen_whatever_happens_to_the_plans(client, clerk, a_and_p, live_plans, db):
    plans, _ = live_plans
    item = _set_up(client, a_and_p, plans[:2])
    draft_papers = client.get(_url(a_and_p, "download"))
    assert "DRAFT" in draft_papers.headers["Content-Disposition"]
    assert "DRAFT" in _docx_text(draft_papers)

    assert client.get(_url(a_and_p, "publish")).status_code == 200
    assert client.post(_url(a_and_p, "publish")).status_code == 302
    item = AgendaItem.get_by_id(item.id)
    assert item.published and item.council == "Borsetshire District Council"
    assert all(entry.as_presented for entry in AgendaPip.select())
    history = client.get(f"/pips/{plans[1].id}/history").get_data(as_text=True)
    assert "Presented to committee" in history
    assert "Audit and Performance Committee, 10 December 2026: Appendix B" in history
    before = client.get(_url(a_and_p, "download"))
    text = _docx_text(before)
    assert "DRAFT" not in text and "Snow for AA1" in text

    # The plans change afterwards: a new factor, and new Section 1 comments.
    Factor.create(
        pip=plans[0],
        ref="I9",
        kind=FactorKind.INTERNAL,
        duration=Duration.LONG_TERM,
        description="A factor added after the meeting",
    )
    Pip.update(comments="Changed after the meeting").where(Pip.id == plans[0].id).execute()
    after = client.get(_url(a_and_p, "download"))
    assert _docx_text(after) == text
    assert "added after the meeting" not in text

    # ... and nothing about the item can change any more.
    for path, data in (
        ("report", _report(version=str(item.version), title="Changed")),
        ("plans", {"pip": plans[2].id}),
        (f"plans/{AgendaPip.get().id}/move", {"direction": "down"}),
        (f"plans/{AgendaPip.get().id}/remove", {}),
        ("publish", {}),
    ):
        response = client.post(_url(a_and_p, path), data=data)
        assert response.status_code == 302 and response.headers["Location"].endswith(_url(a_and_p))
    assert _codes(item) == ["AA1", "BB2"]
    assert AgendaItem.get_by_id(item.id).title == "Performance Improvement Plans"
    assert "can no longer change" in client.get(_url(a_and_p)).get_data(as_text=True)


def _sign_out(client):
    client.post("/sign-out")
    client.refresh_csrf()


@pytest.mark.parametrize("role", ["performance", "cmt", "member", "hos", "admin"])
def test_only_clerks_see_a_draft_and_change_the_papers(
    app, client, login_as, make_user, sign_in, a_and_p, live_plans, role
):
    plans, _ = live_plans
    clerk = make_user("clerk")
    sign_in(clerk)
    item = _set_up(client, a_and_p, plans[:1])
    entry = AgendaPip.get()
    _sign_out(client)
    login_as(role)
    assert client.get(_url(a_and_p)).status_code == 403
    assert client.get(_url(a_and_p, "download")).status_code == 403
    for path, method in (
        ("report", "GET"),
        ("report", "POST"),
        ("plans", "POST"),
        (f"plans/{entry.id}/move", "POST"),
        (f"plans/{entry.id}/remove", "POST"),
        ("publish", "GET"),
        ("publish", "POST"),
    ):
        assert client.open(_url(a_and_p, path), method=method, data={"pip": plans[1].id}).status_code == 403
    assert _codes(item) == ["AA1"]

    _sign_out(client)
    sign_in(clerk)
    client.post(_url(a_and_p, "publish"))
    _sign_out(client)
    login_as(role)
    page = client.get(_url(a_and_p))
    assert page.status_code == 200 and "AA1" in page.get_data(as_text=True)
    assert "Publish papers" not in page.get_data(as_text=True)
    assert "Snow for AA1" in _docx_text(client.get(_url(a_and_p, "download")))


def test_a_meeting_without_papers_is_not_found_for_readers(client, login_as, a_and_p):
    login_as("member")
    assert client.get(_url(a_and_p)).status_code == 404
    assert client.get(_url(a_and_p, "download")).status_code == 404


def test_the_meeting_page_leads_to_the_papers(client, clerk, a_and_p, live_plans):
    page = client.get(f"/meetings/{a_and_p.id}").get_data(as_text=True)
    assert "Put Performance Improvement Plans on this agenda" in page
    _set_up(client, a_and_p, live_plans[0][:1])
    assert "Manage the Performance Improvement Plans papers" in client.get(f"/meetings/{a_and_p.id}").get_data(
        as_text=True
    )


def test_the_papers_page_takes_the_same_queries_for_one_plan_or_twenty(client, clerk, a_and_p, make_pip, make_service):
    client.post(_url(a_and_p, "report"), data=_report())
    item = AgendaItem.get()

    def add(n):
        for _ in range(n):
            pip = make_pip(service=make_service(), status=PipStatus.LIVE)
            AgendaPip.create(item=item, pip=pip, position=AgendaPip.select().count() + 1)

    def queries():
        with count_queries() as statements:
            assert client.get(_url(a_and_p)).status_code == 200
        return len(statements)

    add(1)
    one = queries()
    add(19)
    assert queries() == one


@pytest.fixture
def full_plan(make_pip, make_indicator, make_service, db):
    """A Live plan with something in every section: factors, solutions, a Head of Service comment and a
    CMT one deciding on two solutions, progress, and two and a half years of scores against a target
    that was revised."""
    cmt = Meeting.create(body=Body.create(name="CMT", kind=BodyKind.CMT), date=date(2026, 10, 6))
    made = iter(range(1, 100))

    def make(indicator=None):
        n = next(made)
        if indicator is None:
            scores = [(add_months(date(2024, 4, 30), month), 90 + (month * n) % 9 + 0.5) for month in range(30)]
            indicator = make_indicator(code=f"FP{n}", target=95, financial_year=2025, scores=scores)
            Target.create(indicator=indicator, financial_year=2026, value=96, set_at=utcnow())
            Target.create(indicator=indicator, financial_year=2026, value=97.5, reason="Raised by CMT")
        pip = make_pip(
            service=make_service(f"Service FP{n}"),
            indicator=indicator,
            status=PipStatus.LIVE,
            factors=[("external", "Snow"), ("internal", "Vacancies"), ("external", "Floods")],
            solutions=[("Grit", ["E2", "I1"]), ("Agency drivers", ["E1"])],
        )
        ManagementComment.create(
            pip=pip,
            role=CommentRole.HEAD_OF_SERVICE,
            author="Head of Waste",
            made_on=date(2026, 10, 4),
            text=f"Plan {n} is on track.",
        )
        decided = ManagementComment.create(
            pip=pip,
            role=CommentRole.CMT,
            author="Chief Executive",
            made_on=date(2026, 10, 6),
            text="Agreed in part.",
            meeting=cmt,
            minute_reference="CMT/26/12",
        )
        first, second = Solution.select().where(Solution.pip == pip).order_by(Solution.ref)
        SolutionDecision.create(comment=decided, solution=first, approved=True)
        SolutionDecision.create(comment=decided, solution=second, approved=False)
        for month in range(3):
            ProgressUpdate.create(
                pip=pip, made_on=date(2026, 10 + month, 20), comment=f"Update {month}", score=f"9{month}.{n}"
            )
        return pip

    return make


def test_papers_read_many_plans_as_a_plan_page_reads_one(full_plan, make_pip, db):
    """The plans read all at once (webapp/pips/store_many.py) print exactly as each read on its own:
    in the order asked, with a plan of a PI without scores, and two plans of the same PI."""
    first, second = full_plan(), full_plan()
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == second.id).execute()  # so its PI may have another
    bare, again = make_pip(status=PipStatus.LIVE), full_plan(indicator=second.indicator)
    order = [second.id, bare.id, first.id, again.id]
    moment = utcnow()
    assert load_printed_plans(order, moment) == [load_printed_plan(pip_id, moment) for pip_id in order]
    assert load_printed_plans([], moment) == []
    with pytest.raises(NotFound):
        load_printed_plans([first.id, 999_999], moment)


def test_a_draft_of_the_papers_takes_the_same_queries_for_one_plan_or_five(client, clerk, a_and_p, full_plan):
    client.post(_url(a_and_p, "report"), data=_report())
    item = AgendaItem.get()

    def add(count):
        for _ in range(count):
            AgendaPip.create(item=item, pip=full_plan(), position=AgendaPip.select().count() + 1)

    def queries():
        with count_queries() as statements:
            text = _docx_text(client.get(_url(a_and_p, "download")))
        return len(statements), text

    add(1)
    one, _ = queries()
    add(4)
    five, text = queries()
    assert five == one
    assert all(f"FP{n}" in text for n in range(1, 6))
