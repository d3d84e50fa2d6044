"""Reading a pip/v1 file back (docs/pip-v1.md), refusing at the door what could break a page later
(docs/plans.md#validation-limits).

`parse(raw_bytes)` reads a file as JSON, refusing what could hurt before anything is looked at: a file past
the size limit, nesting past the depth limit, numbers of absurd length (webapp/domain/limits.py).
`validate(document, today)` checks a parsed document and returns `(clean_data, errors)`: the clean data has
dates as `date` (1900-2100), numbers as exact Decimals within the range of the PI's unit, and
text cleaned and limited exactly as the forms clean and limit it; each error names its path.
The document is checked section by section, in the order of the file, one function a section, and then
as a whole against what the forms would have refused on the way to its status (`_as_the_forms_allow`).
"""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from webapp.domain import limits
from webapp.domain.lifecycle import PlanFacts, SolutionFacts, complete_problems
from webapp.domain.limits import MAX_IMPORT_BYTES, MAX_JSON_DEPTH, MAX_NUMBER_DIGITS
from webapp.domain.pi_codes import MAX_CODE_LENGTH, code_problem, pi_code
from webapp.domain.pips import SOLUTION_PREFIX, CommentRole, PipStatus, SolutionStatus
from webapp.domain.units import range_text, value_range

from .pip_json import (
    BODY_KINDS,
    DURATIONS,
    FORMAT,
    FREQUENCIES,
    INDICATOR_KEYS,
    KIND_PREFIX,
    KINDS,
    MAX_PI_PLACES,
    MEETING_KEYS,
    POLARITIES,
    RESOURCING,
    ROLES,
    SCORE_KEYS,
    SOLUTION_STATUSES,
    STATUSES,
    TOP_KEYS,
    UNITS,
)
from .pip_json_checker import Checker, Overlong, References, shown
from .plain import Plain, PlainDict

# The longest text each field may hold: what its form allows (webapp/domain/limits.py).
LONG_TEXT = limits.LONG_TEXT
SHORT_TEXT = limits.SHORT_TEXT
LIMITS = {
    "author": 100,
    "service": 100,
    "directorate": 100,
    "code": MAX_CODE_LENGTH,
    "name": 200,
    "description": 2000,
    "option_group": 100,
    "reference": 50,
    "body": 100,
}
# Errors listed at most: a hostile file can have a million of them.
MAX_ERRORS = 100


# ---------------------------------------------------------------- reading a file


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
            child_path = (
                f"{path}[{key}]" if isinstance(value, list) else (f"{path}.{shown(key)}" if path else shown(key))
            )
            stack.append((child, child_path, depth + 1))
    return None


def parse(raw: bytes) -> tuple[Any, list[str]]:
    """`(document, [])` from a file's bytes, or `(None, [what is wrong])`: never an exception."""
    if len(raw) > MAX_IMPORT_BYTES:
        return None, [
            f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: a plan's file is rarely more than 100 KB"
        ]
    try:
        document = json.loads(
            raw.decode("utf-8-sig"), parse_int=_read_int, parse_float=_read_float, parse_constant=_read_constant
        )
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


# ---------------------------------------------------------------- the document, section by section


def validate(document: Any, today: date | None = None) -> tuple[PlainDict | None, list[str]]:
    """`(clean_data, errors)`: the document's data ready to store, or the list of what is wrong.

    Given `today`, a comment or progress entry dated after it is refused, as the forms refuse it: a plan's
    next update is due from its last, so an entry dated ahead would keep the plan from ever being overdue.
    The Word import does not pass it: a plan written by hand may list the updates it plans."""
    c = Checker()
    if c.obj(document, "", TOP_KEYS) is None:
        return None, ["document: must be a JSON object"]
    data = _plan(c, document)
    data["indicator"] = _indicator(c, document.get("indicator"))
    unit = data["indicator"]["unit"]  # Section 1's values and progress scores are in the PI's unit
    data["details"] = _details(c, document.get("details"), unit)
    factor_refs, solution_refs = References("factor"), References("solution")
    data["factors"] = _factors(c, document, factor_refs)
    data["solutions"] = _solutions(c, document, factor_refs, solution_refs)
    data["management_comments"] = _comments(c, document, solution_refs)
    data["progress"] = _progress(c, document, unit)
    _exported_at(c, document.get("exported_at"))
    if not c.errors:
        _as_the_forms_allow(c, data, today)
    if c.errors:
        return None, _at_most(c.errors)
    return data, []


def _plan(c: Checker, document: Plain) -> PlainDict:
    """The format, and the plan's own fields: its status, author, date, service and the service's directorate
    ("" when the file does not say)."""
    if document.get("format") != FORMAT:
        c.error("format", f'must be "{FORMAT}"')
    return {
        "status": c.choice(document, "status", "status", STATUSES),
        "author": c.line(document, "author", "author", LIMITS["author"], required=True),
        "date": c.date(document, "date", "date"),
        "service": c.line(document, "service", "service", LIMITS["service"], required=True),
        "directorate": c.line(document, "directorate", "directorate", LIMITS["directorate"]),
    }


def _indicator(c: Checker, value: Any) -> PlainDict:
    """The PI, as Section 1 names it, and the decimal places it shows its values to (None when the file does
    not say)."""
    indicator = c.obj(value, "indicator", INDICATOR_KEYS) or {}
    return {
        "code": _code(c, indicator),
        "name": c.line(indicator, "name", "indicator.name", LIMITS["name"], required=True),
        "description": c.text(indicator, "description", "indicator.description", LIMITS["description"]),
        "polarity": c.choice(indicator, "polarity", "indicator.polarity", POLARITIES),
        "unit": c.choice(indicator, "unit", "indicator.unit", UNITS),
        "frequency": c.choice(indicator, "frequency", "indicator.frequency", FREQUENCIES),
        "decimal_places": c.whole(indicator, "decimal_places", "indicator.decimal_places", 0, MAX_PI_PLACES),
    }


def _code(c: Checker, indicator: Plain) -> str:
    """The PI's code as the register keeps it, in capitals, checked by the PI form's rule (webapp/domain/pi_codes.py):
    a code the form refuses would make a PI nobody could edit."""
    typed = c.line(indicator, "code", "indicator.code", LIMITS["code"], required=True)
    code = pi_code(typed)
    problem = code_problem(code) if 0 < len(typed) <= LIMITS["code"] else None  # else the line's own error says
    if problem:
        c.error("indicator.code", problem)
    return code


def _details(c: Checker, value: Any, unit: str | None) -> PlainDict:
    """Section 1's comments and its four values, each with its "as at" date."""
    details = c.obj(value, "details", SCORE_KEYS + ("comments",)) or {}
    data: PlainDict = {"comments": c.text(details, "comments", "details.comments")}
    for key in SCORE_KEYS:
        pair = details.get(key)
        if pair is None:
            data[key] = {"value": None, "as_at": None}
            continue
        pair = c.obj(pair, f"details.{key}", ("value", "as_at")) or {}
        data[key] = {
            "value": c.number(pair, "value", f"details.{key}.value", unit),
            "as_at": c.date(pair, "as_at", f"details.{key}.as_at", required=False),
        }
    return data


def _factors(c: Checker, document: Plain, known: References) -> list[PlainDict]:
    """Sections 2 and 3: each factor's reference (E1, I1) noted in `known` for the solutions to cite."""
    factors = []
    for path, raw in c.rows(
        document, "factors", limits.MAX_FACTORS, "factors", ("ref", "kind", "duration", "description")
    ):
        kind = c.choice(raw, "kind", f"{path}.kind", KINDS)
        factors.append(
            {
                "ref": c.ref(raw, path, KIND_PREFIX[kind], known) if kind else None,
                "kind": kind,
                "duration": c.choice(raw, "duration", f"{path}.duration", DURATIONS),
                "description": c.text(raw, "description", f"{path}.description", required=True),
            }
        )
    return factors


_SOLUTION_KEYS = (
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
)


def _solutions(c: Checker, document: Plain, factors: References, known: References) -> list[PlainDict]:
    """Section 4: each solution, citing the factors it addresses, its reference (S1) noted in `known`."""
    return [
        {
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
        }
        for path, raw in c.rows(document, "solutions", limits.MAX_SOLUTIONS, "solutions", _SOLUTION_KEYS)
    ]


def _comments(c: Checker, document: Plain, solutions: References) -> list[PlainDict]:
    """Section 5: each management comment."""
    return [
        _comment(c, raw, path, solutions)
        for path, raw in c.rows(
            document,
            "management_comments",
            limits.MAX_COMMENTS,
            "management comments",
            ("role", "author", "date", "text", "meeting", "approves", "declines"),
        )
    ]


def _comment(c: Checker, raw: Plain, path: str, solutions: References) -> PlainDict:
    """One comment: its role, the meeting it cites, the solutions it decides, who made it, when, and what."""
    role = c.choice(raw, "role", f"{path}.role", ROLES)
    meeting = _meeting(c, raw, path, role)
    decided = _decisions(c, raw, path, solutions)
    if role and role != CommentRole.CMT.value and (decided["approves"] or decided["declines"]):
        c.error(f"{path}.approves", "only a CMT comment approves or declines solutions, as on the comment form")
    return {
        "role": role,
        "author": c.line(raw, "author", f"{path}.author", LIMITS["author"], required=True),
        "date": c.date(raw, "date", f"{path}.date"),
        "text": c.text(raw, "text", f"{path}.text", required=True),
        "meeting": meeting,
        **decided,
    }


def _meeting(c: Checker, raw: Plain, path: str, role: str | None) -> PlainDict | None:
    """The meeting a comment cites, which every role but the Head of Service's must."""
    if raw.get("meeting") is None:
        if role and CommentRole(role).needs_meeting:
            c.error(f"{path}.meeting", f"required for a {role} comment")
        return None
    found = c.obj(raw["meeting"], f"{path}.meeting", MEETING_KEYS)
    if found is None:
        return None
    return {
        "body": c.line(found, "body", f"{path}.meeting.body", LIMITS["body"], required=True),
        "body_kind": c.choice(found, "body_kind", f"{path}.meeting.body_kind", BODY_KINDS, required=False),
        "date": c.date(found, "date", f"{path}.meeting.date"),
        "reference": c.line(found, "reference", f"{path}.meeting.reference", LIMITS["reference"]),
    }


def _decisions(c: Checker, raw: Plain, path: str, solutions: References) -> dict[str, list[str]]:
    """The solutions a comment approves and declines: none both."""
    decided = {
        key: c.refs(raw, key, f"{path}.{key}", solutions, limits.MAX_DECISIONS_PER_COMMENT) if key in raw else []
        for key in ("approves", "declines")
    }
    for ref in decided["declines"]:
        if ref in decided["approves"]:
            c.error(f"{path}.declines[{raw['declines'].index(ref)}]", f"{ref} is also approved")
    return decided


def _progress(c: Checker, document: Plain, unit: str | None) -> list[PlainDict]:
    """Section 6: each progress entry, its score in the PI's unit."""
    return [
        {
            "date": c.date(raw, "date", f"{path}.date"),
            "comment": c.text(raw, "comment", f"{path}.comment", required=True),
            "score": c.number(raw, "score", f"{path}.score", unit),
            "final": c.boolean(raw, "final", f"{path}.final"),
        }
        for path, raw in c.rows(
            document, "progress", limits.MAX_PROGRESS, "progress entries", ("date", "comment", "score", "final")
        )
    ]


def _exported_at(c: Checker, exported: Any) -> None:
    """When the file was written, if it says: ISO 8601 in UTC, with a Z."""
    if exported is None:
        return
    try:
        if not isinstance(exported, str) or not exported.endswith("Z"):
            raise ValueError
        datetime.fromisoformat(exported[:-1])
    except ValueError:
        c.error("exported_at", "not an ISO date and time in UTC")


def _as_the_forms_allow(c: Checker, data: PlainDict, today: date | None) -> None:
    """What the plan's forms would have refused on the way to its status (docs/plans.md#lifecycle): a Completed
    plan has no solution still Proposed or Approved but not In place (Complete asks, and a Completed plan is
    read-only); given `today`, no comment or progress entry is dated after it.

    A Live plan's solution without a Target Date is let through: a plan made Live elsewhere, or by an earlier
    import, may have one, and pip/v1 moves plans between systems; the Word papers show the date blank."""
    if data["status"] == PipStatus.COMPLETED.value:
        facts = PlanFacts(
            status=PipStatus.COMPLETED,
            solutions=[
                SolutionFacts(ref=s["ref"], status=SolutionStatus(s["status"]), anchor=f"solutions[{i}].status")
                for i, s in enumerate(data["solutions"])
            ],
        )
        for problem in complete_problems(facts):
            c.error(problem.anchor, f"a Completed plan cannot have this: {problem.message}")
    if today is not None:
        for section in ("management_comments", "progress"):
            for i, entry in enumerate(data[section]):
                if entry["date"] > today:
                    c.error(f"{section}[{i}].date", f"must be today ({today.isoformat()}) or earlier")


def values_outside(data: PlainDict, unit: str) -> list[str]:
    """Errors for Section 1 values and progress scores in validated `data` outside the range of `unit`:
    the register's PI may be measured in another unit than the file says."""
    lowest, highest = value_range(unit)
    found = [(f"details.{key}.value", data["details"][key]["value"]) for key in SCORE_KEYS]
    found += [(f"progress[{i}].score", entry["score"]) for i, entry in enumerate(data["progress"])]
    return [
        f"{path}: must be {range_text(lowest, highest)} for a PI measured in {unit}"
        for path, value in found
        if value is not None and not lowest <= value <= highest
    ]


def _at_most(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_ERRORS:
        return errors
    return errors[:MAX_ERRORS] + [f"… and {len(errors) - MAX_ERRORS:,} more errors"]
