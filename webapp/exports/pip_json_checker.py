"""Checking a pip/v1 document's values one at a time (docs/pip-v1.md), each error kept with its path:
the reader (pip_json_reading.py) walks the document section by section and asks a Checker for each
value, which comes back clean (dates as `date`, numbers as exact Decimals in the range of the PI's unit,
text cleaned as the forms clean it), or as None with the error noted."""

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from webapp.domain import limits
from webapp.domain.limits import DATE_RANGE_TEXT, LONG_TEXT, MAX_NUMBER_DIGITS, date_in_range
from webapp.domain.rating import to_decimal
from webapp.domain.text import clean_text
from webapp.domain.units import AMOUNT_RANGE, MAX_DECIMAL_PLACES, decimal_places, exact_number, range_text, value_range

from .plain import Plain


class Overlong:
    """A number in the file written with more digits than any value a council records (10^400, or 5,000
    digits: Python refuses to read an integer of 4,300 digits). Kept as a marker, so that the error can
    name the number's path."""

    def __init__(self, text: str) -> None:
        self.digits = len(text)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MISSING = object()


def shown(value: object, size: int = 30) -> str:
    """Something from the file quoted in an error: cleaned, and cut short."""
    text = clean_text(str(value), multiline=False)
    return text if len(text) <= size else text[:size] + "…"


class References:
    """The factor or solution references seen so far in the file, for later rows to cite."""

    def __init__(self, what: str) -> None:
        self.what = what  # "factor", "solution": as an error names an unknown one
        self.known: set[str] = set()


class Checker:
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
                self.error(f"{path}.{shown(key)}" if path else shown(key), "unknown field")
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

    def rows(
        self, parent: Plain, key: str, limit: int, what: str, keys: tuple[str, ...]
    ) -> Iterator[tuple[str, Plain]]:
        """Each object in the section `key` with its path ("factors[0]"), after an error for each that is
        not an object; read as it is checked, so the errors keep the order of the file."""
        for i, raw in enumerate(self.list_of(parent, key, key, limit, what)):
            path = f"{key}[{i}]"
            row = self.obj(raw, path, keys)
            if row is not None:
                yield path, row

    def text(
        self, parent: Plain, key: str, path: str, limit: int = LONG_TEXT, required: bool = False, multiline: bool = True
    ) -> str:
        """The text cleaned exactly as a form cleans it (docs/plans.md#validation-limits), then checked as the form
        checks it."""
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

    def choice(self, parent: Plain, key: str, path: str, choices: tuple[str, ...], required: bool = True) -> str | None:
        value = parent.get(key, _MISSING)
        if not required and (value is _MISSING or value is None):
            return None
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

    def number(
        self, parent: Plain, key: str, path: str, unit: str | None = None, amount: bool = False
    ) -> Decimal | None:
        """A finite number within the range of the PI's `unit` (or, for an `amount` of money, from 0 to what
        the column holds), with at most MAX_DECIMAL_PLACES places (pence for an amount): a Decimal with
        every digit the file wrote, none lost to a float (README, "Exact numbers")."""
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, Overlong):
            self.error(path, f"a number of {value.digits:,} digits: at most {MAX_NUMBER_DIGITS} are allowed")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or not to_decimal(value).is_finite():
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

    def whole(self, parent: Plain, key: str, path: str, lowest: int, highest: int) -> int | None:
        """An optional whole number from `lowest` to `highest` (such as a PI's decimal places): None when
        absent or null. 2.0 is 2, as JSON Schema's integer takes it."""
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            return None
        whole = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
        if not whole or not lowest <= value <= highest or to_decimal(value) % 1:  # the range first: 1e400 % 1 fails
            self.error(path, f"must be a whole number from {lowest} to {highest}")
            return None
        return int(value)

    def boolean(self, parent: Plain, key: str, path: str) -> bool:
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self.error(path, "must be true or false")
            return False
        return value

    def refs(self, parent: Plain, key: str, path: str, known: References, limit: int) -> list[str]:
        out: list[str] = []
        for i, ref in enumerate(self.list_of(parent, key, path, limit, "references")):
            if not isinstance(ref, str):
                self.error(f"{path}[{i}]", "must be a reference")
            elif ref not in known.known:
                self.error(f"{path}[{i}]", f"unknown {known.what} {shown(ref)}")
            elif ref in out:
                self.error(f"{path}[{i}]", f"{ref} listed twice")
            else:
                out.append(ref)
        return out

    def ref(self, raw: Plain, path: str, prefix: str, known: References) -> str | None:
        """A factor's or solution's reference, kept as it is in the file (docs/pip-v1.md), if well formed and new."""
        ref = raw.get("ref")
        written = ref if isinstance(ref, str) else ""
        number = written[len(prefix) :] if written.startswith(prefix) else ""
        if not (number.isascii() and number.isdigit()) or number.startswith("0"):
            self.error(f"{path}.ref", f"must be {prefix} followed by a number")
        elif len(number) > limits.MAX_REF_DIGITS:
            self.error(
                f"{path}.ref", f"must be {prefix} followed by a number of at most {limits.MAX_REF_DIGITS} digits"
            )
        elif written in known.known:
            self.error(f"{path}.ref", f"{written} used twice")
        else:
            known.known.add(written)
        return ref if isinstance(ref, str) else None
