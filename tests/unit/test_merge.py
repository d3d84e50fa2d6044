"""The three-way merge behind every refused save (docs/concurrency.md)."""

from datetime import date
from decimal import Decimal

import pytest

from webapp.domain.merge import canonical, canonical_values, three_way
from webapp.domain.pips import Duration


@pytest.mark.parametrize(
    "a, b",
    [
        (None, ""),
        (91.2, Decimal("91.20")),
        (18000, Decimal("18000.00")),
        (0.0, Decimal("-0")),
        (date(2026, 3, 31), date(2026, 3, 31)),
        (Duration.LONG_TERM, "long_term"),
        ([3, 1], [3, 1]),
        ({1: True}, {"1": True}),
    ],
)
def test_the_same_thing_compares_equal_however_it_arrived(a, b):
    assert canonical(a) == canonical(b)


@pytest.mark.parametrize("a, b", [(91.2, 91.3), (True, 1), ([1, 3], [3, 1]), ("a", "A"), (0, "")])
def test_different_things_stay_different(a, b):
    assert canonical(a) != canonical(b)


def test_a_very_large_or_odd_number_does_not_break_the_comparison():
    assert canonical(1e308) != canonical(1e307)
    assert canonical(float("inf")) == "Infinity"


def merge(drawn, mine, now):
    return three_way(canonical_values(drawn), canonical_values(mine), canonical_values(now))


def test_nobody_changed_anything():
    result = merge({"a": 1, "b": "x"}, {"a": 1, "b": "x"}, {"a": 1, "b": "x"})
    assert not result.stale and not result.mine and not result.clashes


def test_only_i_changed_a_field():
    result = merge({"a": 1, "b": "x"}, {"a": 2, "b": "x"}, {"a": 1, "b": "x"})
    assert result.mine == {"a"} and not result.stale


def test_someone_else_changed_a_field_i_left():
    result = merge({"a": 1, "b": "x"}, {"a": 2, "b": "x"}, {"a": 1, "b": "y"})
    assert result.stale and result.theirs == {"b"} and result.mine == {"a"} and not result.clashes


def test_both_changed_one_field_differently_is_a_clash():
    result = merge({"b": "x"}, {"b": "mine"}, {"b": "theirs"})
    assert result.clashes == {"b"}


def test_both_changed_one_field_the_same_way_is_no_clash():
    result = merge({"b": "x"}, {"b": "same"}, {"b": "same"})
    assert result.stale and not result.clashes


def test_a_field_the_form_never_showed_is_not_compared():
    result = merge({"a": 1}, {"a": 1, "z": 5}, {"a": 1, "z": 6})
    assert not result.stale
