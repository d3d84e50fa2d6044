"""The demo's published papers as they were when sent out (docs/meetings-and-papers.md#as-presented), not as the
demo's plans stand on the day it loads: no progress, comment or score dated after publication."""

import json
from datetime import date, datetime

import pytest

from webapp.demo import load_demo_data
from webapp.demo.papers import printed_as_at
from webapp.models import AgendaItem, AgendaPip, PapersVersion, PipChange, PresentedPlan, ProgressUpdate


@pytest.mark.parametrize("today", [date(2026, 11, 22), date(2027, 3, 1)])
def test_the_published_demo_papers_hold_only_what_was_known_when_they_were_sent_out(db, today):
    assert load_demo_data(today=today) is True
    item = AgendaItem.select().where(AgendaItem.published_at.is_null(False)).get()
    day = item.published_at.date().isoformat()
    assert PapersVersion.get(PapersVersion.item == item).issued_at == item.published_at
    presented_lines = PipChange.select().where(PipChange.what == "Presented to committee")
    assert {line.changed_at for line in presented_lines} == {item.published_at}
    presented = list(AgendaPip.select().where(AgendaPip.item == item))
    later = ProgressUpdate.select().where(
        ProgressUpdate.pip.in_([e.pip_id for e in presented]) & (ProgressUpdate.made_on > item.published_at.date())
    )
    assert later.exists()  # the plans have moved on since, so the test means something
    for entry in presented:
        printed = json.loads(entry.as_presented)
        plan = printed["plan"]
        assert all(update["date"] <= day for update in plan["progress"])
        assert all(comment["date"] <= day for comment in plan["management_comments"])
        assert all(line["period_end"] <= day for line in printed["scores"])
        assert all((plan["details"][key]["as_at"] or "") <= day for key in ("score", "last_year_end_score"))
        assert PresentedPlan.get(PresentedPlan.entry == entry).as_presented == entry.as_presented


def test_a_plan_completed_after_publication_was_live_when_presented():
    printed = {
        "plan": {
            "status": "completed",
            "progress": [
                {"date": "2026-08-01", "comment": "Going well", "score": 90, "final": False},
                {"date": "2026-11-04", "comment": "Done", "score": 99, "final": True},
            ],
            "management_comments": [{"date": "2026-11-05", "text": "Well done"}],
            "details": {
                "score": {"value": 99, "as_at": "2026-10-31"},
                "last_year_end_score": {"value": 80, "as_at": "2026-03-31"},
                "score_12_months_ago": {"value": None, "as_at": None},
            },
        },
        "scores": [{"period_end": "2026-07-31", "value": 88}, {"period_end": "2026-10-31", "value": 99}],
    }
    cut = printed_as_at(printed, datetime(2026, 9, 3, 9, 0))
    assert cut["plan"]["status"] == "live"
    assert [p["date"] for p in cut["plan"]["progress"]] == ["2026-08-01"] and cut["last_update"] == "2026-08-01"
    assert cut["plan"]["management_comments"] == []
    assert cut["scores"] == [{"period_end": "2026-07-31", "value": 88}]
    assert cut["plan"]["details"]["score"] == {"value": 88, "as_at": "2026-07-31"}
    assert cut["plan"]["exported_at"] == "2026-09-03T09:00:00Z"
