"""Every multi-row step is one transaction (issue 8, item 3): its last write is made to fail for real, by a
database trigger, and then nothing has changed and the user is told; pressing the button again works.
Also: Complete while the PI is still below target asks for a confirmation and a reason (item 7)."""

from datetime import date, timedelta

import pytest

from tests.web.failing_writes import failing
from webapp.domain.bodies import BodyKind
from webapp.domain.merge import Base
from webapp.domain.pips import CommentRole, PipStatus, SolutionStatus
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    Meeting,
    Pip,
    PipChange,
    ProgressUpdate,
    Score,
    Solution,
    SolutionDecision,
)
from webapp.pips import edits

TODAY = date.today()
TOLD = "Sorry, there is a problem with the service"


def _record(pip_id):
    """Everything a step could write about a plan."""
    pip = Pip.get_by_id(pip_id)
    return (
        pip.status,
        pip.version,
        pip.closing_reason,
        pip.closed_on,
        pip.went_live_on,
        PipChange.select().where(PipChange.pip == pip_id).count(),
        ProgressUpdate.select().where(ProgressUpdate.pip == pip_id).count(),
        [(s.ref, s.status) for s in Solution.select().where(Solution.pip == pip_id).order_by(Solution.ref)],
        SolutionDecision.select().count(),
    )


def _ready_to_complete(make_pip):
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])], status=PipStatus.LIVE)
    Solution.update(status=SolutionStatus.IN_PLACE).where(Solution.pip == pip.id).execute()
    return Pip.get_by_id(pip.id)


@pytest.fixture
def cmt_meeting(db):
    body = Body.create(name="CMT", kind=BodyKind.CMT)
    return Meeting.create(body=body, date=TODAY - timedelta(days=3))


def _steps(make_pip, cmt_meeting):
    """(roles, plan, url, form) for each step on a plan."""
    draft = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    live = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])], status=PipStatus.LIVE)
    done = _ready_to_complete(make_pip)
    completed = make_pip(status=PipStatus.COMPLETED)
    solution = Solution.get(Solution.pip == live)
    return {
        "submit": (("performance",), draft, f"/pips/{draft.id}/submit", {"version": draft.version}),
        "complete": (
            ("performance",),
            done,
            f"/pips/{done.id}/complete",
            {"version": done.version, "confirm_below_target": "y", "below_target_reason": "In place"},
        ),
        "withdraw": (
            ("performance",),
            live,
            f"/pips/{live.id}/withdraw",
            {"version": live.version, "reason": "Raised in error"},
        ),
        "reopen": (
            ("performance",),
            completed,
            f"/pips/{completed.id}/reopen",
            {"version": completed.version, "reason": "Slipped again"},
        ),
        "CMT approves": (
            ("cmt",),
            live,
            f"/pips/{live.id}/comments",
            {
                "version": live.version,
                "role": CommentRole.CMT.value,
                "author": "Chief Executive",
                "made_on-day": str(cmt_meeting.date.day),
                "made_on-month": str(cmt_meeting.date.month),
                "made_on-year": str(cmt_meeting.date.year),
                "meeting": cmt_meeting.id,
                "minute_reference": "CMT/41",
                "text": "S1 approved.",
                "approves": [solution.id],
            },
        ),
    }


@pytest.mark.parametrize("step", ["submit", "complete", "withdraw", "reopen", "CMT approves"])
def test_a_step_whose_last_write_fails_changes_nothing_and_says_so(step, client, login_as, make_pip, cmt_meeting):
    roles, pip, url, data = _steps(make_pip, cmt_meeting)[step]
    login_as(*roles)
    before = _record(pip.id)
    with failing("pip_change"):  # the history lines are written last, after every other row of the step
        response = client.post(url, data=data)
    assert response.status_code == 500
    assert TOLD in response.get_data(as_text=True)
    assert _record(pip.id) == before

    # The next step: press the button again, and it is done.
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert _record(pip.id) != before


def test_complete_whose_final_entry_fails_leaves_the_plan_live(client, login_as, make_pip):
    """The defect: the status was committed first, then the final entry failed, and the plan was
    Completed and read-only with no final entry."""
    login_as("performance")
    pip = _ready_to_complete(make_pip)
    data = {"version": pip.version, "confirm_below_target": "y", "below_target_reason": "In place"}
    with failing("progress_update"):
        assert client.post(f"/pips/{pip.id}/complete", data=data).status_code == 500
    assert Pip.get_by_id(pip.id).status is PipStatus.LIVE
    assert not ProgressUpdate.select().where(ProgressUpdate.pip == pip.id).exists()


def test_publishing_whose_last_write_fails_publishes_nothing(client, login_as, make_pip, db):
    login_as("clerk")
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    meeting = Meeting.create(body=body, date=TODAY + timedelta(days=10))
    item = AgendaItem.create(meeting=meeting, title="Performance Improvement Plans", report_of="Head of Performance")
    pip = make_pip(status=PipStatus.LIVE)
    AgendaPip.create(item=item, pip=pip, position=1)
    with failing("agenda_item", "UPDATE"):  # publishing marks the item published last
        response = client.post(f"/meetings/{meeting.id}/papers/publish")
    assert response.status_code == 500 and TOLD in response.get_data(as_text=True)
    assert not AgendaItem.get_by_id(item.id).published
    assert AgendaPip.get().as_presented in (None, "")
    assert not PipChange.select().where(PipChange.subject == "papers").exists()

    assert client.post(f"/meetings/{meeting.id}/papers/publish").status_code == 302
    assert AgendaItem.get_by_id(item.id).published


# ---------------------------------------------------------------------------------------------
# Complete while the PI is below target (item 7)


def test_completing_below_target_asks_for_a_confirmation_and_a_reason(client, login_as, make_pip):
    login_as("performance")
    pip = _ready_to_complete(make_pip)  # its PI's latest score, 91.2, is Amber against 98
    html = client.get(f"/pips/{pip.id}/complete").get_data(as_text=True)
    assert "The PI is still below target" in html and "91.2%" in html and "Amber" in html

    response = client.post(f"/pips/{pip.id}/complete", data={"version": pip.version, "comment": "Thanks all."})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Confirm that the plan should be completed although the PI is still below target" in html
    assert "Say why the plan should be completed while the PI is below target" in html
    assert "Thanks all." in html  # what was typed is kept
    assert Pip.get_by_id(pip.id).status is PipStatus.LIVE

    response = client.post(
        f"/pips/{pip.id}/complete",
        data={
            "version": pip.version,
            "comment": "Thanks all.",
            "confirm_below_target": "y",
            "below_target_reason": "Every solution is in place; the effect follows in the spring.",
        },
    )
    assert response.status_code == 302
    final = ProgressUpdate.get((ProgressUpdate.pip == pip.id) & ProgressUpdate.final)
    assert "formally closed" in final.comment
    assert "still below target" in final.comment and "the effect follows in the spring" in final.comment
    assert "Thanks all." in final.comment


def test_completing_on_target_asks_for_nothing_more(client, login_as, make_pip, db):
    login_as("performance")
    pip = _ready_to_complete(make_pip)
    Score.update(value=99.0).where(Score.indicator == pip.indicator_id).execute()  # every score now on target
    html = client.get(f"/pips/{pip.id}/complete").get_data(as_text=True)
    assert "still below target" not in html and "confirm_below_target" not in html
    assert client.post(f"/pips/{pip.id}/complete", data={"version": pip.version}).status_code == 302
    final = ProgressUpdate.get((ProgressUpdate.pip == pip.id) & ProgressUpdate.final)
    assert "below target" not in final.comment


def test_a_step_from_a_stale_page_keeps_the_reason_typed(client, login_as, make_pip, make_user):
    login_as("performance")
    pip = _ready_to_complete(make_pip)
    edits.complete(pip.id, make_user("performance"), Base(pip.version))
    stale = Pip.get_by_id(pip.id).version  # the Reopen page is drawn now...
    other = make_user("performance")  # ...and meanwhile someone else reopens and completes it again
    edits.reopen(pip.id, other, Base(stale), "Slipped")
    edits.complete(pip.id, other, Base(Pip.get_by_id(pip.id).version), below_target_reason="Fixed")
    response = client.post(f"/pips/{pip.id}/reopen", data={"version": stale, "reason": "My long reason"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The plan changed since you opened the page" in html and "My long reason" in html
    version = Pip.get_by_id(pip.id).version
    assert f'value="{version}"' in html
    assert (
        client.post(f"/pips/{pip.id}/reopen", data={"version": version, "reason": "My long reason"}).status_code == 302
    )
    assert Pip.get_by_id(pip.id).status is PipStatus.LIVE
