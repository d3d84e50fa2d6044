"""The bodies that meet and a year of their meetings either side of today
(docs/meetings-and-papers.md#meetings-and-committee-papers).

Every schedule is fixed to the calendar (the 2nd Tuesday of odd months, every other Tuesday from a
fixed date, ...), so the same meetings come out whatever day the demo data is loaded on.
"""

from datetime import date, timedelta

from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency, financial_year, latest_period_end
from webapp.models import Body, Meeting

HISTORY = timedelta(days=365)
AHEAD = timedelta(days=120)
MON, TUE, WED, THU = 0, 1, 2, 3
CHAMBER = "Council Chamber, Civic Centre"
_CMT_EPOCH = date(2024, 1, 2)  # a Tuesday: CMT meets every other Tuesday from here


def nth_weekday(year, month, weekday, n):
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    assert day.month == month, "no such weekday"
    return day


def _monthly(weekday, n, months):
    def dates(start, end):
        for year in range(start.year, end.year + 1):
            for month in months:
                day = nth_weekday(year, month, weekday, n)
                if start <= day <= end:
                    yield day

    return dates


def _cmt_dates(start, end):
    day = start + timedelta(days=(_CMT_EPOCH - start).days % 14)
    while day <= end:
        if not (day.month == 12 and day.day >= 20 or day.month == 1 and day.day <= 3):
            yield day
        day += timedelta(days=14)


def _cmt_title(day):
    return "CMT meeting: monthly performance review" if day.day <= 14 else "CMT weekly meeting"


def _briefing_title(day):
    if day.month == 2:
        return "Members' briefing: budget and medium-term financial strategy"
    return "Members' briefing: performance and Performance Improvement Plans"


ODD_MONTHS = (1, 3, 5, 7, 9, 11)

# name, kind, minute prefix, location, schedule(start, end), title(day)
BODIES = [
    ("CMT", BodyKind.CMT, "CMT", "Chief Executive's Meeting Room, Civic Centre", _cmt_dates, _cmt_title),
    (
        "OMT",
        BodyKind.OMT,
        "OMT",
        "Committee Room 2, Civic Centre",
        _monthly(WED, 3, (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12)),
        lambda day: "OMT monthly meeting",
    ),
    (
        "Audit and Performance Committee",
        BodyKind.AUDIT_AND_PERFORMANCE,
        "AP",
        CHAMBER,
        _monthly(THU, 2, (3, 6, 9, 12)),
        lambda day: "Audit and Performance Committee",
    ),
    (
        "Development Committee",
        BodyKind.POLICY_COMMITTEE,
        "DEV",
        CHAMBER,
        _monthly(TUE, 2, ODD_MONTHS),
        lambda day: "Development Committee",
    ),
    (
        "Community Committee",
        BodyKind.POLICY_COMMITTEE,
        "COM",
        CHAMBER,
        _monthly(TUE, 3, (2, 4, 6, 10, 12)),
        lambda day: "Community Committee",
    ),
    (
        "Resources Committee",
        BodyKind.POLICY_COMMITTEE,
        "RES",
        CHAMBER,
        _monthly(WED, 4, ODD_MONTHS),
        lambda day: "Resources Committee",
    ),
    (
        "Members' briefing",
        BodyKind.MEMBERS_BRIEFING,
        "MB",
        "Committee Room 1, Civic Centre",
        _monthly(MON, 1, (2, 9)),
        _briefing_title,
    ),
]
_BY_NAME = {body[0]: body for body in BODIES}


def meeting_plan(today, extra=()):
    """[(body name, date, title, location)] for the year before `today` and the months after it,
    plus the scheduled meetings in `extra` [(body name, date)] wherever they fall."""
    start, end = today - HISTORY, today + AHEAD
    planned = {}
    for name, _kind, _prefix, location, schedule, title in BODIES:
        for day in schedule(start, end):
            planned[name, day] = (name, day, title(day), location)
    for name, day in extra:
        _, _kind, _prefix, location, _schedule, title = _BY_NAME[name]
        planned.setdefault((name, day), (name, day, title(day), location))
    return sorted(planned.values(), key=lambda row: (row[1], row[0]))


def minute_reference(body_name, day, item):
    """A minute number as Democratic Services writes it: DEV/2026/17."""
    return f"{_BY_NAME[body_name][2]}/{day.year}/{item}"


def target_change_meeting(today):
    """The Development Committee meeting that amended a target: September's, in the financial year of
    the latest monthly score if it has already met, or else the year before."""
    year = financial_year(latest_period_end(Frequency.MONTHLY, today))
    day = nth_weekday(year, 9, TUE, 2)
    if day >= today:
        day = nth_weekday(year - 1, 9, TUE, 2)
    return "Development Committee", day


def write_meetings(today, extra=()):
    """Bodies and their meetings. Returns {(body name, date): meeting id}."""
    bodies = {name: Body.create(name=name, kind=kind).id for name, kind, *_ in BODIES}
    rows = [
        {"body": bodies[name], "date": day, "title": title, "location": location}
        for name, day, title, location in meeting_plan(today, extra)
    ]
    Meeting.insert_many(rows).execute()
    query = Meeting.select(Meeting.id, Meeting.date, Body.name).join(Body).tuples()
    return {(body, day): meeting_id for meeting_id, day, body in query}


def conflicts():
    names = [body[0] for body in BODIES]
    return [f"body {b.name}" for b in Body.select(Body.name).where(Body.name.in_(names))]
