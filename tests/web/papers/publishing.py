"""Set-up shared by the tests of published papers: Live plans with a row of each kind, and the clerk's steps to
put them on the papers of an A&P meeting (`a_and_p`, tests/web/conftest.py) and publish them
(docs/meetings-and-papers.md#publishing)."""

from datetime import date

import pytest

from webapp.domain.pips import CommentRole, PipStatus
from webapp.models import AgendaItem, AgendaPip, ManagementComment, Pip, ProgressUpdate


@pytest.fixture
def live_plan(make_pip, make_service, db):
    """A Live plan for WR01 with a factor, a solution, a comment and a progress update; `factors` more factors."""

    def make(code="WR01", factors=0):
        pip = make_pip(
            service=make_service(f"Service {code}"),
            factors=[("external", f"Snow for {code}")]
            + [("internal", f"Factor {n} of {code}") for n in range(factors)],
            solutions=[(f"Grit for {code}", ["E1"])],
            status=PipStatus.LIVE,
        )
        Pip.update(pi_code=code, went_live_on=date(2026, 10, 10)).where(Pip.id == pip.id).execute()
        ManagementComment.create(
            pip=pip, role=CommentRole.HEAD_OF_SERVICE, author="Head of Waste", made_on=date(2026, 10, 20), text="On it."
        )
        ProgressUpdate.create(pip=pip, made_on=date(2026, 11, 1), comment=f"Crews added for {code}.", score=93.5)
        return Pip.get_by_id(pip.id)

    return make


def papers_url(meeting, path=""):
    return f"/meetings/{meeting.id}/papers/{path}"


def sign_out(client):
    client.post("/sign-out")
    client.refresh_csrf()


def publish(client, meeting, plans, **form):
    """As the signed-in clerk: the cover report, the plans in order, then publishing; returns the item."""
    report = {
        "version": "0",
        "item_number": "7",
        "title": "Performance Improvement Plans",
        "report_of": "Head of Performance",
    }
    assert client.post(papers_url(meeting, "report"), data=report).status_code == 302
    for pip in plans:
        assert client.post(papers_url(meeting, "plans"), data={"pip": pip.id}).status_code == 302
    assert client.post(papers_url(meeting, "publish"), data=form).status_code == 302
    return AgendaItem.get(AgendaItem.meeting == meeting)


def entries_of(item):
    return list(AgendaPip.select().where(AgendaPip.item == item).order_by(AgendaPip.position))
