"""The pip/v1 JSON format (docs/pip-v1.md): export shape and import validation, over plain data."""

import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from webapp.exports.pip_json import json_text, plan_to_json
from webapp.exports.pip_json_reading import parse, validate

PLAIN_PLAN = {
    "status": "live",
    "author": "Jane Smith",
    "date": date(2026, 10, 3),
    "service": "Waste and Recycling",
    "indicator": {
        "code": "WR01",
        "name": "Household waste collected on time",
        "description": "Percentage of scheduled collections made on the scheduled day",
        "polarity": "higher_is_better",
        "unit": "percent",
        "frequency": "monthly",
    },
    "details": {
        "target": {"value": 98.0, "as_at": date(2027, 3, 31)},
        "score": {"value": 91.2, "as_at": date(2026, 9, 30)},
        "last_year_end_score": {"value": 97.5, "as_at": date(2026, 3, 31)},
        "score_12_months_ago": {"value": None, "as_at": None},
        "comments": "Target set at the upper quartile of our nearest neighbours.",
    },
    "factors": [
        {"ref": "E1", "kind": "external", "duration": "temporary", "description": "Heavy snowfall."},
        {"ref": "I1", "kind": "internal", "duration": "long_term", "description": "Two posts vacant."},
    ],
    "solutions": [
        {
            "ref": "S1",
            "description": "Agency drivers.",
            "target_date": date(2026, 12, 1),
            "factors": ["E1", "I1"],
            "resourcing": "extra_funding",
            "funding_amount": Decimal("18000.00"),
            "funding_note": "Bid to the reserve.",
            "time_lag": "",
            "option_group": "",
            "strengths": "",
            "weaknesses": "",
            "status": "approved",
        }
    ],
    "management_comments": [
        {
            "role": "cmt",
            "author": "Chief Executive",
            "date": date(2026, 10, 14),
            "text": "S1 approved.",
            "meeting": {"body": "CMT", "date": date(2026, 10, 14), "reference": "CMT/2026/41"},
            "approves": ["S1"],
            "declines": [],
        }
    ],
    "progress": [{"date": date(2026, 10, 31), "comment": "Started.", "score": 93.4, "final": False}],
}
MOMENT = datetime(2026, 11, 22, 10, 0, 0, 123, tzinfo=UTC)


@pytest.fixture
def document():
    return plan_to_json(PLAIN_PLAN, MOMENT)


def test_export_has_the_documented_keys_in_order(document):
    assert list(document) == [
        "format",
        "exported_at",
        "status",
        "author",
        "date",
        "service",
        "indicator",
        "details",
        "factors",
        "solutions",
        "management_comments",
        "progress",
    ]
    assert document["format"] == "pip/v1"
    assert document["exported_at"] == "2026-11-22T10:00:00Z"
    assert document["date"] == "2026-10-03"
    assert list(document["indicator"]) == ["code", "name", "description", "polarity", "unit", "frequency"]
    assert list(document["details"]) == ["target", "score", "last_year_end_score", "score_12_months_ago", "comments"]
    assert document["details"]["target"] == {"value": 98.0, "as_at": "2027-03-31"}
    assert document["details"]["score_12_months_ago"] == {"value": None, "as_at": None}
    assert list(document["solutions"][0]) == [
        "ref",
        "description",
        "target_date",
        "factors",
        "resourcing",
        "funding_amount",
        "funding_note",
        "time_lag",
        "option_group",
        "strengths",
        "weaknesses",
        "status",
    ]
    assert document["solutions"][0]["funding_amount"] == 18000
    assert '"funding_amount": 18000,' in json_text(document)  # whole pounds written as a whole number
    assert list(document["management_comments"][0]) == [
        "role",
        "author",
        "date",
        "text",
        "meeting",
        "approves",
        "declines",
    ]
    assert document["management_comments"][0]["meeting"] == {
        "body": "CMT",
        "date": "2026-10-14",
        "reference": "CMT/2026/41",
    }
    assert document["progress"] == [
        {"date": "2026-10-31", "comment": "Started.", "score": Decimal("93.4"), "final": False}
    ]


def test_numbers_are_written_and_read_back_with_every_digit():
    """Exact both ways (README, "Exact numbers"): a float would write 1000000000000.0 for the first."""
    plan = copy.deepcopy(PLAIN_PLAN)
    plan["indicator"]["unit"] = "number"
    plan["details"]["target"]["value"] = Decimal("999999999999.999999")
    plan["details"]["score"]["value"] = Decimal("1234567.89")
    plan["details"]["last_year_end_score"]["value"] = Decimal("-1000000000000.000000")
    plan["progress"][0]["score"] = 16777217
    text = json_text(plan_to_json(plan, MOMENT), indent=2)
    for written in (
        '"value": 999999999999.999999',
        '"value": 1234567.89',
        '"value": -1000000000000,',
        '"score": 16777217',
    ):
        assert written in text
    data, errors = validate(parse(text.encode())[0])
    assert errors == []
    assert json_text(plan_to_json(data, MOMENT), indent=2) == text


def test_export_gives_fractional_funding_and_absent_values():
    plan = copy.deepcopy(PLAIN_PLAN)
    plan["solutions"][0].update(funding_amount=Decimal("12.50"), target_date=None, time_lag=None)
    plan["management_comments"][0].update(role="head_of_service", meeting=None)
    document = plan_to_json(plan, datetime(2026, 11, 22, 10, 0))
    solution = document["solutions"][0]
    assert (solution["funding_amount"], solution["target_date"], solution["time_lag"]) == (12.5, None, "")
    assert document["management_comments"][0]["meeting"] is None
    assert document["exported_at"] == "2026-11-22T10:00:00Z"


def test_a_valid_document_gives_clean_data(document):
    data, errors = validate(document)
    assert errors == []
    assert data["date"] == date(2026, 10, 3)
    assert data["solutions"][0]["funding_amount"] == Decimal("18000.00")
    assert data["solutions"][0]["factors"] == ["E1", "I1"]
    assert data["management_comments"][0]["meeting"]["date"] == date(2026, 10, 14)
    assert plan_to_json(data, MOMENT) == document  # clean data exports to the same document


def _errors(document, change):
    document = copy.deepcopy(document)
    change(document)
    data, errors = validate(document)
    assert data is None
    return errors


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.update(format="pip/v2"), 'format: must be "pip/v1"'),
        (lambda d: d.pop("format"), 'format: must be "pip/v1"'),
        (lambda d: d.update(status="open"), "status: must be one of draft, live, completed, withdrawn"),
        (lambda d: d.update(date="3/10/2026"), "date: not a date"),
        (lambda d: d.update(date="2026-02-30"), "date: not a date"),
        (lambda d: d.update(author=""), "author: must not be empty"),
        (lambda d: d.update(author="x" * 101), "author: longer than 100 characters"),
        (lambda d: d.update(surprise=1), "surprise: unknown field"),
        (
            lambda d: d["indicator"].update(unit="furlongs"),
            "indicator.unit: must be one of percent, number, days, currency, ratio",
        ),
        (
            lambda d: d["indicator"].update(polarity="up"),
            "indicator.polarity: must be one of higher_is_better, lower_is_better",
        ),
        (
            lambda d: d["indicator"].update(frequency="weekly"),
            "indicator.frequency: must be one of monthly, quarterly, annual",
        ),
        (lambda d: d["indicator"].update(code="X" * 21), "indicator.code: longer than 20 characters"),
        (lambda d: d["details"]["score"].update(value="91"), "details.score.value: not a number"),
        (lambda d: d["details"]["target"].update(as_at="soon"), "details.target.as_at: not a date"),
        (lambda d: d["factors"][0].update(kind="alien"), "factors[0].kind: must be one of external, internal"),
        (
            lambda d: d["factors"][1].update(duration="forever"),
            "factors[1].duration: must be one of temporary, long_term",
        ),
        (lambda d: d["factors"][0].update(ref="I7"), "factors[0].ref: must be E followed by a number"),
        (lambda d: d["factors"][1].update(ref="E1", kind="external"), "factors[1].ref: E1 used twice"),
        (lambda d: d["factors"][0].update(description=" "), "factors[0].description: must not be empty"),
        (lambda d: d["solutions"][0].update(ref="1"), "solutions[0].ref: must be S followed by a number"),
        (lambda d: d["solutions"][0]["factors"].append("E9"), "solutions[0].factors[2]: unknown factor E9"),
        (lambda d: d["solutions"][0].update(factors=["E9"]), "solutions[0].factors[0]: unknown factor E9"),
        (lambda d: d["solutions"][0].update(target_date="next week"), "solutions[0].target_date: not a date"),
        (lambda d: d["solutions"][0].update(funding_amount=-1), "solutions[0].funding_amount: must not be negative"),
        (lambda d: d["solutions"][0].update(funding_amount="lots"), "solutions[0].funding_amount: not a number"),
        (
            lambda d: d["solutions"][0].update(resourcing="begging"),
            "solutions[0].resourcing: must be one of within_service, extra_funding",
        ),
        (
            lambda d: d["solutions"][0].update(status="done"),
            "solutions[0].status: must be one of proposed, approved, not_approved, in_place",
        ),
        (
            lambda d: d["management_comments"][0].update(role="mayor"),
            "management_comments[0].role: must be one of head_of_service, cmt, omt, members",
        ),
        (
            lambda d: d["management_comments"][0].update(meeting=None),
            "management_comments[0].meeting: required for a cmt comment",
        ),
        (
            lambda d: d["management_comments"][0]["meeting"].update(date=""),
            "management_comments[0].meeting.date: missing",
        ),
        (
            lambda d: d["management_comments"][0].update(approves=["S2"]),
            "management_comments[0].approves[0]: unknown solution S2",
        ),
        (
            lambda d: d["management_comments"][0].update(declines=["S1"]),
            "management_comments[0].declines[0]: S1 is also approved",
        ),
        (lambda d: d["progress"][0].update(final="yes"), "progress[0].final: must be true or false"),
        (lambda d: d["progress"][0].update(score=True), "progress[0].score: not a number"),
        (lambda d: d.update(factors={}), "factors: must be a list"),
        (lambda d: d.update(exported_at="yesterday"), "exported_at: not an ISO date and time in UTC"),
    ],
)
def test_each_error_names_its_path(document, change, expected):
    assert expected in _errors(document, change)


def test_a_head_of_service_comment_needs_no_meeting(document):
    document["management_comments"][0].update(role="head_of_service", meeting=None, approves=[])
    data, errors = validate(document)
    assert errors == [] and data["management_comments"][0]["meeting"] is None


def test_every_error_is_reported_at_once(document):
    document.update(status="x", date="x")
    document["solutions"][0]["factors"] = ["E9"]
    assert validate(document)[1] == [
        "status: must be one of draft, live, completed, withdrawn",
        "date: not a date",
        "solutions[0].factors[0]: unknown factor E9",
    ]


def test_not_an_object():
    assert validate([]) == (None, ["document: must be a JSON object"])


# ---------------------------------------------------------------- reading a file: the door (issue 8, item 5)


def test_parse_reads_a_file_as_exported(document):
    raw = json_text(document, indent=2).encode()
    assert parse(raw) == (json.loads(raw, parse_float=Decimal), [])
    assert parse(b"\xef\xbb\xbf" + raw)[1] == []  # a byte order mark, as some Windows tools write


@pytest.mark.parametrize(
    "raw, error",
    [
        (b"[" * 100_000 + b"]" * 100_000, "The file nests lists or objects more than 10 deep"),
        (b'{"a": ' + b"[" * 10 + b"]" * 10 + b"}", "a" + "[0]" * 9 + ": nested more than 10 deep"),
        (b'{"a": NaN}', "The file is not JSON: NaN is not a number JSON allows"),
        (b'{"a": Infinity}', "The file is not JSON: Infinity is not a number JSON allows"),
        (b"\xff{}", "The file is not JSON: it is not UTF-8 text (byte 0)"),
        (b"{nope", "The file is not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        (b" " * (2 * 1024 * 1024 + 1), "The file is larger than 2 MB: a plan's file is rarely more than 100 KB"),
    ],
)
def test_parse_refuses_what_could_hurt_with_a_clear_message(raw, error):
    assert parse(raw) == (None, [error])


def test_parse_keeps_giant_numbers_as_markers_for_validate_to_name():
    document, errors = parse(b'{"a": ' + b"9" * 5000 + b', "b": 1' + b"0" * 400 + b'.5, "c": 1e400}')
    assert errors == [] and document["a"].digits == 5000 and document["b"].digits == 403
    assert document["c"] == Decimal("1e400")


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["details"]["score"].update(value=1e28), "details.score.value: must be between -10,000 and 10,000"),
        (lambda d: d["details"]["score"].update(value=float("nan")), "details.score.value: not a number"),
        (lambda d: d["details"]["score"].update(value=float("inf")), "details.score.value: not a number"),
        (
            lambda d: d["details"]["score"].update(value=10**400),
            "details.score.value: must be between -10,000 and 10,000",
        ),
        (
            lambda d: d["details"]["score"].update(value=1e-7),
            "details.score.value: must have 6 decimal places or fewer",
        ),
        (
            lambda d: d["progress"][0].update(score=Decimal("91.1234567")),
            "progress[0].score: must have 6 decimal places or fewer",
        ),
        (
            lambda d: d["solutions"][0].update(funding_amount=12.345),
            "solutions[0].funding_amount: must have 2 decimal places or fewer",
        ),
        (
            lambda d: d["solutions"][0].update(funding_amount=1e40),
            "solutions[0].funding_amount: must be between 0 and 999,999,999,999.99",
        ),
        (lambda d: d["progress"][0].update(date="9999-12-31"), "progress[0].date: must be between 1900 and 2100"),
        (
            lambda d: d["details"]["score"].update(as_at="1899-12-31"),
            "details.score.as_at: must be between 1900 and 2100",
        ),
        (
            lambda d: d["factors"][0].update(ref="E1234567"),
            "factors[0].ref: must be E followed by a number of at most 6 digits",
        ),
        (lambda d: d["factors"][0].update(ref="E٣"), "factors[0].ref: must be E followed by a number"),
        (
            lambda d: d["factors"][0].update(description="x" * 10_001),
            "factors[0].description: longer than 10,000 characters",
        ),
        (
            lambda d: d["indicator"].update(description="x" * 2_001),
            "indicator.description: longer than 2,000 characters",
        ),
        (
            lambda d: d["solutions"][0].update(time_lag="x" * 2_001),
            "solutions[0].time_lag: longer than 2,000 characters",
        ),
        (lambda d: d.update(author="\x00\u202e\x07"), "author: must not be empty"),
        (
            lambda d: d.update(factors=[d["factors"][0]] * 201),
            "factors: 201 factors: a plan can have at most 200 (webapp/domain/limits.py)",
        ),
        (lambda d: d["management_comments"][0].update(declines=5), "management_comments[0].declines: must be a list"),
        (
            lambda d: d["solutions"][0].update(factors=["\u202e" + "E" * 100]),
            "solutions[0].factors[0]: unknown factor EEEEEEEEEEEEEEEEEEEEEEEEEEEEEE…",
        ),
        (lambda d: d.update({"x" * 100: 1}), "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…: unknown field"),
    ],
)
def test_values_that_would_break_a_page_are_refused_with_their_path(document, change, expected):
    assert expected in _errors(document, change)


def test_text_is_cleaned_exactly_as_the_forms_clean_it(document):
    document["author"] = " Jane\tSmith\x0b\u202e "
    document["factors"][0]["description"] = "Snow\x00\r\nand ice\u2028\x07"
    document["management_comments"][0]["meeting"]["reference"] = "CMT\x00/41"
    data, errors = validate(document)
    assert errors == []
    assert data["author"] == "Jane Smith"
    assert data["factors"][0]["description"] == "Snow\nand ice"
    assert data["management_comments"][0]["meeting"]["reference"] == "CMT/41"


def test_a_long_list_of_errors_is_cut_short(document):
    document["factors"] = [{"ref": "X"}] * 200
    errors = validate(document)[1]
    assert len(errors) == 101 and errors[-1].startswith("… and ") and errors[-1].endswith(" more errors")


def test_the_text_limits_are_the_forms_limits():
    from forms.pips.solutions import SHORT_TEXT as FORM_SHORT_TEXT
    from webapp.domain.limits import LONG_TEXT, SHORT_TEXT
    from webapp.domain.limits import LONG_TEXT as FORM_LONG_TEXT

    assert (LONG_TEXT, SHORT_TEXT) == (FORM_LONG_TEXT, FORM_SHORT_TEXT)


@pytest.mark.parametrize(
    "literal, error",
    [
        ("1e999999999999999", "details.score.value: must be between -10,000 and 10,000"),
        ("-1E-7", "details.score.value: must have 6 decimal places or fewer"),
        ('"\\ud800"', "details.score.value: not a number"),
    ],
)
def test_numbers_of_any_exponent_are_named_not_raised(document, literal, error):
    raw = json_text(document).replace('"value": 91.2', f'"value": {literal}').encode()
    assert error in validate(parse(raw)[0])[1]


def test_an_escaped_lone_surrogate_in_text_is_cleaned_away(document):
    raw = json_text(document).replace('"Jane Smith"', '"Jane\\ud800 Smith"').encode()
    data, errors = validate(parse(raw)[0])
    assert errors == [] and data["author"] == "Jane Smith"
