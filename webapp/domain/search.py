"""Search, the pure parts (docs/search.md): what a person types turned into terms that are only ever words to
find, never an operator of either database's full-text syntax, and a snippet's marked words split out so that
a page can escape the text and mark the matches itself.

SQLite's FTS5 reads a query as a language (AND, OR, NOT, NEAR, column filters, prefixes, parentheses); each
term here is quoted for it, a quote inside doubled, so the query means only "all of these words". PostgreSQL is
given the same terms through plainto_tsquery, which reads no syntax at all.
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MAX_QUERY_LENGTH = 200  # characters a person may type; a longer search is refused with a message
MAX_TERMS = 12  # words searched for; any more are dropped (a search for a paragraph is still quick)

# The markers the database puts round a matched word in a snippet: control characters that cleaned text never
# holds (webapp/domain/text.py removes C0 controls), so they can only be the database's.
START = "\x02"
END = "\x03"

# PostgreSQL's 'english' configuration ignores these words; SQLite's tokenizer keeps every word, so they are
# dropped here too, and "the missed bins" finds the same on both. Snowball's English stop words.
_STOP_WORDS = """
a about above after again against all am an and any are as at be because been before being below between both
but by can did do does doing don down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such t than that the their
theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with you your yours yourself yourselves s
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"\w", re.UNICODE)


class Kind(StrEnum):
    """What a search result is. The value is kept in the search index."""

    INDICATOR = "indicator"
    PLAN = "plan"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        return {"indicator": "PI", "plan": "Plan", "meeting": "Meeting"}[self.value]

    @property
    def code(self) -> int:
        """The kind's number in a SQLite search row's id (`row_key`)."""
        return {"indicator": 1, "plan": 2, "meeting": 3}[self.value]


def row_key(kind: Kind, ref: int) -> int:
    """One number for a PI, plan or meeting in SQLite's search index, whose rows have an id and no other key:
    a row is replaced by its id in one statement."""
    return ref * 4 + kind.code


def terms(text: str | None) -> list[str]:
    """The words searched for in `text`: split at spaces, each kept as typed but for operator characters at its
    ends (a `*` prefix mark, quotes, brackets), dropping any that has no letter or digit, stop words (unless
    every word is one) and repeats, and keeping the first MAX_TERMS."""
    if not text:
        return []
    words: list[str] = []
    for raw in unicodedata.normalize("NFC", text).split():
        word = raw.strip("\"'*^()+-:{}[],.;!?")
        if _WORD.search(word) and word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    meaningful = [word for word in words if word.casefold() not in STOP_WORDS]
    return (meaningful or words)[:MAX_TERMS]


def fts5_query(words: list[str]) -> str:
    """An FTS5 MATCH expression finding rows with every one of `words`: each a quoted string, its own quotes
    doubled, so that nothing typed is read as FTS5 syntax (AND, NEAR, *, column:, ^)."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def plain_query(words: list[str]) -> str:
    """The words for PostgreSQL's plainto_tsquery, which reads no operators: every word must match."""
    return " ".join(words)


@dataclass(frozen=True)
class Segment:
    """A piece of a snippet: plain text, or a word that matched."""

    text: str
    match: bool


def segments(snippet: str | None) -> list[Segment]:
    """A snippet from the database split at its START and END markers into plain and matched pieces, the
    markers gone; a page escapes each piece and marks the matched ones."""
    if not snippet:
        return []
    pieces: list[Segment] = []
    for index, part in enumerate(re.split(f"[{START}{END}]", snippet)):
        if part:
            pieces.append(Segment(part, match=index % 2 == 1))
    return pieces


def has_match(pieces: list[Segment]) -> bool:
    return any(piece.match for piece in pieces)
