"""Three-way merge of a form against what is saved now (docs/plans.md#changes-and-history, docs/concurrency.md).

A form carries the values it was drawn from. When it comes back, each field is one of:
- unchanged by the user: whatever is saved now stands, even if someone else changed it meanwhile;
- changed by the user only: the user's value is written;
- changed by both, to different values: a clash, shown to the user with the other person's value.

Values are compared in a canonical form (plain strings, numbers and lists) so that a date typed in
boxes, an enum chosen by radio and a number read back from the database compare equal when they
are the same thing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeAlias

# A value as JSON carries it (a form's hidden field carries them): text, a number, true or false, or a
# list or object of them.
Canonical: TypeAlias = str | bool | int | list["Canonical"] | dict[str, "Canonical"]


def canonical(value: object) -> Canonical:
    """A value as JSON can carry it, equal for equal things: '' for nothing, ISO dates, enum values,
    numbers as normalised decimal strings, rows as their ids, lists in order."""
    if value is None or value == "":
        return ""
    if isinstance(value, Enum):
        chosen: Canonical = value.value  # a Word's value is its text
        return chosen
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        try:
            number = Decimal(str(value)).normalize()
        except InvalidOperation:
            return str(value)
        return "0" if number.is_zero() else format(number, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [canonical(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if hasattr(value, "id") and not isinstance(value, str):
        row_id: int = value.id
        return row_id
    return value if isinstance(value, str) else str(value)


def canonical_values(values: Mapping[str, object]) -> dict[str, Canonical]:
    return {name: canonical(value) for name, value in values.items()}


@dataclass(frozen=True)
class Base:
    """What a form was drawn from: a version, and the values it showed (None for a form that shows
    none, such as a lifecycle step)."""

    version: int | None
    drawn: dict[str, Any] | None = None


@dataclass(frozen=True)
class Merge:
    """How a form's values stand against the values saved now."""

    mine: frozenset[str]  # fields the user changed
    theirs: frozenset[str]  # fields someone else changed since the form was drawn
    clashes: frozenset[str]  # fields both changed, to different values

    @property
    def stale(self) -> bool:
        """Someone else changed something the form shows: the save must be checked by the user."""
        return bool(self.theirs)


def three_way(drawn: Mapping[str, object], mine: Mapping[str, object], now: Mapping[str, object]) -> Merge:
    """Compare canonical values: `drawn` (when the form was drawn), `mine` (as sent), `now` (saved).

    A field missing from `drawn` is taken as unchanged by nobody: it is not compared.
    """
    names = [name for name in drawn if name in mine and name in now]
    changed_by_me = frozenset(n for n in names if mine[n] != drawn[n])
    changed_by_them = frozenset(n for n in names if now[n] != drawn[n])
    clashes = frozenset(n for n in changed_by_me & changed_by_them if mine[n] != now[n])
    return Merge(changed_by_me, changed_by_them, clashes)
