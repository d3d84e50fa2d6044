"""The JSON Schema (draft 2020-12) of the pip/v1 format, docs/pip-v1.schema.json, made from the same words and
limits as the reader (pip_json_reading.py), so that the two cannot drift: the tests check that the file in docs is
what `schema()` makes, and `python -m webapp.exports.pip_json_schema` writes it again.

The schema says the shape of a document: its keys, types, words, dates, lengths, list sizes, reference forms and the
range of each value in the PI's unit. What only the reader checks is listed in `NOT_IN_THE_SCHEMA` (and in
docs/pip-v1.md#json-schema): a document the schema refuses the reader refuses too, but not always the other way.
"""

import sys
from typing import Any

from webapp.domain import limits
from webapp.domain.units import AMOUNT_RANGE, LARGEST, UNIT_RANGES

from .pip_json import (
    BODY_KINDS,
    DURATIONS,
    FORMAT,
    FREQUENCIES,
    MAX_PI_PLACES,
    POLARITIES,
    RESOURCING,
    ROLES,
    SCORE_KEYS,
    SOLUTION_STATUSES,
    STATUSES,
    UNITS,
    json_text,
)
from .pip_json_reading import LIMITS

Schema = dict[str, Any]

PATH = "docs/pip-v1.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

NOT_IN_THE_SCHEMA = (
    "text is cleaned before its length is checked, and must not be empty once cleaned (the schema counts the "
    "characters as written, and asks a required text for one that is not a space)",
    "a value has at most 6 decimal places, a funding amount 2, and a number at most 40 digits",
    "each factor and solution reference is used once, and a solution or comment cites only references of the file",
    "no solution is both approved and declined by one comment",
    "the file is at most 2 MB and nests at most 10 deep",
)

_ASCII_DIGIT = "[0-9]"  # not \d, which in Python matches every script's digits
# ISO YYYY-MM-DD from limits.EARLIEST_DATE to LATEST_DATE, 1900 to 2100 (a day past the month's end, 2026-02-30,
# is left to `format`); tests/exports/test_pip_json_schema.py checks the pattern against the limits.
DATE_PATTERN = "^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
EXPORTED_AT_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?Z$"


def _ref_pattern(prefixes: str) -> str:
    """A reference: the prefix, then a number without leading zeros of at most MAX_REF_DIGITS digits."""
    return f"^[{prefixes}][1-9]{_ASCII_DIGIT}{{0,{limits.MAX_REF_DIGITS - 1}}}$"


def _text(limit: int = limits.LONG_TEXT, required: bool = False) -> Schema:
    if required:
        return {"type": "string", "maxLength": limit, "pattern": "\\S"}
    return {"type": ["string", "null"], "maxLength": limit}


def _list(items: Schema, most: int) -> Schema:
    return {"type": "array", "maxItems": most, "items": items}


def _refs(prefixes: str, most: int) -> Schema:
    return {**_list({"type": "string", "pattern": _ref_pattern(prefixes)}, most), "uniqueItems": True}


def _object(properties: Schema, required: tuple[str, ...] = (), **more: Any) -> Schema:
    return {
        "type": "object",
        "required": list(required),
        "additionalProperties": False,
        "properties": properties,
        **more,
    }


_DATE: Schema = {"$ref": "#/$defs/date"}
_OPTIONAL_DATE: Schema = {"$ref": "#/$defs/optional_date"}
_VALUE: Schema = {"$ref": "#/$defs/value"}


def _in_unit(unit: str) -> Schema:
    """What a document whose PI is measured in `unit` holds: Section 1 values and progress scores in its range."""
    lowest, highest = UNIT_RANGES[unit]
    value = {"minimum": lowest, "maximum": highest}
    return {
        "if": {
            "properties": {"indicator": {"properties": {"unit": {"const": unit}}, "required": ["unit"]}},
            "required": ["indicator"],
        },
        "then": {
            "properties": {
                "details": {"properties": {key: {"properties": {"value": value}} for key in SCORE_KEYS}},
                "progress": {"items": {"properties": {"score": value}}},
            }
        },
    }


def _indicator() -> Schema:
    return _object(
        {
            "code": _text(LIMITS["code"], required=True),
            "name": _text(LIMITS["name"], required=True),
            "description": _text(LIMITS["description"]),
            "polarity": {"enum": list(POLARITIES)},
            "unit": {"enum": list(UNITS)},
            "frequency": {"enum": list(FREQUENCIES)},
            "decimal_places": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_PI_PLACES},
        },
        ("code", "name", "polarity", "unit", "frequency"),
    )


def _details() -> Schema:
    pair = _object({"value": _VALUE, "as_at": _OPTIONAL_DATE})
    return _object(
        {
            **{key: {"anyOf": [{"type": "null"}, pair]} for key in SCORE_KEYS},
            "comments": _text(),
        }
    )


def _factor() -> Schema:
    return _object(
        {
            "ref": {"type": "string", "pattern": _ref_pattern("EI")},
            "kind": {"enum": ["external", "internal"]},
            "duration": {"enum": list(DURATIONS)},
            "description": _text(required=True),
        },
        ("ref", "kind", "duration", "description"),
        allOf=[
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"properties": {"ref": {"pattern": f"^{prefix}"}}},
            }
            for kind, prefix in (("external", "E"), ("internal", "I"))
        ],
    )


def _solution() -> Schema:
    lowest, highest = AMOUNT_RANGE
    return _object(
        {
            "ref": {"type": "string", "pattern": _ref_pattern("S")},
            "description": _text(required=True),
            "target_date": _OPTIONAL_DATE,
            "factors": _refs("EI", limits.MAX_FACTORS_PER_SOLUTION),
            "resourcing": {"enum": list(RESOURCING)},
            "funding_amount": {"type": ["number", "null"], "minimum": lowest, "maximum": highest},
            "funding_note": _text(limits.SHORT_TEXT),
            "time_lag": _text(limits.SHORT_TEXT),
            "option_group": _text(LIMITS["option_group"]),
            "strengths": _text(),
            "weaknesses": _text(),
            "status": {"enum": list(SOLUTION_STATUSES)},
        },
        ("ref", "description", "factors", "resourcing", "status"),
    )


def _comment() -> Schema:
    meeting = _object(
        {
            "body": _text(LIMITS["body"], required=True),
            "body_kind": {"enum": [*BODY_KINDS, None]},
            "date": _DATE,
            "reference": _text(LIMITS["reference"]),
        },
        ("body", "date"),
    )
    return _object(
        {
            "role": {"enum": list(ROLES)},
            "author": _text(LIMITS["author"], required=True),
            "date": _DATE,
            "text": _text(required=True),
            "meeting": {"anyOf": [{"type": "null"}, meeting]},
            "approves": _refs("S", limits.MAX_DECISIONS_PER_COMMENT),
            "declines": _refs("S", limits.MAX_DECISIONS_PER_COMMENT),
        },
        ("role", "author", "date", "text"),
        # Every role but the Head of Service's cites the meeting it was made at.
        allOf=[
            {
                "if": {"not": {"properties": {"role": {"const": "head_of_service"}}, "required": ["role"]}},
                "then": {"required": ["meeting"], "properties": {"meeting": {"type": "object"}}},
            },
            # Only a CMT comment approves or declines solutions, as on the comment form.
            {
                "if": {"not": {"properties": {"role": {"const": "cmt"}}, "required": ["role"]}},
                "then": {"properties": {"approves": {"maxItems": 0}, "declines": {"maxItems": 0}}},
            },
        ],
    )


def _progress() -> Schema:
    return _object(
        {"date": _DATE, "comment": _text(required=True), "score": _VALUE, "final": {"type": "boolean"}},
        ("date", "comment"),
    )


def schema() -> Schema:
    """The schema of a pip/v1 document, its keys in the documented order."""
    return {
        "$schema": DIALECT,
        "title": "pip/v1: one Performance Improvement Plan",
        "description": (
            "The shape of a pip/v1 document (docs/pip-v1.md). The importer also checks what a schema cannot say: "
            + "; ".join(NOT_IN_THE_SCHEMA)
            + "."
        ),
        **_object(
            {
                "format": {"const": FORMAT},
                "exported_at": {"type": ["string", "null"], "pattern": EXPORTED_AT_PATTERN, "format": "date-time"},
                "status": {"enum": list(STATUSES)},
                "author": _text(LIMITS["author"], required=True),
                "date": _DATE,
                "service": _text(LIMITS["service"], required=True),
                "directorate": _text(LIMITS["directorate"]),
                "indicator": _indicator(),
                "details": _details(),
                "factors": _list(_factor(), limits.MAX_FACTORS),
                "solutions": _list(_solution(), limits.MAX_SOLUTIONS),
                "management_comments": _list(_comment(), limits.MAX_COMMENTS),
                "progress": _list(_progress(), limits.MAX_PROGRESS),
            },
            (
                "format",
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
            ),
        ),
        # Section 1 values and progress scores are in the range of the PI's unit; without one, of any unit.
        "allOf": [_in_unit(unit) for unit in UNITS],
        "$defs": {
            "date": {"type": "string", "pattern": DATE_PATTERN, "format": "date"},
            "optional_date": {"anyOf": [{"type": "null"}, {"const": ""}, _DATE]},
            "value": {"type": ["number", "null"], "minimum": -LARGEST, "maximum": LARGEST},
        },
    }


def schema_text() -> str:
    """The schema as docs/pip-v1.schema.json holds it."""
    return json_text(schema(), indent=2) + "\n"


if __name__ == "__main__":
    sys.stdout.write(schema_text())
