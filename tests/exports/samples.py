"""Sample printed plans and papers for the Word builders: a full PIP, an empty draft, a PIP full of hostile text, and
committee papers around them. Each call returns fresh data, so a test may change what it gets."""

from datetime import date

from webapp.domain.papers import DEFAULT_RISKS, DEFAULT_TEXT, DEFAULT_TITLE, EDITABLE_SECTIONS
from webapp.domain.periods import add_months

PASTED_FROM_WORD = "First line\x0bsecond line\x00\x07\x1f with \u201csmart quotes\u201d and\u00a0a non-breaking space"
MARKUP = "<w:p>&amp;</script>"
EMOJI = "Bins emptied \U0001f6ae\U0001f44d"
ARABIC = "\u0645\u0624\u0634\u0631 \u0627\u0644\u0623\u062f\u0627\u0621"
HEBREW = "\u05de\u05d3\u05d3 \u05d1\u05d9\u05e6\u05d5\u05e2"
LONG_COMMENT = ("The crews reported delays on every round. " * 250)[:10_000]


def monthly_scores(count=36, last=date(2026, 9, 30), start_value=96.1):
    """Scores falling from `start_value`, against a target of 96, 97 and 98 in successive financial years."""
    scores = []
    for n in range(count):
        period_end = add_months(last, n - count + 1)
        year_start = period_end.year if period_end.month >= 4 else period_end.year - 1
        scores.append(
            {
                "period_end": period_end.isoformat(),
                "value": round(start_value - n * 0.14, 1),
                "target": {2023: 96.0, 2024: 96.0, 2025: 97.0}.get(year_start, 98.0),
            }
        )
    return scores


def full_pip(code="WR01", name="Household waste collected on time"):
    """A Live PIP with every section filled in, as the worked example in docs/pip-v1.md."""
    plan = {
        "format": "pip/v1",
        "exported_at": "2026-11-22T10:00:00Z",
        "status": "live",
        "author": "Jane Smith",
        "date": "2026-10-03",
        "service": "Waste and Recycling",
        "indicator": {
            "code": code,
            "name": name,
            "description": "Percentage of scheduled collections made on the scheduled day",
            "polarity": "higher_is_better",
            "unit": "percent",
            "frequency": "monthly",
        },
        "details": {
            "target": {"value": 98.0, "as_at": "2027-03-31"},
            "score": {"value": 91.2, "as_at": "2026-09-30"},
            "last_year_end_score": {"value": 97.5, "as_at": "2026-03-31"},
            "score_12_months_ago": {"value": 96.1, "as_at": "2025-09-30"},
            "comments": "Target set at the upper quartile of our nearest neighbours.",
        },
        "factors": [
            {"ref": "E1", "kind": "external", "duration": "temporary", "description": "Heavy snowfall in January."},
            {"ref": "E2", "kind": "external", "duration": "long_term", "description": "New estates added 900 homes."},
            {"ref": "I1", "kind": "internal", "duration": "long_term", "description": "Two HGV driver posts vacant."},
            {"ref": "I2", "kind": "internal", "duration": "temporary", "description": "Route software upgrade."},
        ],
        "solutions": [
            {
                "ref": "S1",
                "description": "Agency drivers for the winter rounds.",
                "target_date": "2026-12-01",
                "factors": ["E1", "I2"],
                "resourcing": "extra_funding",
                "funding_amount": 18000,
                "funding_note": "Bid to the winter pressures reserve.",
                "time_lag": "",
                "option_group": "",
                "strengths": "",
                "weaknesses": "",
                "status": "approved",
            },
            {
                "ref": "S2",
                "description": "Recruit and train two drivers.",
                "target_date": "2027-02-01",
                "factors": ["I1"],
                "resourcing": "within_service",
                "funding_amount": None,
                "funding_note": "",
                "time_lag": "Three months' training before new drivers run rounds alone.",
                "option_group": "Option A",
                "strengths": "Lasting fix.",
                "weaknesses": "Slow to take effect.",
                "status": "approved",
            },
            {
                "ref": "S3",
                "description": "Contract out the rural rounds.",
                "target_date": None,
                "factors": ["I1", "E2"],
                "resourcing": "extra_funding",
                "funding_amount": 42500.5,
                "funding_note": "",
                "time_lag": "",
                "option_group": "Option B",
                "strengths": "Quick.",
                "weaknesses": "Costly.",
                "status": "not_approved",
            },
        ],
        "management_comments": [
            {
                "role": "head_of_service",
                "author": "Head of Waste",
                "date": "2026-10-05",
                "text": "The plan has my support.",
                "meeting": None,
                "approves": [],
                "declines": [],
            },
            {
                "role": "cmt",
                "author": "Chief Executive",
                "date": "2026-10-14",
                "text": "S1 and S2 approved; S3 is too costly.",
                "meeting": {"body": "CMT", "date": "2026-10-14", "reference": "CMT/2026/41"},
                "approves": ["S1", "S2"],
                "declines": ["S3"],
            },
            {
                "role": "members",
                "author": "Cllr Ambridge",
                "date": "2026-12-08",
                "text": "Noted by the committee.",
                "meeting": {"body": "Audit and Performance Committee", "date": "2026-12-08", "reference": "AP/26/7"},
                "approves": [],
                "declines": [],
            },
        ],
        "progress": [
            {"date": "2026-10-31", "comment": "Agency drivers started.", "score": 93.4, "final": False},
            {"date": "2026-11-30", "comment": "Two drivers recruited.", "score": 95.0, "final": False},
        ],
    }
    return {
        "plan": plan,
        "indicator": {"decimal_places": 1, "tolerance": 10.0, "tolerance_kind": "relative"},
        "position": {"rag": "amber", "direction": "deteriorating"},
        "last_update": "2026-11-30",
        "overdue": False,
        "scores": monthly_scores(),
    }


def completed_pip():
    """A completed PIP: its last progress entry is the final one, and an OMT comment is on record."""
    pip = full_pip("HS02", "Homeless applications decided within 33 days")
    plan = pip["plan"]
    plan["status"], plan["service"] = "completed", "Housing"
    plan["indicator"].update(polarity="lower_is_better", unit="days")
    plan["management_comments"].append(
        {
            "role": "omt",
            "author": "Director of Services",
            "date": "2026-11-02",
            "text": "Progress is good.",
            "meeting": {"body": "OMT", "date": "2026-11-02", "reference": ""},
            "approves": [],
            "declines": [],
        }
    )
    plan["progress"].append({"date": "2026-12-31", "comment": "All solutions in place.", "score": 30.0, "final": True})
    pip.update(position={"rag": "green", "direction": "improving"}, last_update="2026-12-31")
    pip["scores"] = [
        {**score, "value": 40 - index * 0.3, "target": 33.0} for index, score in enumerate(monthly_scores(12))
    ]
    return pip


def empty_draft():
    """A draft just raised: nothing but the PI, and no scores on the register."""
    plan = {
        "format": "pip/v1",
        "exported_at": "2026-11-22T10:00:00Z",
        "status": "draft",
        "author": "",
        "date": "2026-11-20",
        "service": "Planning",
        "indicator": {
            "code": "PL03",
            "name": "Planning appeals allowed",
            "description": "",
            "polarity": "lower_is_better",
            "unit": "number",
            "frequency": "quarterly",
        },
        "details": {
            key: {"value": None, "as_at": None}
            for key in ("target", "score", "last_year_end_score", "score_12_months_ago")
        }
        | {"comments": ""},
        "factors": [],
        "solutions": [],
        "management_comments": [],
        "progress": [],
    }
    return {
        "plan": plan,
        "indicator": {"decimal_places": 0, "tolerance": 2, "tolerance_kind": "absolute"},
        "position": {"rag": "not_rated", "direction": None},
        "last_update": None,
        "overdue": True,
        "scores": [],
    }


def hostile_pip():
    """Every kind of text users paste: Word's control characters, markup, emoji, right-to-left scripts,
    and a 10,000-character comment."""
    pip = full_pip("CS09", f"Complaints {MARKUP} answered")
    plan = pip["plan"]
    plan["author"] = f"{HEBREW} \x0b{EMOJI}"
    plan["details"]["comments"] = PASTED_FROM_WORD
    plan["factors"][0]["description"] = MARKUP
    plan["factors"][1]["description"] = ARABIC
    plan["factors"][2]["description"] = f"{HEBREW}\r\n{EMOJI}"
    plan["solutions"][0]["funding_note"] = PASTED_FROM_WORD
    plan["management_comments"][1]["text"] = LONG_COMMENT
    plan["progress"][0]["comment"] = f"{MARKUP}\x0c{EMOJI}\u2028{ARABIC}"
    return pip


def papers(pips, draft=False):
    return {
        "council": "Borsetshire District Council",
        "committee": "Audit and Performance Committee",
        "meeting_date": "2026-12-08",
        "item_number": "7",
        "title": DEFAULT_TITLE,
        "report_of": "Head of Performance",
        "contact_officer": "Graham Stoppani, Head of Performance, 01234 567890",
        "sections": {key: DEFAULT_TEXT.get(key, "") for key in EDITABLE_SECTIONS}
        | {"background": "First paragraph of background.\n\nSecond paragraph of background."},
        "risks": [
            dict(zip(("nature", "consequences", "likelihood", "control_measures"), risk)) for risk in DEFAULT_RISKS
        ],
        "draft": draft,
        "pips": pips,
    }
