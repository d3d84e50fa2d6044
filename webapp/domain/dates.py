"""Dates as the council writes them, on pages, in forms' messages, in the history and in the Word documents:
"30 September 2026", "Wednesday 30 September 2026", "30 September 2026 at 14:05", "September 2026", "Sep 26";
and how long something lasts: "30 minutes", "10 hours".

Moments are stored in UTC (webapp/models/base.py `utcnow`) and written on the council's own clock, British
Summer Time in summer (`council_time`): a paper published at 09:30 in July says 09:30, not 08:30.

Spelt out from these names rather than strftime's %B and %A: the plan's page writes a date on every row and
strftime is several times slower, and the words never depend on the server's locale."""

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

COUNCIL_CLOCK = ZoneInfo("Europe/London")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_MONTH_NAMES = tuple(name[:3] for name in MONTH_NAMES)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def council_time(moment: datetime) -> datetime:
    """A moment as stored (naive, in UTC) on the council's clock: GMT in winter, BST in summer."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(COUNCIL_CLOCK)


def uk_date(value: date | str | None) -> str:
    """30 September 2026, from a date or an ISO date ("2026-09-30", as a printed plan holds dates); "" for none.
    A moment (a datetime) reads as its day on the council's clock."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    if isinstance(day, datetime):
        day = council_time(day)
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def uk_date_with_weekday(day: date) -> str:
    """Wednesday 30 September 2026."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {uk_date(day)}"


def uk_date_and_time(moment: datetime, between: str = " at ") -> str:
    """30 September 2026 at 14:05 on the council's clock, from a moment as stored (the history's values read
    "30 September 2026 14:05", `between` " ")."""
    local = council_time(moment)
    return f"{uk_date(local)}{between}{local.hour:02d}:{local.minute:02d}"


def month_and_year(day: date) -> str:
    """September 2026."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def short_month_and_year(day: date) -> str:
    """Sep 26, as a chart's axis is labelled."""
    return f"{SHORT_MONTH_NAMES[day.month - 1]} {day.year % 100:02d}"


def duration_words(length: timedelta) -> str:
    """How long, as the pages say it: in minutes, rounded up and at least one ("1 minute", "14 minutes"),
    or in hours when it is whole hours ("1 hour", "10 hours"): a wait before trying again, a session's limits."""
    minutes = max(1, math.ceil(length.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'' if hours == 1 else 's'}"
    return f"{minutes} minute{'' if minutes == 1 else 's'}"
