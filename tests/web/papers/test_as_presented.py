"""A published appendix read in the browser as presented (docs/meetings-and-papers.md#as-presented): the plan as
the committee was given it, whatever has happened to the plan since, for whoever may read the papers."""

from datetime import date

import pytest

from tests.querycount import count_queries
from tests.web.papers import publishing
from tests.web.papers.publishing import entries_of, papers_url, publish, sign_out
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.models import AgendaPip, Body, Factor, Meeting, Pip, ProgressUpdate

live_plan = publishing.live_plan  # the shared fixture


def _change_the_plan_after_publishing(pip):
    Factor.update(description="Snow, rewritten later").where(Factor.pip == pip).execute()
    ProgressUpdate.create(pip=pip, made_on=date(2026, 12, 20), comment="Written after the meeting.", final=True)
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == pip.id).execute()


def test_a_member_reads_an_appendix_as_it_was_presented(client, login_as, a_and_p, live_plan):
    first, second = live_plan("WR01"), live_plan("HS02")
    login_as("clerk")
    item = publish(client, a_and_p, [first, second])
    _change_the_plan_after_publishing(second)
    sign_out(client)
    login_as("member")

    papers = client.get(papers_url(a_and_p)).get_data(as_text=True)
    entry = entries_of(item)[1]
    link = papers_url(a_and_p, f"appendices/{entry.id}")
    assert f'href="{link}"' in papers and "Read Appendix B as presented" in papers

    response = client.get(link)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "As presented to Audit and Performance Committee on 10 December 2026" in page
    assert '<h1 class="govuk-heading-l">Appendix B: Performance Improvement Plan – ' in page
    assert "Snow for HS02" in page and "Crews added for HS02." in page and "93.5%" in page
    assert "Head of Waste" in page and "Section 6 Progress Tracking" in page
    assert "Written after the meeting." not in page and "rewritten later" not in page
    assert "<strong>Status:</strong> Proposed" in page  # the solution's status as presented
    assert f'href="/pips/{second.id}"' in page and "See the plan as it is now" in page
    assert "<svg" in page  # the chart, from the scores as presented


def test_the_appendix_of_the_newest_version_is_the_default_and_any_version_opens(
    client,
    login_as,
    a_and_p,
    live_plan,
):
    login_as("clerk")
    item = publish(client, a_and_p, [live_plan()])
    entry = entries_of(item)[0]
    assert client.get(papers_url(a_and_p, f"versions/1/appendices/{entry.id}")).status_code == 200
    assert client.get(papers_url(a_and_p, f"versions/2/appendices/{entry.id}")).status_code == 404
    assert client.get(papers_url(a_and_p, f"appendices/{entry.id + 99}")).status_code == 404


@pytest.mark.parametrize("role", ["member", "performance", "hos"])
def test_nobody_but_the_clerk_opens_an_appendix_before_the_papers_are_published(
    client,
    login_as,
    make_user,
    sign_in,
    a_and_p,
    live_plan,
    role,
):
    clerk = make_user("clerk")
    sign_in(clerk)
    pip = live_plan()
    client.post(papers_url(a_and_p, "report"), data={"version": "0", "title": "PIPs", "report_of": "Head"})
    client.post(papers_url(a_and_p, "plans"), data={"pip": pip.id})
    entry = AgendaPip.get()
    assert client.get(papers_url(a_and_p, f"appendices/{entry.id}")).status_code == 404  # nothing presented yet
    sign_out(client)
    login_as(role)
    assert client.get(papers_url(a_and_p, f"appendices/{entry.id}")).status_code == 403
    sign_out(client)
    response = client.get(papers_url(a_and_p, f"appendices/{entry.id}"))
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_only_an_a_and_p_meeting_has_appendices(client, login_as, db):
    cmt = Meeting.create(body=Body.create(name="CMT", kind=BodyKind.CMT), date=date(2026, 12, 1))
    login_as("member")
    assert client.get(f"/meetings/{cmt.id}/papers/appendices/1").status_code == 404


def test_an_appendix_takes_the_same_queries_however_big_the_plan(client, login_as, a_and_p, live_plan):
    login_as("clerk")
    item = publish(client, a_and_p, [live_plan("SM01"), live_plan("BG02", factors=25)])
    small, big = entries_of(item)
    sign_out(client)
    login_as("member")

    def queries(entry):
        with count_queries() as statements:
            assert client.get(papers_url(a_and_p, f"appendices/{entry.id}")).status_code == 200
        return len(statements)

    assert queries(small) == queries(big)
