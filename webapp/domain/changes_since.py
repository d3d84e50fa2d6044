"""What changed in a plan since it was last presented to committee
(docs/meetings-and-papers.md#changes-since-last-presented): a comparison of two printed plans, the one
stored when the papers were published and the plan as it stands now, in words a Member reads on the plan page
and in the next papers.

A printed plan is plain data (webapp/pips/printed.py): its "plan" is the pip/v1 document (docs/pip-v1.md) and
its "indicator" holds the PI's decimal places. Only those two parts are read, so a plan as it stands now need not
carry its chart's scores. Rows are matched by their reference (factors, solutions), by who, when and where
(comments), and by date (progress updates)."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .dates import uk_date
from .pips import SECTION_TITLES, CommentRole, Duration, PipStatus, SolutionStatus
from .units import format_value

Plain = Mapping[str, Any]
Kind = Literal["added", "changed", "removed"]

STATUS = "Plan status"
SCORE_LABELS = {
    "target": "Target",
    "score": "Score",
    "last_year_end_score": "Last Year End Score",
    "score_12_months_ago": "Score 12 Months Ago",
}
SOLUTION_FIELDS = {
    "description": "description",
    "target_date": "target date",
    "factors": "factors addressed",
    "resourcing": "resourcing",
    "funding_amount": "funding amount",
    "funding_note": "funding note",
    "time_lag": "time lag",
    "option_group": "option group",
    "strengths": "strengths",
    "weaknesses": "weaknesses",
}
SHORT = 120  # characters of a row's text quoted in a line


@dataclass(frozen=True)
class Change:
    section: str  # "Plan status", or a section's title ("Section 4 Proposed Solutions")
    kind: Kind
    text: str


def changes_since(before: Plain, after: Plain) -> list[Change]:
    """Everything added, changed and removed from `before` (as presented) to `after` (now), section by section."""
    was, now = before["plan"], after["plan"]
    value = _value_writer(after)
    changes: list[Change] = []
    if was.get("status") != now.get("status"):
        changes.append(
            Change(
                STATUS, "changed", f"{_label(PipStatus, was.get('status'))} to {_label(PipStatus, now.get('status'))}"
            )
        )
    changes += _details(was, now, _value_writer(before), value)
    changes += _factors(was.get("factors") or [], now.get("factors") or [])
    changes += _solutions(was.get("solutions") or [], now.get("solutions") or [])
    changes += _comments(was.get("management_comments") or [], now.get("management_comments") or [])
    changes += _progress(was.get("progress") or [], now.get("progress") or [], value)
    return changes


def by_section(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    """The changes grouped by section, in the plan's order."""
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.section, []).append(change)
    return list(grouped.items())


def _label(word: Any, value: object) -> str:
    try:
        return str(word(value).label)
    except ValueError:
        return str(value or "not set")


def _short(text: object) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= SHORT else words[: SHORT - 1].rstrip() + "…"


def _value_writer(printed: Plain) -> Callable[[object], str]:
    unit = printed["plan"]["indicator"].get("unit") or "number"
    places = (printed.get("indicator") or {}).get("decimal_places") or 0

    def write(value: object) -> str:
        if value is None or value == "":
            return "not recorded"
        return format_value(Decimal(str(value)), unit, places)

    return write


def _details(
    was: Plain, now: Plain, old_value: Callable[[object], str], value: Callable[[object], str]
) -> list[Change]:
    section = SECTION_TITLES[1]
    changes = []
    for key, label in SCORE_LABELS.items():
        before, after = was["details"].get(key) or {}, now["details"].get(key) or {}
        if _number(before.get("value")) != _number(after.get("value")) or before.get("as_at") != after.get("as_at"):
            changes.append(Change(section, "changed", f"{label}: {_pair(before, old_value)} to {_pair(after, value)}"))
    for key, label in (("name", "PI Name"), ("description", "PI Description")):
        if (was["indicator"].get(key) or "") != (now["indicator"].get(key) or ""):
            changes.append(Change(section, "changed", f"{label} changed: {_short(now['indicator'].get(key))}"))
    if (was["details"].get("comments") or "") != (now["details"].get("comments") or ""):
        changes.append(Change(section, "changed", f"Comments changed: {_short(now['details'].get('comments'))}"))
    return changes


def _number(value: object) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _pair(pair: Plain, value: Callable[[object], str]) -> str:
    as_at = uk_date(pair.get("as_at"))
    return f"{value(pair.get('value'))}{f' as at {as_at}' if as_at else ''}"


def _by_ref(rows: Sequence[Plain]) -> dict[str, Plain]:
    return {row["ref"]: row for row in rows}


def _factors(was: Sequence[Plain], now: Sequence[Plain]) -> list[Change]:
    changes = []
    old, new = _by_ref(was), _by_ref(now)
    for row in now:
        section = SECTION_TITLES[2 if row.get("kind") == "external" else 3]
        before = old.get(row["ref"])
        if before is None:
            changes.append(Change(section, "added", f"{row['ref']} added: {_short(row.get('description'))}"))
        elif (before.get("description") or "") != (row.get("description") or ""):
            changes.append(Change(section, "changed", f"{row['ref']} changed: {_short(row.get('description'))}"))
        elif before.get("duration") != row.get("duration"):
            changes.append(Change(section, "changed", f"{row['ref']} is now {_label(Duration, row.get('duration'))}"))
    for row in was:
        if row["ref"] not in new:
            section = SECTION_TITLES[2 if row.get("kind") == "external" else 3]
            changes.append(Change(section, "removed", f"{row['ref']} removed: {_short(row.get('description'))}"))
    return changes


def _solutions(was: Sequence[Plain], now: Sequence[Plain]) -> list[Change]:
    section = SECTION_TITLES[4]
    changes = []
    old, new = _by_ref(was), _by_ref(now)
    for row in now:
        ref, before = row["ref"], old.get(row["ref"])
        if before is None:
            status = _label(SolutionStatus, row.get("status"))
            changes.append(Change(section, "added", f"{ref} added ({status}): {_short(row.get('description'))}"))
            continue
        if before.get("status") != row.get("status"):
            said = f"{_label(SolutionStatus, before.get('status'))} to {_label(SolutionStatus, row.get('status'))}"
            changes.append(Change(section, "changed", f"{ref} status: {said}"))
        fields = [
            words for key, words in SOLUTION_FIELDS.items() if _comparable(before.get(key)) != _comparable(row.get(key))
        ]
        if fields:
            changes.append(Change(section, "changed", f"{ref} changed: {', '.join(fields)}"))
    for row in was:
        if row["ref"] not in new:
            changes.append(Change(section, "removed", f"{row['ref']} removed: {_short(row.get('description'))}"))
    return changes


def _comparable(value: object) -> object:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, list):
        return sorted(str(item) for item in value)
    return value or None


def _comment_key(comment: Plain) -> tuple[object, ...]:
    meeting = comment.get("meeting") or {}
    return (comment.get("role"), comment.get("author"), comment.get("date"), meeting.get("body"), meeting.get("date"))


def _comment_name(comment: Plain) -> str:
    who = f" by {comment['author']}" if comment.get("author") else ""
    return f"{_label(CommentRole, comment.get('role'))} comment of {uk_date(comment.get('date'))}{who}"


def _comments(was: Sequence[Plain], now: Sequence[Plain]) -> list[Change]:
    section = SECTION_TITLES[5]
    changes: list[Change] = []
    for kind, before, after in _paired(was, now, _comment_key):
        if kind == "added" and after is not None:
            changes.append(Change(section, "added", f"{_comment_name(after)} added: {_short(after.get('text'))}"))
        elif kind == "removed" and before is not None:
            changes.append(Change(section, "removed", f"{_comment_name(before)} removed"))
        elif before is not None and after is not None and _comment_differs(before, after):
            changes.append(Change(section, "changed", f"{_comment_name(after)} changed: {_short(after.get('text'))}"))
    return changes


def _comment_differs(before: Plain, after: Plain) -> bool:
    keys = ("text", "approves", "declines")
    return any(_comparable(before.get(key)) != _comparable(after.get(key)) for key in keys) or (
        (before.get("meeting") or {}).get("reference") != (after.get("meeting") or {}).get("reference")
    )


def _progress(was: Sequence[Plain], now: Sequence[Plain], value: Callable[[object], str]) -> list[Change]:
    section = SECTION_TITLES[6]
    changes: list[Change] = []
    for kind, before, after in _paired(was, now, lambda entry: entry.get("date")):
        row = after if after is not None else before
        if row is None:
            continue
        final = " (final entry: the plan is complete)" if row.get("final") else ""
        score = f", PI score {value(row.get('score'))}" if row.get("score") is not None else ""
        day = uk_date(row.get("date"))
        if kind == "added":
            changes.append(Change(section, "added", f"Update of {day}{final}{score}: {_short(row.get('comment'))}"))
        elif kind == "removed":
            changes.append(Change(section, "removed", f"Update of {day} removed"))
        elif before is not None and after is not None and _progress_differs(before, after):
            changes.append(Change(section, "changed", f"Update of {day} changed{score}: {_short(row.get('comment'))}"))
    return changes


def _progress_differs(before: Plain, after: Plain) -> bool:
    return any(_comparable(before.get(key)) != _comparable(after.get(key)) for key in ("comment", "score", "final"))


def _paired(
    was: Sequence[Plain], now: Sequence[Plain], key: Callable[[Plain], object]
) -> list[tuple[Kind, Plain | None, Plain | None]]:
    """Rows matched by `key`, in order where several share one: ("changed", before, after) for a pair, whether
    or not it differs, ("added", None, row) and ("removed", row, None) for the rest; in the order of `now`,
    then the removed."""
    waiting: dict[object, list[Plain]] = {}
    for row in was:
        waiting.setdefault(key(row), []).append(row)
    pairs: list[tuple[Kind, Plain | None, Plain | None]] = []
    for row in now:
        same = waiting.get(key(row))
        pairs.append(("changed", same.pop(0), row) if same else ("added", None, row))
    pairs += [("removed", row, None) for rows in waiting.values() for row in rows]
    return pairs
