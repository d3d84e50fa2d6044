"""The pip/v1 JSON interchange format (docs/pip-v1.md): pure functions over plain data.

`plan_to_json(plan, exported_at)` turns a plain plan, a PIP as plain data (dates as `date`, numbers as
int/float/Decimal, enumerations as strings; webapp/pips/interchange.py), into the pip/v1 document, keys in
the documented order, its numbers exact Decimals; `json_text(document)` writes it, each number with exactly its digits.
Reading a file back, and checking it, is in pip_json_reading.py.
"""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency
from webapp.domain.pips import CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.domain.rating import Number, Polarity
from webapp.domain.units import Unit, exact_number, plain_number
from webapp.domain.words import Word

from .plain import Plain, PlainDict

FORMAT = "pip/v1"


def _vocabulary(word: type[Word]) -> tuple[str, ...]:
    """The values pip/v1 writes for a domain choice: the enum's own values, in its order."""
    return tuple(member.value for member in word)


STATUSES = _vocabulary(PipStatus)
KINDS = _vocabulary(FactorKind)
DURATIONS = _vocabulary(Duration)
POLARITIES = _vocabulary(Polarity)
UNITS = _vocabulary(Unit)
FREQUENCIES = _vocabulary(Frequency)
RESOURCING = _vocabulary(Resourcing)
SOLUTION_STATUSES = _vocabulary(SolutionStatus)
ROLES = _vocabulary(CommentRole)
BODY_KINDS = _vocabulary(BodyKind)

KIND_PREFIX = {kind.value: kind.prefix for kind in FactorKind}

# The decimal places a PI shows its values to: what the PI form allows (forms/indicators.py).
MAX_PI_PLACES = 4

SCORE_KEYS = ("target", "score", "last_year_end_score", "score_12_months_ago")
INDICATOR_KEYS = ("code", "name", "description", "polarity", "unit", "frequency", "decimal_places")
MEETING_KEYS = ("body", "body_kind", "date", "reference")
TOP_KEYS = (
    "format",
    "exported_at",
    "status",
    "author",
    "date",
    "service",
    "directorate",
    "indicator",
    "details",
    "factors",
    "solutions",
    "management_comments",
    "progress",
)


# ---------------------------------------------------------------- export


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value: Number | None) -> Decimal | None:
    return None if value is None else exact_number(value)


def _text(value: str | None) -> str:
    return "" if value is None else value


def _score(pair: Plain | None) -> PlainDict:
    pair = pair or {}
    return {"value": _number(pair.get("value")), "as_at": _iso(pair.get("as_at"))}


def exported_at_text(moment: datetime) -> str:
    """An aware or naive-UTC datetime as ISO 8601 UTC with a Z."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def _given(plain: Plain, key: str) -> PlainDict:
    """{key: value} when the plain data has a value for `key`, else {}: an optional key is written when known."""
    value = plain.get(key)
    return {} if value is None or value == "" else {key: value}


def _meeting(meeting: Plain | None) -> PlainDict | None:
    if meeting is None:
        return None
    return {
        "body": meeting["body"],
        **_given(meeting, "body_kind"),
        "date": _iso(meeting["date"]),
        "reference": _text(meeting.get("reference")),
    }


def plan_to_json(plan: Plain, exported_at: datetime) -> PlainDict:
    """The pip/v1 document for a plain plan, keys in docs/pip-v1.md's order. The optional keys (`directorate`,
    `indicator.decimal_places`, a meeting's `body_kind`) are written when the plain plan has them."""
    indicator, details = plan["indicator"], plan["details"]
    return {
        "format": FORMAT,
        "exported_at": exported_at_text(exported_at),
        "status": plan["status"],
        "author": _text(plan["author"]),
        "date": _iso(plan["date"]),
        "service": plan["service"],
        **_given(plan, "directorate"),
        "indicator": {
            **{key: _text(indicator.get(key)) for key in INDICATOR_KEYS[:-1]},
            **_given(indicator, "decimal_places"),
        },
        "details": {
            **{key: _score(details.get(key)) for key in SCORE_KEYS},
            "comments": _text(details.get("comments")),
        },
        "factors": [
            {"ref": f["ref"], "kind": f["kind"], "duration": f["duration"], "description": _text(f["description"])}
            for f in plan["factors"]
        ],
        "solutions": [
            {
                "ref": s["ref"],
                "description": _text(s["description"]),
                "target_date": _iso(s.get("target_date")),
                "factors": list(s["factors"]),
                "resourcing": s["resourcing"],
                "funding_amount": _number(s.get("funding_amount")),
                **{
                    key: _text(s.get(key))
                    for key in ("funding_note", "time_lag", "option_group", "strengths", "weaknesses")
                },
                "status": s["status"],
            }
            for s in plan["solutions"]
        ],
        "management_comments": [
            {
                "role": c["role"],
                "author": _text(c["author"]),
                "date": _iso(c["date"]),
                "text": _text(c["text"]),
                "meeting": _meeting(c.get("meeting")),
                "approves": list(c.get("approves", ())),
                "declines": list(c.get("declines", ())),
            }
            for c in plan["management_comments"]
        ],
        "progress": [
            {
                "date": _iso(p["date"]),
                "comment": _text(p["comment"]),
                "score": _number(p.get("score")),
                "final": bool(p.get("final")),
            }
            for p in plan["progress"]
        ],
    }


# ---------------------------------------------------------------- writing


def json_text(document: object, indent: int | None = None, sort_keys: bool = False) -> str:
    """`document` as JSON text, each Decimal a JSON number with exactly its digits (999999999999.999999),
    and everything else as json.dumps writes it (with ensure_ascii=False).

    json.dumps refuses a Decimal, and a float keeps 15 to 17 significant digits of the 19 a value may have
    (README, "Exact numbers"): so the containers are written here, and each value by json.dumps."""
    return _json_text(document, indent, sort_keys, 0)


def _json_text(value: object, indent: int | None, sort_keys: bool, depth: int) -> str:
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, dict) and value:
        pairs = sorted(value.items()) if sort_keys else value.items()
        items = [
            f"{json.dumps(str(key), ensure_ascii=False)}: {_json_text(item, indent, sort_keys, depth + 1)}"
            for key, item in pairs
        ]
        return _container("{", items, "}", indent, depth)
    if isinstance(value, (list, tuple)) and value:
        items = [_json_text(item, indent, sort_keys, depth + 1) for item in value]
        return _container("[", items, "]", indent, depth)
    return json.dumps(value, ensure_ascii=False)


def _container(opening: str, items: list[str], closing: str, indent: int | None, depth: int) -> str:
    if indent is None:
        return opening + ", ".join(items) + closing
    inside, outside = "\n" + " " * (indent * (depth + 1)), "\n" + " " * (indent * depth)
    return opening + inside + ("," + inside).join(items) + outside + closing
