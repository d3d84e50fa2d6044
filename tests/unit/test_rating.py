"""RAG and direction of travel: every rule and edge of docs/rating.md#rag-rating, docs/rating.md#direction-of-travel."""

from decimal import Decimal

import pytest

from webapp.domain.rating import (
    Direction,
    Polarity,
    Rag,
    Tolerance,
    ToleranceKind,
    direction,
    needs_attention,
    rate,
    rounded,
)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
TEN_PERCENT = Tolerance(Decimal("10"), ToleranceKind.RELATIVE)


@pytest.mark.parametrize(
    "score, target, polarity, expected",
    [
        # Higher is better, target 98, band 9.8: amber from 88.2 up to (not including) 98.
        (99, 98, HIGHER, Rag.GREEN),
        (98, 98, HIGHER, Rag.GREEN),  # exactly on target
        (97.9, 98, HIGHER, Rag.AMBER),
        (88.2, 98, HIGHER, Rag.AMBER),  # exactly on the tolerance edge
        (88.1, 98, HIGHER, Rag.RED),
        (0, 98, HIGHER, Rag.RED),
        # Lower is better, target 20 days, band 2: amber above 20 up to and including 22.
        (19, 20, LOWER, Rag.GREEN),
        (20, 20, LOWER, Rag.GREEN),
        (20.1, 20, LOWER, Rag.AMBER),
        (22, 20, LOWER, Rag.AMBER),
        (22.1, 20, LOWER, Rag.RED),
        # Negative targets: the band is relative to |t|.
        (-9, -10, HIGHER, Rag.GREEN),
        (-11, -10, HIGHER, Rag.AMBER),
        (-11.1, -10, HIGHER, Rag.RED),
    ],
)
def test_relative_tolerance(score, target, polarity, expected):
    assert rate(score, target, polarity, TEN_PERCENT, places=1) is expected


@pytest.mark.parametrize(
    "score, polarity, expected",
    [
        (0, HIGHER, Rag.GREEN),
        (0.1, HIGHER, Rag.GREEN),
        (-0.1, HIGHER, Rag.RED),
        (0, LOWER, Rag.GREEN),
        (0.1, LOWER, Rag.RED),
        (-0.1, LOWER, Rag.GREEN),
    ],
)
def test_zero_target_with_relative_tolerance_has_no_amber_band(score, polarity, expected):
    assert rate(score, 0, polarity, TEN_PERCENT, places=1) is expected


@pytest.mark.parametrize(
    "score, target, polarity, expected",
    [
        (5, 5, LOWER, Rag.GREEN),
        (7, 5, LOWER, Rag.AMBER),  # on the absolute edge: 5 + 2
        (7.01, 5, LOWER, Rag.RED),
        (0, 0, LOWER, Rag.GREEN),
        (2, 0, LOWER, Rag.AMBER),  # a zero target still has an absolute band
        (2.01, 0, LOWER, Rag.RED),
        (98, 100, HIGHER, Rag.AMBER),
        (97.99, 100, HIGHER, Rag.RED),
    ],
)
def test_absolute_tolerance(score, target, polarity, expected):
    assert rate(score, target, polarity, Tolerance(Decimal("2"), ToleranceKind.ABSOLUTE), places=2) is expected


@pytest.mark.parametrize(
    "score, target, places, expected",
    [
        (97.96, 98, 1, Rag.GREEN),  # 97.96 rounds to 98.0: on target
        (97.94, 98, 1, Rag.AMBER),
        (97.5, 98, 0, Rag.GREEN),  # half rounds up, not to even
        (88.15, 98, 1, Rag.AMBER),  # rounds to 88.2: on the edge
        (88.14, 98, 1, Rag.RED),
        (0.1 + 0.2, 0.3, 2, Rag.GREEN),  # float noise never flips a rating
    ],
)
def test_values_are_compared_after_rounding_to_the_pis_decimal_places(score, target, places, expected):
    assert rate(score, target, HIGHER, TEN_PERCENT, places) is expected


def test_float_noise_in_the_band_does_not_flip_the_edge():
    # 98 * 0.1 in floats is 9.800000000000001, which would make 88.2 Red.
    assert rate(88.2, 98.0, HIGHER, Tolerance(10.0, ToleranceKind.RELATIVE), places=1) is Rag.AMBER


@pytest.mark.parametrize("score, target", [(None, 98), (91, None), (None, None)])
def test_no_target_or_no_score_is_not_rated(score, target):
    assert rate(score, target, HIGHER, TEN_PERCENT, places=1) is Rag.NOT_RATED


def test_default_tolerance_is_ten_percent_relative():
    assert rate(90, 100, HIGHER) is Rag.AMBER
    assert rate(89, 100, HIGHER) is Rag.RED


def test_rag_labels_are_words():
    assert [r.label for r in Rag] == ["Green", "Amber", "Red", "Not rated"]


@pytest.mark.parametrize(
    "latest, previous, polarity, places, expected",
    [
        (92, 91, HIGHER, 0, Direction.IMPROVING),
        (90, 91, HIGHER, 0, Direction.DETERIORATING),
        (91, 91, HIGHER, 0, Direction.NO_CHANGE),
        (10, 12, LOWER, 0, Direction.IMPROVING),
        (12, 10, LOWER, 0, Direction.DETERIORATING),
        (91.04, 91.01, HIGHER, 1, Direction.NO_CHANGE),  # the same after rounding
        (91.06, 91.01, HIGHER, 1, Direction.IMPROVING),
        (0.1 + 0.2, 0.3, LOWER, 2, Direction.NO_CHANGE),
    ],
)
def test_direction_of_travel(latest, previous, polarity, places, expected):
    assert direction(latest, previous, polarity, places) is expected


@pytest.mark.parametrize("latest, previous", [(91, None), (None, 91), (None, None)])
def test_no_previous_score_has_no_direction(latest, previous):
    assert direction(latest, previous, HIGHER, 0) is None


@pytest.mark.parametrize(
    "rag, trend, expected",
    [
        (Rag.RED, None, True),
        (Rag.RED, Direction.IMPROVING, True),
        (Rag.AMBER, Direction.DETERIORATING, True),
        (Rag.AMBER, Direction.IMPROVING, False),
        (Rag.AMBER, Direction.NO_CHANGE, False),
        (Rag.AMBER, None, False),
        (Rag.GREEN, Direction.DETERIORATING, False),
        (Rag.NOT_RATED, Direction.DETERIORATING, False),
    ],
)
def test_needs_attention_when_red_or_amber_and_deteriorating(rag, trend, expected):
    assert needs_attention(rag, trend) is expected


def test_rounded_uses_the_shortest_float_representation():
    assert rounded(2.675, 2) == Decimal("2.68")  # binary 2.67499999... would round down
