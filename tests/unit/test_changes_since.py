"""What changed in a plan since it was last presented (docs/meetings-and-papers.md#changes-since-last-presented):
two printed plans compared, row by row, in words."""

import copy
from decimal import Decimal

import pytest

from webapp.domain.changes_since import Change, by_section, changes_since


def _printed():
    return {
        "plan": {
            "status": "live",
            "indicator": {"code": "WR01", "name": "Waste", "description": "Collections on time", "unit": "percent"},
            "details": {
                "target": {"value": Decimal("98.0"), "as_at": "2026-04-01"},
                "score": {"value": Decimal("91.2"), "as_at": "2026-09-30"},
                "last_year_end_score": {"value": Decimal("97.5"), "as_at": "2026-03-31"},
                "score_12_months_ago": {"value": None, "as_at": None},
                "comments": "Staff shortages.",
            },
            "factors": [
                {"ref": "E1", "kind": "external", "duration": "temporary", "description": "Snow"},
                {"ref": "I1", "kind": "internal", "duration": "long_term", "description": "Vacancies"},
            ],
            "solutions": [
                {
                    "ref": "S1",
                    "description": "Agency staff",
                    "target_date": "2026-12-01",
                    "factors": ["E1"],
                    "resourcing": "within_service",
                    "funding_amount": None,
                    "funding_note": "",
                    "time_lag": "",
                    "option_group": "",
                    "strengths": "",
                    "weaknesses": "",
                    "status": "proposed",
                },
            ],
            "management_comments": [
                {
                    "role": "head_of_service",
                    "author": "Head of Waste",
                    "date": "2026-10-20",
                    "text": "On it.",
                    "meeting": None,
                    "approves": [],
                    "declines": [],
                },
            ],
            "progress": [{"date": "2026-11-01", "comment": "Crews added.", "score": Decimal("93.5"), "final": False}],
        },
        "indicator": {"decimal_places": 1},
    }


def test_the_same_plan_has_no_changes():
    assert changes_since(_printed(), _printed()) == []


def test_a_number_written_differently_is_the_same_number():
    now = _printed()
    now["plan"]["details"]["score"]["value"] = 91.2
    now["plan"]["progress"][0]["score"] = Decimal("93.50")
    assert changes_since(_printed(), now) == []


def test_every_kind_of_change_is_listed_in_the_plans_order():
    before, now = _printed(), _printed()
    plan = now["plan"]
    plan["status"] = "completed"
    plan["details"]["score"] = {"value": Decimal("95.0"), "as_at": "2026-10-31"}
    plan["details"]["comments"] = "Improving."
    plan["factors"][0]["description"] = "Heavy snow"
    plan["factors"].append({"ref": "E2", "kind": "external", "duration": "temporary", "description": "Fuel"})
    del plan["factors"][1]
    plan["solutions"][0]["status"] = "approved"
    plan["solutions"][0]["target_date"] = "2027-01-31"
    plan["solutions"].append(dict(plan["solutions"][0], ref="S2", description="Rota", status="proposed"))
    plan["management_comments"].append(
        {
            "role": "cmt",
            "author": "Chief Executive",
            "date": "2026-11-04",
            "text": "Approve S1.",
            "meeting": {"body": "CMT", "date": "2026-11-04", "reference": "12/3"},
            "approves": ["S1"],
            "declines": [],
        }
    )
    plan["progress"].append(
        {"date": "2026-12-01", "comment": "Back on target.", "score": Decimal("98.1"), "final": True}
    )

    changes = changes_since(before, now)

    assert changes == [
        Change("Plan status", "changed", "Live to Completed"),
        Change(
            "Section 1 Performance Indicator Details",
            "changed",
            "Score: 91.2% as at 30 September 2026 to 95.0% as at 31 October 2026",
        ),
        Change("Section 1 Performance Indicator Details", "changed", "Comments changed: Improving."),
        Change("Section 2 External Factors Impacting Performance", "changed", "E1 changed: Heavy snow"),
        Change("Section 2 External Factors Impacting Performance", "added", "E2 added: Fuel"),
        Change("Section 3 Internal Factors Impacting Performance", "removed", "I1 removed: Vacancies"),
        Change("Section 4 Proposed Solutions", "changed", "S1 status: Proposed to Approved"),
        Change("Section 4 Proposed Solutions", "changed", "S1 changed: target date"),
        Change("Section 4 Proposed Solutions", "added", "S2 added (Proposed): Rota"),
        Change(
            "Section 5 Management Comment",
            "added",
            "CMT comment of 4 November 2026 by Chief Executive added: Approve S1.",
        ),
        Change(
            "Section 6 Progress Tracking",
            "added",
            "Update of 1 December 2026 (final entry: the plan is complete), PI score 98.1%: Back on target.",
        ),
    ]
    sections = [section for section, _ in by_section(changes)]
    assert sections[0] == "Plan status" and sections[-1] == "Section 6 Progress Tracking" and len(sections) == 7


def test_rows_edited_or_taken_away_are_changed_or_removed():
    before, now = _printed(), _printed()
    now["plan"]["management_comments"][0]["text"] = "On it, with agency staff."
    now["plan"]["progress"][0]["comment"] = "Crews added in two depots."
    before["plan"]["progress"].append({"date": "2026-11-15", "comment": "Later", "score": None, "final": False})
    del now["plan"]["solutions"][0]
    changes = changes_since(before, now)
    assert Change("Section 4 Proposed Solutions", "removed", "S1 removed: Agency staff") in changes
    assert (
        Change(
            "Section 5 Management Comment",
            "changed",
            "Head of Service comment of 20 October 2026 by Head of Waste changed: On it, with agency staff.",
        )
        in changes
    )
    assert (
        Change(
            "Section 6 Progress Tracking",
            "changed",
            "Update of 1 November 2026 changed, PI score 93.5%: Crews added in two depots.",
        )
        in changes
    )
    assert Change("Section 6 Progress Tracking", "removed", "Update of 15 November 2026 removed") in changes


@pytest.mark.parametrize("text, shown", [("x" * 119, "x" * 119), ("word " * 40, ("word " * 24).strip()[:119] + "…")])
def test_long_text_is_shortened(text, shown):
    now = copy.deepcopy(_printed())
    now["plan"]["factors"][0]["description"] = text
    (change,) = changes_since(_printed(), now)
    assert change.text == f"E1 changed: {shown}"
