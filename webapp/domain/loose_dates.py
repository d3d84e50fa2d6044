"""Dates as people type them into a Word document (docs/word-import.md#dates): "30/09/2026", "30.09.26",
"30 Sept 2026", "30th of September, 2026", "Wednesday 30 September 2026", "September 30, 2026",
"2026-09-30", and a month alone, "September 2026" or "end of Sept 2026".

The rules, in the council's way of writing dates:
- numbers are day first (30/09/2026), never month first: 09/30/2026 is not a date;
- a two-digit year is 2000-2068 from 00-68 and 1969-1999 from 69-99, as POSIX and Python's %y read it;
- a month without a day is the month's last day: a plan's "Target Date: September 2026" means the
  solution is in place by the end of September, and a monthly PI's period end is the month's last day
  (docs/rating.md), so "as at September 2026" is the September figure.

Pure: text in, a `date` or None out. The range every path checks (1900-2100) is left to the write path's
checks (webapp/exports/pip_json_reading.py), which say so in their own words.
"""

import calendar
import re
from datetime import date

from .dates import MONTH_NAMES

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTHS |= {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)"
    r"\b\.?,?\s+)?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_LONG_YEAR = r"(?P<year>\d{4})"
_END = r"(?![\w/.-]*\d)"  # not the start of a longer number or date

# Each form people write, tried in this order; every one ignores case and extra spaces.
_FORMS = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _END),  # 2026-09-30
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})\s*([/.-])\s*(?P<month>\d{1,2})\s*\2\s*" + _YEAR + _END),  # 30/09/26
    re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?[\s-]+" + _MONTH + r",?[\s-]+" + _YEAR + r"\b"),  # 30 Sept 2026
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _LONG_YEAR + r"\b"),  # September 30, 2026
    re.compile(r"(?:(?:the\s+)?end\s+(?:of\s+)?)?" + _MONTH + r",?[\s-]+" + _LONG_YEAR + r"\b"),  # September 2026
)
_WHOLE = [re.compile(r"^\s*" + form.pattern + r"\s*\.?\s*$", re.IGNORECASE) for form in _FORMS]
_ANYWHERE = [re.compile(r"(?<![\w/.-])" + form.pattern, re.IGNORECASE) for form in _FORMS]


def full_year(year: int, digits: int) -> int:
    """A year as written: 2026, or 26 read as 2026 and 99 as 1999 (POSIX's rule for two digits)."""
    if digits > 2:
        return year
    return 2000 + year if year < 69 else 1900 + year


def _date_of(found: re.Match[str]) -> date | None:
    parts = found.groupdict()
    year_text, month_text = parts["year"], parts["month"].lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    year = full_year(int(year_text), len(year_text))
    try:
        if parts.get("day") is None:
            return date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, int(parts["day"]))
    except ValueError:  # 31/02/2026, month 13
        return None


def read_date(text: str | None) -> date | None:
    """The date the whole of `text` is ("30 Sept 2026."), or None when it is not one date."""
    if not text:
        return None
    typed = " ".join(text.split())
    for form in _WHOLE:
        found = form.match(typed)
        if found:
            return _date_of(found)
    return None


def find_date(text: str | None) -> tuple[date, int, int] | None:
    """The first date written anywhere in `text`, with where it starts and ends in `text`: (date, start, end).
    None when there is none.

    A day that does not exist ("31 February 2026", "32 June 2026") is no date, as 31/02/2026 is not: nothing
    inside it is read either, so the month it names is never taken for a month alone (its last day)."""
    if not text:
        return None
    best: tuple[date, int, int] | None = None
    impossible: list[tuple[int, int]] = []  # where days that do not exist are written
    for form in _ANYWHERE:
        for found in form.finditer(text):
            if any(start < found.end() and found.start() < end for start, end in impossible):
                continue
            day = _date_of(found)
            if day is None:
                impossible.append(found.span())
                continue
            if best is None or found.start() < best[1]:
                best = (day, found.start(), found.end())
            break
    return best
