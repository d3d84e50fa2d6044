"""When a session ends (webapp/domain/session_time.py): after the idle limit from its last use, or the absolute
limit from signing in, whichever is first; only the idle end can be put off."""

from datetime import datetime, timedelta

from webapp.domain.session_time import session_end

SIGNED_IN = datetime(2026, 11, 30, 9, 0)
IDLE, ABSOLUTE = timedelta(minutes=30), timedelta(hours=10)


def test_a_session_used_recently_ends_its_idle_time_after_that_use():
    end = session_end(SIGNED_IN, SIGNED_IN + timedelta(hours=2), IDLE, ABSOLUTE)
    assert (end.at, end.can_stay) == (SIGNED_IN + timedelta(hours=2, minutes=30), True)
    assert end.seconds_left(SIGNED_IN + timedelta(hours=2, minutes=28)) == 120


def test_near_the_absolute_limit_the_session_ends_then_however_it_is_used():
    end = session_end(SIGNED_IN, SIGNED_IN + timedelta(hours=9, minutes=45), IDLE, ABSOLUTE)
    assert (end.at, end.can_stay) == (SIGNED_IN + ABSOLUTE, False)


def test_an_ended_session_has_no_seconds_left():
    end = session_end(SIGNED_IN, SIGNED_IN, IDLE, ABSOLUTE)
    assert end.seconds_left(SIGNED_IN + timedelta(hours=1)) == 0
