"""pip/v1's optional fields for moving a plan into another council (docs/pip-v1.md): the service's `directorate`,
the PI's `decimal_places` and a meeting's `body_kind`: written when known, read and checked, and absent without
changing what the rest of the document means."""

import copy
import json
from datetime import UTC, datetime

import pytest

from tests.exports.test_pip_json_schema import _full_plan
from webapp.exports.pip_json import INDICATOR_KEYS, MEETING_KEYS, TOP_KEYS, json_text, plan_to_json
from webapp.exports.pip_json_reading import parse, validate

MOMENT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def _document(plan=None):
    return json.loads(json_text(plan_to_json(plan or _full_plan(), MOMENT)))


def test_the_optional_fields_are_written_in_the_documented_order():
    document = _document()
    assert list(document) == list(TOP_KEYS)
    assert TOP_KEYS.index("directorate") == TOP_KEYS.index("service") + 1
    assert list(document["indicator"]) == list(INDICATOR_KEYS) and INDICATOR_KEYS[-1] == "decimal_places"
    assert list(document["management_comments"][1]["meeting"]) == list(MEETING_KEYS)
    assert (document["directorate"], document["indicator"]["decimal_places"]) == ("Place", 2)


def test_a_plain_plan_without_them_is_written_without_them():
    plan = _full_plan()
    del plan["directorate"], plan["indicator"]["decimal_places"]
    for comment in plan["management_comments"]:
        if comment["meeting"]:
            del comment["meeting"]["body_kind"]
    document = _document(plan)
    assert "directorate" not in document and "decimal_places" not in document["indicator"]
    assert "body_kind" not in document["management_comments"][1]["meeting"]


@pytest.mark.parametrize("places", [0, 4, 2.0])
def test_decimal_places_from_0_to_4_are_read(places):
    document = _document()
    document["indicator"]["decimal_places"] = places
    data, errors = validate(document)
    assert errors == [] and data["indicator"]["decimal_places"] == int(places)
    assert type(data["indicator"]["decimal_places"]) is int


@pytest.mark.parametrize("places", [5, -1, 1.5, "2", True, [2], 10**50])
def test_other_decimal_places_are_refused_with_the_path(places):
    document = _document()
    document["indicator"]["decimal_places"] = places
    assert validate(document)[1] == ["indicator.decimal_places: must be a whole number from 0 to 4"]


def test_written_decimal_places_are_read_from_the_file_as_it_is_written():
    text = json_text(plan_to_json(_full_plan(), MOMENT)).replace('"decimal_places": 2', '"decimal_places": 3.0')
    data, errors = validate(parse(text.encode())[0])
    assert errors == [] and data["indicator"]["decimal_places"] == 3


def test_absent_optional_fields_leave_the_numbers_as_they_were():
    document = _document()
    bare = copy.deepcopy(document)
    del bare["directorate"], bare["indicator"]["decimal_places"], bare["management_comments"][1]["meeting"]["body_kind"]
    full, _ = validate(document)
    data, errors = validate(bare)
    assert errors == []
    assert (data["directorate"], data["indicator"]["decimal_places"]) == ("", None)
    assert data["management_comments"][1]["meeting"]["body_kind"] is None
    assert (data["details"], data["progress"]) == (full["details"], full["progress"])


def test_the_directorate_and_body_kind_are_checked():
    document = _document()
    document["directorate"] = "x" * 101
    document["management_comments"][1]["meeting"]["body_kind"] = "cabinet"
    assert validate(document)[1] == [
        "directorate: longer than 100 characters",
        "management_comments[1].meeting.body_kind: must be one of cmt, omt, audit_and_performance, policy_committee, "
        "members_briefing",
    ]
