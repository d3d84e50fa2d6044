"""Dates as the council writes them (webapp/domain/dates.py): one formatter for the pages, the forms' messages,
the history and the Word documents. Each form is checked against strftime's, which it replaced."""

from datetime import UTC, date, datetime, timedelta

import pytest

from webapp.domain.dates import (
    council_time,
    duration_words,
    month_and_year,
    short_month_and_year,
    uk_date,
    uk_date_and_time,
    uk_date_with_weekday,
)

DAYS = [date(2026, 10, 3), date(2026, 9, 30), date(2027, 1, 1), date(2024, 2, 29), date(2000, 12, 31)]


@pytest.mark.parametrize(
    "value, words",
    [
        (date(2026, 10, 3), "3 October 2026"),
        (date(2027, 1, 1), "1 January 2027"),
        ("2026-09-30", "30 September 2026"),
        ("2027-01-01", "1 January 2027"),
        (datetime(2026, 10, 3, 14, 5), "3 October 2026"),
        (datetime(2026, 7, 1, 23, 30), "2 July 2026"),  # a moment is stored in UTC: 00:30 on 2 July in London
        (None, ""),
        ("", ""),
    ],
)
def test_uk_date(value, words):
    assert uk_date(value) == words


@pytest.mark.parametrize("day", DAYS)
def test_each_form_reads_as_strftime_wrote_it(day):
    moment = datetime(day.year, day.month, day.day, 9, 7)
    local = council_time(moment)
    assert uk_date(day) == f"{day:%-d %B %Y}"
    assert uk_date_with_weekday(day) == f"{day:%A %-d %B %Y}"
    assert uk_date_and_time(moment) == f"{local:%-d %B %Y at %H:%M}"
    assert uk_date_and_time(moment, between=" ") == f"{local:%-d %B %Y %H:%M}"
    assert month_and_year(day) == f"{day:%B %Y}"
    assert short_month_and_year(day) == f"{day:%b %y}"


def test_the_short_and_weekday_forms():
    assert uk_date_with_weekday(date(2026, 10, 3)) == "Saturday 3 October 2026"
    assert uk_date_and_time(datetime(2026, 12, 3, 14, 5)) == "3 December 2026 at 14:05"
    assert month_and_year(date(2026, 9, 30)) == "September 2026"
    assert short_month_and_year(date(2026, 9, 30)) == "Sep 26"
    assert short_month_and_year(date(2009, 1, 31)) == "Jan 09"


@pytest.mark.parametrize(
    "length, words",
    [
        (timedelta(seconds=0), "1 minute"),  # a wait about to end still says a minute
        (timedelta(seconds=61), "2 minutes"),
        (timedelta(minutes=30), "30 minutes"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=10), "10 hours"),
    ],
)
def test_how_long_in_words(length, words):
    assert duration_words(length) == words


@pytest.mark.parametrize(
    "stored, written",
    [
        (datetime(2026, 7, 1, 8, 30), "1 July 2026 at 09:30"),  # British Summer Time
        (datetime(2026, 7, 1, 23, 30), "2 July 2026 at 00:30"),  # the next day in London
        (datetime(2026, 12, 1, 23, 30), "1 December 2026 at 23:30"),  # Greenwich Mean Time
        (datetime(2026, 3, 29, 0, 59), "29 March 2026 at 00:59"),  # the clocks go forward at 01:00 UTC
        (datetime(2026, 3, 29, 1, 0), "29 March 2026 at 02:00"),
        (datetime(2026, 10, 25, 0, 59), "25 October 2026 at 01:59"),  # and back at 01:00 UTC
        (datetime(2026, 10, 25, 1, 0), "25 October 2026 at 01:00"),
    ],
)
def test_a_stored_moment_is_written_on_the_councils_clock(stored, written):
    assert uk_date_and_time(stored) == written
    assert uk_date_and_time(stored.replace(tzinfo=UTC)) == written
