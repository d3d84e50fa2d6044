"""The errors of the pip/v1 checks, said in the Word template's terms (docs/word-import.md#errors): the path
"solutions[1].target_date" of a plan read from Word is "Section 4, S2, Target Date", so that the officer
finds in the document what to correct. Pure."""

import re

from webapp.domain.dates import uk_date
from webapp.domain.pips import CommentRole, Duration, FactorKind

from .plain import Plain

_ERROR = re.compile(r"^(?P<path>[a-z_]+(?:\[\d+\])?(?:\.[a-z_0-9]+(?:\[\d+\])?)*): (?P<message>.*)$", re.DOTALL)
_ROW = re.compile(r"^(?P<key>[a-z_]+)\[(?P<index>\d+)\]$")
_PLAN = {"author": "Author", "date": "Date", "service": "Service", "status": "Plan", "format": "Plan"}
_DETAILS = {
    "target": "Target",
    "score": "Score",
    "last_year_end_score": "Last Year End Score",
    "score_12_months_ago": "Score 12 Months Ago",
    "comments": "Comments",
}
_FIELDS = {
    "ref": "reference",
    "description": "text",
    "target_date": "Target Date",
    "factors": "Factors Addressed",
    "funding_amount": "funding",
    "funding_note": "funding route",
    "time_lag": "Time lag",
    "option_group": "Option group",
    "as_at": "As at Date",
    "date": "date",
    "text": "text",
    "comment": "Comment",
    "score": "PI Score",
    "author": "author",
    "meeting": "meeting",
    "body": "body",
    "reference": "minute",
}


def in_word_terms(error: str, document: Plain) -> str:
    """An error of pip_json_reading.validate or of the import, with its path said as the template says it."""
    found = _ERROR.match(error)
    if not found:
        return error
    parts = found.group("path").split(".")
    return f"{_place(parts, document)}: {found.group('message')}"


def _place(parts: list[str], document: Plain) -> str:
    head, rest = parts[0], parts[1:]
    if head in _PLAN:
        return _PLAN[head]
    if head == "indicator":
        return "Section 1, PI " + (rest[0].capitalize() if rest else "Code")
    if head == "details":
        return "Section 1, " + " ".join(_DETAILS.get(part, _FIELDS.get(part, part)) for part in rest if part != "value")
    row = _ROW.match(head)
    if not row:
        return ".".join(parts)
    key, index = row.group("key"), int(row.group("index"))
    items = document.get(key) or []
    item = items[index] if index < len(items) and isinstance(items[index], dict) else {}
    where = _row_place(key, item, index)
    words = " ".join(_FIELDS.get(re.sub(r"\[\d+\]$", "", part), part) for part in rest)
    return f"{where}, {words}" if words else where


def _row_place(key: str, item: Plain, index: int) -> str:
    if key == "factors":
        section = "Section 2" if item.get("kind") == FactorKind.EXTERNAL.value else "Section 3"
        duration = item.get("duration")
        label = Duration(duration).label if duration in {d.value for d in Duration} else "factor"
        return f"{section}, {label}, {item.get('ref') or index + 1}"
    if key == "solutions":
        return f"Section 4, {item.get('ref') or f'solution {index + 1}'}"
    if key == "management_comments":
        role = item.get("role")
        label = CommentRole(role).label if role in {r.value for r in CommentRole} else "a"
        return f"Section 5, {label} comment of {_day(item.get('date'))}"
    if key == "progress":
        return f"Section 6, the entry of {_day(item.get('date'))}"
    return f"{key} {index + 1}"


def _day(value: object) -> str:
    try:
        return uk_date(value) if isinstance(value, str) and value else "no date"
    except ValueError:
        return value if isinstance(value, str) else "no date"
