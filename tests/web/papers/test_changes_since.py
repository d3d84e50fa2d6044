"""Changes since last presented (docs/meetings-and-papers.md#changes-since-last-presented): on the plan page of a
plan presented before, and in the next papers when the clerk ticks the box."""

import io
from datetime import date

from docx import Document

from tests.querycount import count_queries
from tests.web.papers import publishing
from tests.web.papers.publishing import entries_of, papers_url, publish, sign_out
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import SolutionStatus
from webapp.models import AgendaItem, Factor, Meeting, ProgressUpdate, Solution

live_plan = publishing.live_plan  # the shared fixture


def _change(pip):
    Factor.update(description="Heavy snow for weeks").where(Factor.pip == pip).execute()
    Solution.update(status=SolutionStatus.APPROVED).where(Solution.pip == pip).execute()
    ProgressUpdate.create(pip=pip, made_on=date(2026, 12, 20), comment="Back on the rota.", score=97.0)


def test_a_member_sees_what_changed_since_the_plan_was_presented(client, login_as, a_and_p, live_plan):
    pip, never = live_plan("WR01"), live_plan("HS02")
    login_as("clerk")
    item = publish(client, a_and_p, [pip])
    unchanged = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Changes since last presented" in unchanged and "Nothing has changed." in unchanged
    _change(pip)
    sign_out(client)
    login_as("member", committees=[a_and_p.body])

    page = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Changes since last presented" in page
    assert "went into the published papers of the Audit and Performance Committee, 10 December 2026" in page
    assert "E1 changed: Heavy snow for weeks" in page
    assert "S1 status: Proposed to Approved" in page
    assert "Update of 20 December 2026, PI score 97.0%: Back on the rota." in page
    assert f"/papers/appendices/{entries_of(item)[0].id}" in page
    sign_out(client)
    login_as("performance")
    assert "Changes since last presented" not in client.get(f"/pips/{never.id}").get_data(as_text=True)


def test_a_presented_plans_page_costs_the_same_queries_whatever_its_size(client, login_as, a_and_p, live_plan):
    small, big = live_plan("SM01"), live_plan("BG02", factors=25)
    login_as("clerk")
    publish(client, a_and_p, [small, big])
    _change(small)
    _change(big)
    sign_out(client)
    login_as("performance")

    def queries(pip):
        with count_queries() as statements:
            assert client.get(f"/pips/{pip.id}").status_code == 200
        return len(statements)

    # The session, the plan, the committees it went to and the plan as last presented.
    assert queries(small) == queries(big) == 4


def _word_text(response):
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_next_papers_list_the_changes_when_the_clerk_ticks_the_box(client, login_as, a_and_p, live_plan):
    pip, new = live_plan("WR01"), live_plan("HS02")
    login_as("clerk")
    publish(client, a_and_p, [pip])
    _change(pip)
    later = Meeting.create(body=a_and_p.body, date=date(2027, 2, 11))
    assert later.body.kind is BodyKind.AUDIT_AND_PERFORMANCE
    publish(client, later, [pip, new], with_changes="y")

    text = _word_text(client.get(papers_url(later, "download")))
    assert "Changes since last presented to Audit and Performance Committee on 10 December 2026" in text
    assert "E1 changed: Heavy snow for weeks" in text and "S1 status: Proposed to Approved" in text
    assert text.count("Changes since last presented") == 1  # HS02 was not presented before
    first, second = entries_of(AgendaItem.get(AgendaItem.meeting == later))
    appendix = client.get(papers_url(later, f"appendices/{first.id}")).get_data(as_text=True)
    assert "Changes since last presented to Audit and Performance Committee on 10 December 2026" in appendix
    assert "E1 changed: Heavy snow for weeks" in appendix
    assert "Changes since" not in client.get(papers_url(later, f"appendices/{second.id}")).get_data(as_text=True)

    another = Meeting.create(body=a_and_p.body, date=date(2027, 4, 8))
    publish(client, another, [pip])  # the box left unticked
    assert "Changes since last presented" not in _word_text(client.get(papers_url(another, "download")))


def _changes_part(page):
    """The browser appendix's "Changes since last presented" to the end of the page's main part.

    What follows `</main>` (the session's time left, counted in seconds) differs from one request to the next.
    """
    return page[page.index("Changes since last presented") : page.index("</main>")]


def test_a_version_prints_the_same_changes_whatever_is_issued_after_it(client, login_as, a_and_p, live_plan):
    pip = live_plan("WR01")
    login_as("clerk")
    publish(client, a_and_p, [pip])
    _change(pip)
    later = Meeting.create(body=a_and_p.body, date=date(2027, 2, 11))
    publish(client, later, [pip], with_changes="y")
    (entry,) = entries_of(AgendaItem.get(AgendaItem.meeting == later))
    issued = _word_text(client.get(papers_url(later, "versions/1/download")))
    appendix = _changes_part(client.get(papers_url(later, f"appendices/{entry.id}")).get_data(as_text=True))
    assert "E1 changed: Heavy snow for weeks" in issued

    # The earlier meeting's papers revised, and a meeting between the two published, after `later`'s were issued.
    revised = client.post(papers_url(a_and_p, "revise"), data={"reason": "Plan as it is now.", "with_changes": "y"})
    assert revised.status_code == 302
    between = Meeting.create(body=a_and_p.body, date=date(2027, 1, 14))
    publish(client, between, [pip], with_changes="y")

    assert _word_text(client.get(papers_url(later, "versions/1/download"))) == issued
    assert _word_text(client.get(papers_url(later, "download"))) == issued
    assert _changes_part(client.get(papers_url(later, f"appendices/{entry.id}")).get_data(as_text=True)) == appendix
    # What is issued after them compares with the papers issued before it: the plan as revised, unchanged since.
    assert "Nothing has changed." in _word_text(client.get(papers_url(between, "download")))
