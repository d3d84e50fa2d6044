"""Reading a pip/v1 file back (docs/pip-v1.md), refusing at the door what could break a page later (docs/plans.md#validation-limits).

`parse(raw_bytes)` reads a file as JSON, refusing what could hurt before anything is looked at: a file past
the size limit, nesting past the depth limit, numbers of absurd length (webapp/domain/limits.py).
`validate(document)` checks a parsed document and returns `(clean_data, errors)`: the clean data has
dates as `date` (1900-2100), numbers as exact Decimals within the range of the PI's unit, and
text cleaned and limited exactly as the forms clean and limit it; each error names its path.
The document is checked section by section, in the order of the file, one function a section.
"""
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from webapp.domain import limits
from webapp.domain.limits import DATE_RANGE_TEXT, MAX_IMPORT_BYTES, MAX_JSON_DEPTH, MAX_NUMBER_DIGITS, date_in_range
from webapp.domain.pips import SOLUTION_PREFIX, CommentRole
from webapp.domain.rating import to_decimal
from webapp.domain.text import clean_text
from webapp.domain.units import (AMOUNT_RANGE, MAX_DECIMAL_PLACES, decimal_places, exact_number, range_text,
                                 value_range)

from .pip_json import (DURATIONS, FORMAT, FREQUENCIES, KIND_PREFIX, KINDS, POLARITIES, RESOURCING, ROLES,
                       SCORE_KEYS, SOLUTION_STATUSES, STATUSES, TOP_KEYS, UNITS)
from .plain import Plain, PlainDict

# The longest text each field may hold: what its form allows (webapp/domain/limits.py).
LONG_TEXT = limits.LONG_TEXT
SHORT_TEXT = limits.SHORT_TEXT
LIMITS = {"author": 100, "service": 100, "code": 20, "name": 200, "description": 2000, "option_group": 100,
          "reference": 50, "body": 100}
# Errors listed at most: a hostile file can have a million of them.
MAX_ERRORS = 100


# ---------------------------------------------------------------- reading a file

class Overlong:
    """A number in the file written with more digits than any value a council records (10^400, or 5,000
    digits: Python refuses to read an integer of 4,300 digits). Kept as a marker, so that the error can
    name the number's path."""

    def __init__(self, text: str) -> None:
        self.digits = len(text)


def _read_int(text: str) -> int | Overlong:
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else Overlong(text)


def _read_float(text: str) -> Decimal | Overlong:
    """As a Decimal: exact, so that its decimal places can be counted, and never infinite (1e400)."""
    return Decimal(text) if len(text) <= MAX_NUMBER_DIGITS else Overlong(text)


def _read_constant(text: str) -> None:
    raise ValueError(f"{text} is not a number JSON allows")


def _too_deep(document: Any) -> str | None:
    """The path of the first list or object nested past MAX_JSON_DEPTH, or None."""
    stack: list[tuple[Any, str, int]] = [(document, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_JSON_DEPTH:
            return path or "document"
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            child_path = f"{path}[{key}]" if isinstance(value, list) else (f"{path}.{_shown(key)}" if path
                                                                          else _shown(key))
            stack.append((child, child_path, depth + 1))
    return None


def parse(raw: bytes) -> tuple[Any, list[str]]:
    """`(document, [])` from a file's bytes, or `(None, [what is wrong])`: never an exception."""
    if len(raw) > MAX_IMPORT_BYTES:
        return None, [f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: "
                      "a plan's file is rarely more than 100 KB"]
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_int=_read_int, parse_float=_read_float,
                              parse_constant=_read_constant)
    except UnicodeDecodeError as error:
        return None, [f"The file is not JSON: it is not UTF-8 text (byte {error.start})"]
    except RecursionError:
        return None, [f"The file nests lists or objects more than {MAX_JSON_DEPTH} deep"]
    except ValueError as error:  # json.JSONDecodeError, and NaN or Infinity
        return None, [f"The file is not JSON: {error}"]
    deep = _too_deep(document)
    if deep is not None:
        return None, [f"{deep}: nested more than {MAX_JSON_DEPTH} deep"]
    return document, []


# ---------------------------------------------------------------- checking values

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MISSING = object()


def _shown(value: object, size: int = 30) -> str:
    """Something from the file quoted in an error: cleaned, and cut short."""
    text = clean_text(str(value), multiline=False)
    return text if len(text) <= size else text[:size] + "…"


class _References:
    """The factor or solution references seen so far in the file, for later rows to cite."""

    def __init__(self, what: str) -> None:
        self.what = what  # "factor", "solution": as an error names an unknown one
        self.known: set[str] = set()


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def obj(self, value: Any, path: str, keys: tuple[str, ...]) -> Plain | None:
        """`value` as a dict with only `keys`; None (and an error) when it is not an object."""
        if not isinstance(value, dict):
            self.error(path, "must be an object")
            return None
        for key in value:
            if key not in keys:
                self.error(f"{path}.{_shown(key)}" if path else _shown(key), "unknown field")
        return value

    def list_of(self, parent: Plain, key: str, path: str, limit: int, what: str) -> list[Any]:
        """The list, or [] (and an error) when it is missing, not a list, or longer than a plan may hold."""
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            self.error(path, "missing")
            return []
        if not isinstance(value, list):
            self.error(path, "must be a list")
            return []
        if len(value) > limit:
            self.error(path, f"{len(value):,} {what}: a plan can have at most {limit:,} (webapp/domain/limits.py)")
            return []
        return value

    def rows(self, parent: Plain, key: str, limit: int, what: str,
             keys: tuple[str, ...]) -> Iterator[tuple[str, Plain]]:
        """Each object in the section `key` with its path ("factors[0]"), after an error for each that is
        not an object; read as it is checked, so the errors keep the order of the file."""
        for i, raw in enumerate(self.list_of(parent, key, key, limit, what)):
            path = f"{key}[{i}]"
            row = self.obj(raw, path, keys)
            if row is not None:
                yield path, row

    def text(self, parent: Plain, key: str, path: str, limit: int = LONG_TEXT, required: bool = False,
             multiline: bool = True) -> str:
        """The text cleaned exactly as a form cleans it (docs/plans.md#validation-limits), then checked as the form checks it."""
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.error(path, "missing")
            return ""
        if not isinstance(value, str):
            self.error(path, "must be text")
            return ""
        cleaned = clean_text(value, multiline=multiline)
        if required and not cleaned:
            self.error(path, "must not be empty")
        if len(cleaned) > limit:
            self.error(path, f"longer than {limit:,} characters")
        return cleaned

    def line(self, parent: Plain, key: str, path: str, limit: int, required: bool = False) -> str:
        """A one-line text, such as a name: line breaks and tabs become spaces, as in a form's text box."""
        return self.text(parent, key, path, limit, required, multiline=False)

    def choice(self, parent: Plain, key: str, path: str, choices: tuple[str, ...]) -> str | None:
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            self.error(path, "missing")
            return None
        if not isinstance(value, str) or value not in choices:
            self.error(path, f"must be one of {', '.join(choices)}")
            return None
        return value

    def date(self, parent: Plain, key: str, path: str, required: bool = True) -> date | None:
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if required:
                self.error(path, "missing")
            return None
        if not isinstance(value, str) or not _DATE.match(value):
            self.error(path, "not a date")
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.error(path, "not a date")
            return None
        if not date_in_range(day):
            self.error(path, f"must be {DATE_RANGE_TEXT}")
            return None
        return day

    def number(self, parent: Plain, key: str, path: str, unit: str | None = None,
               amount: bool = False) -> Decimal | None:
        """A finite number within the range of the PI's `unit` (or, for an `amount` of money, from 0 to what
        the column holds), with at most MAX_DECIMAL_PLACES places (pence for an amount): a Decimal with
        every digit the file wrote, none lost to a float (README, "Exact numbers")."""
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, Overlong):
            self.error(path, f"a number of {value.digits:,} digits: at most {MAX_NUMBER_DIGITS} are allowed")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or \
                not to_decimal(value).is_finite():
            self.error(path, "not a number")
            return None
        number = to_decimal(value)
        if amount and number < 0:
            self.error(path, "must not be negative")
            return None
        lowest, highest = AMOUNT_RANGE if amount else value_range(unit)
        if not lowest <= number <= highest:
            self.error(path, f"must be {range_text(lowest, highest)}")
            return None
        places = 2 if amount else MAX_DECIMAL_PLACES  # pounds and pence; the columns keep 6 places
        if decimal_places(number) > places:
            self.error(path, f"must have {places} decimal places or fewer")
            return None
        return number.quantize(Decimal("0.01")) if amount else exact_number(number)

    def boolean(self, parent: Plain, key: str, path: str) -> bool:
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self.error(path, "must be true or false")
            return False
        return value

    def refs(self, parent: Plain, key: str, path: str, known: _References, limit: int) -> list[str]:
        out: list[str] = []
        for i, ref in enumerate(self.list_of(parent, key, path, limit, "references")):
            if not isinstance(ref, str):
                self.error(f"{path}[{i}]", "must be a reference")
            elif ref not in known.known:
                self.error(f"{path}[{i}]", f"unknown {known.what} {_shown(ref)}")
            elif ref in out:
                self.error(f"{path}[{i}]", f"{ref} listed twice")
            else:
                out.append(ref)
        return out

    def ref(self, raw: Plain, path: str, prefix: str, known: _References) -> str | None:
        """A factor's or solution's reference, kept as it is in the file (docs/pip-v1.md), if well formed and new."""
        ref = raw.get("ref")
        written = ref if isinstance(ref, str) else ""
        number = written[len(prefix):] if written.startswith(prefix) else ""
        if not (number.isascii() and number.isdigit()) or number.startswith("0"):
            self.error(f"{path}.ref", f"must be {prefix} followed by a number")
        elif len(number) > limits.MAX_REF_DIGITS:
            self.error(f"{path}.ref",
                       f"must be {prefix} followed by a number of at most {limits.MAX_REF_DIGITS} digits")
        elif written in known.known:
            self.error(f"{path}.ref", f"{written} used twice")
        else:
            known.known.add(written)
        return ref if isinstance(ref, str) else None


# ---------------------------------------------------------------- the document, section by section

def validate(document: Any) -> tuple[PlainDict | None, list[str]]:
    """`(clean_data, errors)`: the document's data ready to store, or the list of what is wrong."""
    c = _Checker()
    if c.obj(document, "", TOP_KEYS) is None:
        return None, ["document: must be a JSON object"]
    data = _plan(c, document)
    data["indicator"] = _indicator(c, document.get("indicator"))
    unit = data["indicator"]["unit"]  # Section 1's values and progress scores are in the PI's unit
    data["details"] = _details(c, document.get("details"), unit)
    factor_refs, solution_refs = _References("factor"), _References("solution")
    data["factors"] = _factors(c, document, factor_refs)
    data["solutions"] = _solutions(c, document, factor_refs, solution_refs)
    data["management_comments"] = _comments(c, document, solution_refs)
    data["progress"] = _progress(c, document, unit)
    _exported_at(c, document.get("exported_at"))
    if c.errors:
        return None, _at_most(c.errors)
    return data, []


def _plan(c: _Checker, document: Plain) -> PlainDict:
    """The format, and the plan's own fields: its status, author, date and service."""
    if document.get("format") != FORMAT:
        c.error("format", f'must be "{FORMAT}"')
    return {
        "status": c.choice(document, "status", "status", STATUSES),
        "author": c.line(document, "author", "author", LIMITS["author"], required=True),
        "date": c.date(document, "date", "date"),
        "service": c.line(document, "service", "service", LIMITS["service"], required=True),
    }


def _indicator(c: _Checker, value: Any) -> PlainDict:
    """The PI, as Section 1 names it."""
    indicator = c.obj(value, "indicator", ("code", "name", "description", "polarity", "unit", "frequency")) or {}
    return {
        "code": c.line(indicator, "code", "indicator.code", LIMITS["code"], required=True),
        "name": c.line(indicator, "name", "indicator.name", LIMITS["name"], required=True),
        "description": c.text(indicator, "description", "indicator.description", LIMITS["description"]),
        "polarity": c.choice(indicator, "polarity", "indicator.polarity", POLARITIES),
        "unit": c.choice(indicator, "unit", "indicator.unit", UNITS),
        "frequency": c.choice(indicator, "frequency", "indicator.frequency", FREQUENCIES),
    }


def _details(c: _Checker, value: Any, unit: str | None) -> PlainDict:
    """Section 1's comments and its four values, each with its "as at" date."""
    details = c.obj(value, "details", SCORE_KEYS + ("comments",)) or {}
    data: PlainDict = {"comments": c.text(details, "comments", "details.comments")}
    for key in SCORE_KEYS:
        pair = details.get(key)
        if pair is None:
            data[key] = {"value": None, "as_at": None}
            continue
        pair = c.obj(pair, f"details.{key}", ("value", "as_at")) or {}
        data[key] = {"value": c.number(pair, "value", f"details.{key}.value", unit),
                     "as_at": c.date(pair, "as_at", f"details.{key}.as_at", required=False)}
    return data


def _factors(c: _Checker, document: Plain, known: _References) -> list[PlainDict]:
    """Sections 2 and 3: each factor's reference (E1, I1) noted in `known` for the solutions to cite."""
    factors = []
    for path, raw in c.rows(document, "factors", limits.MAX_FACTORS, "factors",
                            ("ref", "kind", "duration", "description")):
        kind = c.choice(raw, "kind", f"{path}.kind", KINDS)
        factors.append({
            "ref": c.ref(raw, path, KIND_PREFIX[kind], known) if kind else None, "kind": kind,
            "duration": c.choice(raw, "duration", f"{path}.duration", DURATIONS),
            "description": c.text(raw, "description", f"{path}.description", required=True)})
    return factors


_SOLUTION_KEYS = ("ref", "description", "target_date", "factors", "resourcing", "funding_amount", "funding_note",
                  "time_lag", "option_group", "strengths", "weaknesses", "status")


def _solutions(c: _Checker, document: Plain, factors: _References, known: _References) -> list[PlainDict]:
    """Section 4: each solution, citing the factors it addresses, its reference (S1) noted in `known`."""
    return [{
        "ref": c.ref(raw, path, SOLUTION_PREFIX, known),
        "description": c.text(raw, "description", f"{path}.description", required=True),
        "target_date": c.date(raw, "target_date", f"{path}.target_date", required=False),
        "factors": c.refs(raw, "factors", f"{path}.factors", factors, limits.MAX_FACTORS_PER_SOLUTION),
        "resourcing": c.choice(raw, "resourcing", f"{path}.resourcing", RESOURCING),
        "funding_amount": c.number(raw, "funding_amount", f"{path}.funding_amount", amount=True),
        "funding_note": c.text(raw, "funding_note", f"{path}.funding_note", SHORT_TEXT),
        "time_lag": c.text(raw, "time_lag", f"{path}.time_lag", SHORT_TEXT),
        "option_group": c.line(raw, "option_group", f"{path}.option_group", LIMITS["option_group"]),
        "strengths": c.text(raw, "strengths", f"{path}.strengths"),
        "weaknesses": c.text(raw, "weaknesses", f"{path}.weaknesses"),
        "status": c.choice(raw, "status", f"{path}.status", SOLUTION_STATUSES),
    } for path, raw in c.rows(document, "solutions", limits.MAX_SOLUTIONS, "solutions", _SOLUTION_KEYS)]


def _comments(c: _Checker, document: Plain, solutions: _References) -> list[PlainDict]:
    """Section 5: each management comment."""
    return [_comment(c, raw, path, solutions)
            for path, raw in c.rows(document, "management_comments", limits.MAX_COMMENTS, "management comments",
                                    ("role", "author", "date", "text", "meeting", "approves", "declines"))]


def _comment(c: _Checker, raw: Plain, path: str, solutions: _References) -> PlainDict:
    """One comment: its role, the meeting it cites, the solutions it decides, who made it, when, and what."""
    role = c.choice(raw, "role", f"{path}.role", ROLES)
    meeting = _meeting(c, raw, path, role)
    decided = _decisions(c, raw, path, solutions)
    return {"role": role, "author": c.line(raw, "author", f"{path}.author", LIMITS["author"], required=True),
            "date": c.date(raw, "date", f"{path}.date"), "text": c.text(raw, "text", f"{path}.text", required=True),
            "meeting": meeting, **decided}


def _meeting(c: _Checker, raw: Plain, path: str, role: str | None) -> PlainDict | None:
    """The meeting a comment cites, which every role but the Head of Service's must."""
    if raw.get("meeting") is None:
        if role and CommentRole(role).needs_meeting:
            c.error(f"{path}.meeting", f"required for a {role} comment")
        return None
    found = c.obj(raw["meeting"], f"{path}.meeting", ("body", "date", "reference"))
    if found is None:
        return None
    return {"body": c.line(found, "body", f"{path}.meeting.body", LIMITS["body"], required=True),
            "date": c.date(found, "date", f"{path}.meeting.date"),
            "reference": c.line(found, "reference", f"{path}.meeting.reference", LIMITS["reference"])}


def _decisions(c: _Checker, raw: Plain, path: str, solutions: _References) -> dict[str, list[str]]:
    """The solutions a comment approves and declines: none both."""
    decided = {key: c.refs(raw, key, f"{path}.{key}", solutions, limits.MAX_DECISIONS_PER_COMMENT)
               if key in raw else [] for key in ("approves", "declines")}
    for ref in decided["declines"]:
        if ref in decided["approves"]:
            c.error(f"{path}.declines[{raw['declines'].index(ref)}]", f"{ref} is also approved")
    return decided


def _progress(c: _Checker, document: Plain, unit: str | None) -> list[PlainDict]:
    """Section 6: each progress entry, its score in the PI's unit."""
    return [{
        "date": c.date(raw, "date", f"{path}.date"),
        "comment": c.text(raw, "comment", f"{path}.comment", required=True),
        "score": c.number(raw, "score", f"{path}.score", unit),
        "final": c.boolean(raw, "final", f"{path}.final"),
    } for path, raw in c.rows(document, "progress", limits.MAX_PROGRESS, "progress entries",
                              ("date", "comment", "score", "final"))]


def _exported_at(c: _Checker, exported: Any) -> None:
    """When the file was written, if it says: ISO 8601 in UTC, with a Z."""
    if exported is None:
        return
    try:
        if not isinstance(exported, str) or not exported.endswith("Z"):
            raise ValueError
        datetime.fromisoformat(exported[:-1])
    except ValueError:
        c.error("exported_at", "not an ISO date and time in UTC")


def values_outside(data: PlainDict, unit: str) -> list[str]:
    """Errors for Section 1 values and progress scores in validated `data` outside the range of `unit`:
    the register's PI may be measured in another unit than the file says."""
    lowest, highest = value_range(unit)
    found = [(f"details.{key}.value", data["details"][key]["value"]) for key in SCORE_KEYS]
    found += [(f"progress[{i}].score", entry["score"]) for i, entry in enumerate(data["progress"])]
    return [f"{path}: must be {range_text(lowest, highest)} for a PI measured in {unit}"
            for path, value in found if value is not None and not lowest <= value <= highest]


def _at_most(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_ERRORS:
        return errors
    return errors[:MAX_ERRORS] + [f"… and {len(errors) - MAX_ERRORS:,} more errors"]
