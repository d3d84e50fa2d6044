"""Search's pure parts (webapp/domain/search.py, docs/search.md): what is typed becomes words, never syntax."""

import pytest

from webapp.domain.search import (
    END,
    MAX_TERMS,
    START,
    Kind,
    Segment,
    fts5_query,
    has_match,
    plain_query,
    row_key,
    segments,
    terms,
)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", []),
        (None, []),
        ("  snow   ice ", ["snow", "ice"]),
        ("Snow snow SNOW", ["Snow"]),
        ("the missed bins", ["missed", "bins"]),
        ("the", ["the"]),  # only stop words: kept, so the search is not empty
        ('"snow ice"', ["snow", "ice"]),
        ("sno* ^title (a OR b)", ["sno", "title", "b"]),
        ("WAS-07", ["WAS-07"]),
        ("*** ??? -- ", []),
        ("café 東京", ["café", "東京"]),
        ("cafe\u0301", ["café"]),  # the same word however it was composed
        ("NEAR(snow ice, 2)", ["NEAR(snow", "ice", "2"]),
    ],
)
def test_terms(typed, words):
    assert terms(typed) == words


def test_terms_keep_the_first_few():
    assert terms(" ".join(f"w{n}" for n in range(40))) == [f"w{n}" for n in range(MAX_TERMS)]


@pytest.mark.parametrize(
    ("words", "query"),
    [
        (["snow"], '"snow"'),
        (["snow", "ice"], '"snow" "ice"'),
        (['say"hi'], '"say""hi"'),
        (["NEAR(snow", "AND", "title:x"], '"NEAR(snow" "AND" "title:x"'),
    ],
)
def test_fts5_query_quotes_every_word(words, query):
    assert fts5_query(words) == query


def test_plain_query():
    assert plain_query(["snow", "ice"]) == "snow ice"


def test_segments_split_at_the_markers():
    assert segments(f"Heavy {START}snow{END} and {START}ice{END}") == [
        Segment("Heavy ", False),
        Segment("snow", True),
        Segment(" and ", False),
        Segment("ice", True),
    ]
    assert segments("") == [] and segments(None) == []
    assert has_match(segments(f"{START}x{END}")) and not has_match(segments("x"))


def test_row_keys_never_collide():
    keys = {row_key(kind, ref) for kind in Kind for ref in range(1, 500)}
    assert len(keys) == 3 * 499
    assert [kind.label for kind in Kind] == ["PI", "Plan", "Meeting"]
