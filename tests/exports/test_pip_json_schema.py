"""The JSON Schema of pip/v1 (docs/pip-v1.schema.json, docs/pip-v1.md#json-schema): it is what the code makes of the
format's words and limits, every exported document validates against it, and a document the importer refuses for
its shape the schema refuses too, wherever a schema can say so."""

import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

from tests.exports.pip_schema import SCHEMA, SCHEMA_PATH, assert_valid, schema_errors
from webapp.domain.limits import date_in_range
from webapp.exports.pip_json import json_text, plan_to_json
from webapp.exports.pip_json_reading import parse, validate
from webapp.exports.pip_json_schema import schema_text

MOMENT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def _full_plan():
    """A plain plan with every field, the optional ones included, filled in."""
    return {
        "status": "completed",
        "author": "Jane Smith",
        "date": date(2026, 10, 3),
        "service": "Waste and Recycling",
        "directorate": "Place",
        "indicator": {
            "code": "WR01",
            "name": "Household waste collected on time",
            "description": "Percentage of scheduled collections made on the scheduled day",
            "polarity": "higher_is_better",
            "unit": "percent",
            "frequency": "monthly",
            "decimal_places": 2,
        },
        "details": {
            "target": {"value": Decimal("98"), "as_at": date(2027, 3, 31)},
            "score": {"value": Decimal("91.25"), "as_at": date(2026, 9, 30)},
            "last_year_end_score": {"value": Decimal("97.5"), "as_at": date(2026, 3, 31)},
            "score_12_months_ago": {"value": Decimal("-0.000001"), "as_at": date(2025, 9, 30)},
            "comments": "Target set at the upper quartile.\nSecond line.",
        },
        "factors": [
            {"ref": "E1", "kind": "external", "duration": "temporary", "description": "Heavy snowfall."},
            {"ref": "I999999", "kind": "internal", "duration": "long_term", "description": "Two posts vacant."},
        ],
        "solutions": [
            {
                "ref": "S1",
                "description": "Agency drivers.",
                "target_date": date(2026, 12, 1),
                "factors": ["E1", "I999999"],
                "resourcing": "extra_funding",
                "funding_amount": Decimal("999999999999.99"),
                "funding_note": "Bid to the reserve.",
                "time_lag": "Three months",
                "option_group": "A",
                "strengths": "Quick",
                "weaknesses": "Costly",
                "status": "in_place",
            },
            {
                "ref": "S2",
                "description": "Overtime.",
                "target_date": None,
                "factors": [],
                "resourcing": "within_service",
                "funding_amount": None,
                "funding_note": "",
                "time_lag": None,
                "option_group": "",
                "strengths": "",
                "weaknesses": "",
                "status": "not_approved",
            },
        ],
        "management_comments": [
            {
                "role": "head_of_service",
                "author": "Jane Smith",
                "date": date(2026, 10, 5),
                "text": "We will recover.",
                "meeting": None,
                "approves": [],
                "declines": [],
            },
            {
                "role": "cmt",
                "author": "Chief Executive",
                "date": date(2026, 10, 14),
                "text": "S1 approved; not S2.",
                "meeting": {"body": "CMT", "body_kind": "cmt", "date": date(2026, 10, 14), "reference": "CMT/41"},
                "approves": ["S1"],
                "declines": ["S2"],
            },
            {
                "role": "members",
                "author": "Cllr Jones",
                "date": date(2026, 12, 10),
                "text": "Noted.",
                "meeting": {"body": "Resources Committee", "body_kind": "policy_committee", "date": date(2026, 12, 10)},
            },
        ],
        "progress": [
            {"date": date(2026, 10, 31), "comment": "Started.", "score": Decimal("10000"), "final": False},
            {"date": date(2100, 12, 31), "comment": "Done.", "score": None, "final": True},
        ],
    }


@pytest.fixture
def document():
    return json.loads(json_text(plan_to_json(_full_plan(), MOMENT)))


def test_the_schema_in_docs_is_the_one_the_code_makes():
    """Run `python -m webapp.exports.pip_json_schema > docs/pip-v1.schema.json` after changing the format."""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_the_schema_is_a_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("day", ["1899-12-31", "1900-01-01", "2026-02-28", "2100-12-31", "2101-01-01", "2026-02-30"])
def test_the_schemas_dates_are_the_importers(document, day):
    document["date"] = day
    try:
        in_range = date_in_range(date.fromisoformat(day))
    except ValueError:
        in_range = False
    assert (schema_errors(document) == []) is in_range
    assert (validate(document)[1] == []) is in_range


def test_a_document_with_every_optional_field_is_valid(document):
    assert document["directorate"] == "Place" and document["indicator"]["decimal_places"] == 2
    assert document["management_comments"][1]["meeting"]["body_kind"] == "cmt"
    assert_valid(document)
    assert validate(document)[1] == []


def test_a_document_with_none_of_the_optional_fields_is_valid(document):
    del document["exported_at"], document["directorate"], document["indicator"]["decimal_places"]
    del document["indicator"]["description"]
    document["details"] = {}
    for solution in document["solutions"]:
        for key in ("target_date", "funding_amount", "funding_note", "time_lag", "option_group", "strengths"):
            del solution[key]
    for comment in document["management_comments"]:
        comment.pop("approves", None), comment.pop("declines", None)
        if comment["meeting"] is not None:
            del comment["meeting"]["body_kind"]
            comment["meeting"].pop("reference", None)
    for entry in document["progress"]:
        del entry["score"], entry["final"]
    assert_valid(document)
    assert validate(document)[1] == []


def _set(*path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(*path):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


# (id, the change, whether a schema can say it is wrong): each makes a document the importer refuses.
SHAPES = [
    ("not an object", lambda d: d.clear() or d.update({"0": []}), True),
    ("an unknown key", _set("colour", value="red"), True),
    ("an unknown key deep down", _set("solutions", 0, "cost", value=1), True),
    ("another format", _set("format", value="pip/v0"), True),
    ("no format", _delete("format"), True),
    ("no status", _delete("status"), True),
    ("an unknown status", _set("status", value="open"), True),
    ("no author", _delete("author"), True),
    ("a blank author", _set("author", value="  "), True),
    ("an author that is a number", _set("author", value=5), True),
    ("an author too long", _set("author", value="x" * 101), True),
    ("a date in another form", _set("date", value="03/10/2026"), True),
    ("a date that is a number", _set("date", value=20261003), True),
    ("a thirteenth month", _set("date", value="2026-13-01"), True),
    ("a 30 February", _set("date", value="2026-02-30"), True),
    ("a null service", _set("service", value=None), True),
    ("a service too long", _set("service", value="x" * 101), True),
    ("a directorate that is a list", _set("directorate", value=["Place"]), True),
    ("a directorate too long", _set("directorate", value="x" * 101), True),
    ("an indicator that is text", _set("indicator", value="WR01"), True),
    ("no PI code", _delete("indicator", "code"), True),
    ("a PI code too long", _set("indicator", "code", value="X" * 21), True),
    ("an unknown polarity", _set("indicator", "polarity", value="up"), True),
    ("an unknown unit", _set("indicator", "unit", value="pounds"), True),
    ("no frequency", _delete("indicator", "frequency"), True),
    ("5 decimal places", _set("indicator", "decimal_places", value=5), True),
    ("-1 decimal places", _set("indicator", "decimal_places", value=-1), True),
    ("1.5 decimal places", _set("indicator", "decimal_places", value=1.5), True),
    ("decimal places as text", _set("indicator", "decimal_places", value="2"), True),
    ("decimal places true", _set("indicator", "decimal_places", value=True), True),
    ("details that are a list", _set("details", value=[]), True),
    ("a target that is a number", _set("details", "target", value=98), True),
    ("a target value as text", _set("details", "target", "value", value="98"), True),
    ("a target value true", _set("details", "target", "value", value=True), True),
    ("an as-at date that is not one", _set("details", "score", "as_at", value="soon"), True),
    ("a percentage of 20,000", _set("details", "score", "value", value=20_000), True),
    ("a value past a trillion", _set("details", "score", "value", value=1e13), True),
    ("comments that are a number", _set("details", "comments", value=5), True),
    ("comments too long", _set("details", "comments", value="x" * 10_001), True),
    ("no factors", _delete("factors"), True),
    ("factors that are an object", _set("factors", value={}), True),
    ("201 factors", _set("factors", value=[{}] * 201), True),
    ("a factor that is text", _set("factors", 0, value="E1"), True),
    ("a factor reference of another form", _set("factors", 0, "ref", value="X1"), True),
    ("a factor reference with a leading zero", _set("factors", 0, "ref", value="E01"), True),
    ("a factor reference of 7 digits", _set("factors", 0, "ref", value="E1234567"), True),
    ("an internal reference on an external factor", _set("factors", 0, "ref", value="I5"), True),
    ("an unknown factor kind", _set("factors", 0, "kind", value="both"), True),
    ("no duration", _delete("factors", 0, "duration"), True),
    ("an empty description", _set("factors", 0, "description", value=""), True),
    ("a solution reference of another form", _set("solutions", 0, "ref", value="T1"), True),
    ("no solution description", _delete("solutions", 0, "description"), True),
    ("no factors addressed", _delete("solutions", 0, "factors"), True),
    ("a factor addressed twice", _set("solutions", 0, "factors", value=["E1", "E1"]), True),
    ("a factor addressed that is no reference", _set("solutions", 0, "factors", value=["snow"]), True),
    ("an unknown resourcing", _set("solutions", 0, "resourcing", value="grant"), True),
    ("a negative funding", _set("solutions", 0, "funding_amount", value=-1), True),
    ("a funding of a trillion", _set("solutions", 0, "funding_amount", value=1e12), True),
    ("a funding as text", _set("solutions", 0, "funding_amount", value="10"), True),
    ("a target date that is not one", _set("solutions", 1, "target_date", value="soon"), True),
    ("an option group too long", _set("solutions", 0, "option_group", value="x" * 101), True),
    ("a funding note too long", _set("solutions", 0, "funding_note", value="£" * 2_001), True),
    ("an unknown solution status", _set("solutions", 0, "status", value="done"), True),
    ("an unknown role", _set("management_comments", 0, "role", value="mayor"), True),
    ("a CMT comment with no meeting", _set("management_comments", 1, "meeting", value=None), True),
    ("a CMT comment without its meeting key", _delete("management_comments", 1, "meeting"), True),
    ("a meeting with an unknown key", _set("management_comments", 1, "meeting", "room", value="1"), True),
    ("a meeting with no body", _delete("management_comments", 1, "meeting", "body"), True),
    ("a meeting with no date", _delete("management_comments", 1, "meeting", "date"), True),
    ("an unknown body kind", _set("management_comments", 1, "meeting", "body_kind", value="cabinet"), True),
    ("a minute reference too long", _set("management_comments", 1, "meeting", "reference", value="x" * 51), True),
    ("approvals that are text", _set("management_comments", 1, "approves", value="S1"), True),
    ("an approval that is no reference", _set("management_comments", 1, "approves", value=["E1"]), True),
    ("a comment with no text", _delete("management_comments", 0, "text"), True),
    ("a progress entry with no date", _delete("progress", 0, "date"), True),
    ("a progress entry with no comment", _delete("progress", 0, "comment"), True),
    ("a progress score as text", _set("progress", 0, "score", value="x"), True),
    ("a final that is text", _set("progress", 0, "final", value="yes"), True),
    ("a null final", _set("progress", 0, "final", value=None), True),
    ("a progress score of 20,000 percent", _set("progress", 0, "score", value=20_000), True),
    ("an export time without its Z", _set("exported_at", value="2026-11-22T10:00:00"), True),
    ("an export time that is not one", _set("exported_at", value="yesterday"), True),
    # What only the importer can say (NOT_IN_THE_SCHEMA):
    ("text only of control characters", _set("progress", 0, "comment", value="\x00\x07"), False),
    ("a value of 7 decimal places", _set("details", "score", "value", value=Decimal("91.1234567")), False),
    ("a funding of a tenth of a penny", _set("solutions", 0, "funding_amount", value=Decimal("12.345")), False),
    ("a factor reference used twice", lambda d: d["factors"][1].update(kind="external", ref="E1"), False),
    ("a solution addressing an unknown factor", _set("solutions", 0, "factors", value=["E9"]), False),
    ("an approval of an unknown solution", _set("management_comments", 1, "approves", value=["S9"]), False),
    ("a solution both approved and declined", _set("management_comments", 1, "declines", value=["S1"]), False),
]


@pytest.mark.parametrize("change, expressible", [case[1:] for case in SHAPES], ids=[case[0] for case in SHAPES])
def test_what_the_importer_refuses_for_its_shape_the_schema_refuses(document, change, expressible):
    change(document)
    data, errors = validate(parse(json_text(document).encode())[0])
    assert errors, "the importer takes it"
    assert bool(schema_errors(document)) is expressible


# What a schema cannot say: a number's decimal places once cleaned, text once cleaned, a date against the day
# of the import, and a solution's status against the plan's.
_THE_IMPORTERS_ALONE = (
    "score 1e-300",
    "text only of control characters",
    "progress dated tomorrow",
    "a comment dated tomorrow",
    "a Completed plan with a solution Approved but not In place",
)


def test_a_hostile_file_that_is_json_is_refused_by_the_schema_too(document):
    """The files of issue 8 that stay JSON a schema can read, as the importer's tests make them."""
    from tests.web import hostile_files

    refused = 0
    for name, make, _ in hostile_files.CASES:
        try:
            parsed = json.loads(make(copy.deepcopy(document)), parse_float=Decimal, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            continue  # not JSON a reader takes: NaN, Infinity, nesting past Python's own limit
        if name not in _THE_IMPORTERS_ALONE:
            assert schema_errors(parsed), name
            refused += 1
    assert refused == 15  # of the 24: NaN, Infinity, 100,000 deep and 5,000 digits are not JSON Python reads


def _no_constant(text):
    raise ValueError(text)
