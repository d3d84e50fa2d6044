"""Revisions after publishing (docs/meetings-and-papers.md#revisions-after-publishing): the clerk issues a revised
version with a reason; every version is kept, numbered and dated; Members read the latest and any earlier one."""

import io

import pytest
from docx import Document
from werkzeug.datastructures import MultiDict

from tests.querycount import count_queries
from tests.web.page_forms import changed, form_values
from tests.web.papers import publishing
from tests.web.papers.publishing import entries_of, papers_url, publish, sign_out
from webapp.models import AgendaPip, Factor, Notice, PapersVersion, PresentedPlan

live_plan = publishing.live_plan  # the shared fixture


def _word_text(response):
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_clerk_revises_and_the_member_reads_both_versions(client, login_as, make_user, sign_in, a_and_p, live_plan):
    pip = live_plan()
    clerk = make_user("clerk", name="Clare Clerk")
    sign_in(clerk)
    item = publish(client, a_and_p, [pip])
    (entry,) = entries_of(item)
    Factor.update(description="Snow, corrected").where(Factor.pip == pip).execute()

    page = client.get(papers_url(a_and_p, "revise"))
    assert page.status_code == 200 and "version 2" in page.get_data(as_text=True)
    refused = client.post(papers_url(a_and_p, "revise"), data={"reason": "  ", "with_changes": "y"})
    assert refused.status_code == 422
    assert "Enter the reason for the revision" in refused.get_data(as_text=True)
    assert "checked" in refused.get_data(as_text=True)  # the tick kept
    assert PapersVersion.select().count() == 1

    member = make_user("member", committees=[a_and_p.body])
    make_user("member")  # on no committee: not told
    done = client.post(papers_url(a_and_p, "revise"), data={"reason": "Appendix A: the factor corrected."})
    (notice,) = Notice.select().where(Notice.user == member)
    assert "(revised papers, version 2)" in notice.subject
    assert done.status_code == 302 and done.headers["Location"].endswith("#versions")
    assert "Version 2 of the papers issued" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert [v.number for v in PapersVersion.select().order_by(PapersVersion.number)] == [1, 2]
    assert PresentedPlan.select().count() == 2  # version 1's plan is kept
    assert "Snow, corrected" in AgendaPip.get_by_id(entry.id).as_presented
    history = client.get(f"/pips/{pip.id}/history").get_data(as_text=True)
    assert "Revised committee papers" in history and "version 2, Appendix A" in history

    sign_out(client)
    login_as("member")
    papers = client.get(papers_url(a_and_p)).get_data(as_text=True)
    assert "Version 2" in papers and "Latest" in papers and "Appendix A: the factor corrected." in papers
    assert "Issue revised papers" not in papers
    latest = client.get(papers_url(a_and_p, f"appendices/{entry.id}")).get_data(as_text=True)
    assert "Snow, corrected" in latest and "Reason for the revision: Appendix A: the factor corrected." in latest
    first = client.get(papers_url(a_and_p, f"versions/1/appendices/{entry.id}")).get_data(as_text=True)
    assert "Snow for WR01" in first and "Snow, corrected" not in first and "a later version has been issued" in first

    first_word = client.get(papers_url(a_and_p, "versions/1/download"))
    assert "version-1.docx" in first_word.headers["Content-Disposition"]
    assert "Snow for WR01" in _word_text(first_word) and "Snow, corrected" not in _word_text(first_word)
    second_word = _word_text(client.get(papers_url(a_and_p, "versions/2/download")))
    assert "Snow, corrected" in second_word
    assert "Revised papers: version 2, issued" in second_word
    assert "Reason: Appendix A: the factor corrected." in second_word
    assert "Revised papers" not in _word_text(first_word)
    assert "Snow, corrected" in _word_text(client.get(papers_url(a_and_p, "download")))  # the latest
    assert client.get(papers_url(a_and_p, "versions/3/download")).status_code == 404


@pytest.mark.parametrize("role", ["member", "performance", "cmt", "hos"])
def test_only_the_clerk_issues_a_revision(client, login_as, make_user, sign_in, a_and_p, live_plan, role):
    sign_in(make_user("clerk"))
    publish(client, a_and_p, [live_plan()])
    sign_out(client)
    login_as(role)
    assert client.get(papers_url(a_and_p, "revise")).status_code == 403
    assert client.post(papers_url(a_and_p, "revise"), data={"reason": "Mine"}).status_code == 403
    assert PapersVersion.select().count() == 1


def test_a_draft_is_not_revised_and_its_versions_are_not_read(client, login_as, make_user, sign_in, a_and_p, live_plan):
    sign_in(make_user("clerk"))
    client.post(papers_url(a_and_p, "report"), data={"version": "0", "title": "PIPs", "report_of": "Head"})
    client.post(papers_url(a_and_p, "plans"), data={"pip": live_plan().id})
    refused = client.post(papers_url(a_and_p, "revise"), data={"reason": "Early"}, follow_redirects=True)
    assert "Only published papers are revised" in refused.get_data(as_text=True)
    assert PapersVersion.select().count() == 0
    assert client.get(papers_url(a_and_p, "versions/1/download")).status_code == 404
    sign_out(client)
    login_as("member")
    assert client.get(papers_url(a_and_p, "versions/1/download")).status_code == 403


def test_the_papers_page_takes_the_same_queries_however_many_versions(
    client, login_as, make_user, sign_in, a_and_p, live_plan
):
    sign_in(make_user("clerk"))
    publish(client, a_and_p, [live_plan("AA1"), live_plan("BB2")])

    def queries():
        with count_queries() as statements:
            assert client.get(papers_url(a_and_p)).status_code == 200
        return len(statements)

    one = queries()
    for n in range(3):
        assert client.post(papers_url(a_and_p, "revise"), data={"reason": f"Revision {n}"}).status_code == 302
    assert queries() == one


def test_the_revision_form_sent_twice_issues_one_version_and_keeps_the_reason(
    client, make_user, sign_in, a_and_p, live_plan
):
    sign_in(make_user("clerk"))
    publish(client, a_and_p, [live_plan()])
    form = form_values(client.get(papers_url(a_and_p, "revise")).get_data(as_text=True), papers_url(a_and_p, "revise"))
    form = changed(form, reason="Appendix A: the August score corrected.")
    assert ("revises", "1") in form
    assert client.post(papers_url(a_and_p, "revise"), data=MultiDict(form)).status_code == 302
    again = client.post(papers_url(a_and_p, "revise"), data=MultiDict(form))  # a double click, or another clerk
    html = again.get_data(as_text=True)
    assert again.status_code == 409
    assert "Version 2 of the papers was issued after this page was opened" in html
    assert "Appendix A: the August score corrected.</textarea>" in html
    assert [v.number for v in PapersVersion.select()] == [1, 2]
    # Still wanted: the form as redrawn issues version 3.
    resent = form_values(html, papers_url(a_and_p, "revise"))
    assert ("revises", "2") in resent
    assert client.post(papers_url(a_and_p, "revise"), data=MultiDict(resent)).status_code == 302
    assert sorted(v.number for v in PapersVersion.select()) == [1, 2, 3]
