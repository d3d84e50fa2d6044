"""Dates as people type them in Word (webapp/domain/loose_dates.py, docs/word-import.md#dates)."""

from datetime import date

import pytest

from webapp.domain.loose_dates import find_date, full_year, read_date


@pytest.mark.parametrize(
    "written, expected",
    [
        ("30/09/2026", date(2026, 9, 30)),
        ("30/9/2026", date(2026, 9, 30)),
        ("30-09-2026", date(2026, 9, 30)),
        ("30.09.26", date(2026, 9, 30)),
        ("1/4/99", date(1999, 4, 1)),
        ("2026-09-30", date(2026, 9, 30)),
        ("30 Sept 2026", date(2026, 9, 30)),
        ("30 Sep 26", date(2026, 9, 30)),
        ("30-Sep-2026", date(2026, 9, 30)),
        ("30th September 2026", date(2026, 9, 30)),
        ("30th of September, 2026", date(2026, 9, 30)),
        ("Wednesday 30 September 2026", date(2026, 9, 30)),
        ("Wed, 30 Sep 2026", date(2026, 9, 30)),
        ("September 30, 2026", date(2026, 9, 30)),
        ("  30 SEPT 2026. ", date(2026, 9, 30)),
        # a month alone is its last day
        ("September 2026", date(2026, 9, 30)),
        ("Sept. 2026", date(2026, 9, 30)),
        ("end of Feb 2028", date(2028, 2, 29)),
        ("February 2027", date(2027, 2, 28)),
    ],
)
def test_a_date_written_every_way(written, expected):
    assert read_date(written) == expected


@pytest.mark.parametrize(
    "written",
    ["", None, "TBC", "Q3 2026", "09/30/2026", "31/02/2026", "13/13/2026", "93.4", "30/09/20261", "Autumn 2026"],
)
def test_what_is_not_one_date(written):
    assert read_date(written) is None


IMPOSSIBLE = [
    "31 February 2026",
    "30 February 2026",
    "29 Feb 2027",
    "31 April 2026",
    "32 June 2026",
    "0 June 2026",
    "31st of February, 2026",
    "Tuesday 31 Feb 2026",
    "February 31, 2026",
    "31 Feb 26",
    "31/02/2026",
    "31.02.26",
    "2026-02-31",
]


@pytest.mark.parametrize("written", IMPOSSIBLE)
def test_a_day_that_does_not_exist_is_no_date_in_any_form(written):
    """Never the month's last day: "31 February 2026" is not "February 2026" with a number before it."""
    assert read_date(written) is None
    assert find_date(written) is None
    assert find_date(f"As at {written}.") is None


def test_a_date_after_a_day_that_does_not_exist_is_still_found():
    assert find_date("31 February 2026, then 3 March 2026") == (date(2026, 3, 3), 23, 35)
    assert find_date("29 Feb 2028")[0] == date(2028, 2, 29)  # a leap year's


def test_two_digit_years_follow_posix():
    assert (full_year(0, 2), full_year(68, 2), full_year(69, 2), full_year(99, 2)) == (2000, 2068, 1969, 1999)
    assert full_year(2026, 4) == 2026


def test_the_first_date_in_a_line_and_where_it_is():
    line = "Chief Executive, 14 October 2026 – CMT, 15 October 2026"
    assert find_date(line) == (date(2026, 10, 14), 17, 32)
    assert find_date("CMT approved S1 on 14/10/26 at the meeting")[0] == date(2026, 10, 14)
    assert find_date("Scored 93.4% in month 3") is None
