"""Checking a pip/v1 document against docs/pip-v1.schema.json, as any other system reading the format would:
the document as its file holds it (JSON text read back), with the `jsonschema` library and its format checks."""

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from webapp.exports.pip_json import json_text

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "pip-v1.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(document):
    """What the schema says is wrong with `document` (a dict as plan_to_json makes, or as a file is read)."""
    as_written = json.loads(json_text(document))
    return [f"{error.json_path}: {error.message}" for error in VALIDATOR.iter_errors(as_written)]


def assert_valid(document):
    errors = schema_errors(document)
    assert errors == [], errors
