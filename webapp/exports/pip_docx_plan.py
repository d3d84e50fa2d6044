"""What the Word reader found in a plan (docs/word-import.md), as plain values: the WordPlan that
pip_docx_reading.py fills in as it walks the document, pip_docx_numbering.py completes with references, and
pip_docx_document.py turns into a pip/v1 document. Pure data."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from webapp.domain.pips import Duration, FactorKind

from .pip_docx_comments import CommentText
from .pip_docx_words import Unit

MAX_NOTES = 200  # notes of each kind kept for the preview: a document of noise says so in the first few
EXCERPT = 80
SCORE_KEYS = ("target", "score", "last_year_end_score", "score_12_months_ago")


def excerpt(text: str) -> str:
    """Text quoted in a note: one line, cut short."""
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT else line[:EXCERPT] + "…"


@dataclass
class Notes:
    """What the preview lists: what was read on an assumption worth checking, and what was not read."""

    assumed: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    def assume(self, place: str, text: str) -> None:
        if len(self.assumed) < MAX_NOTES:
            self.assumed.append(f"{place}: {text}")

    def skip(self, place: str, text: str) -> None:
        if len(self.unread) < MAX_NOTES:
            self.unread.append(f"{place}: {text}")


@dataclass
class Value:
    value: Decimal | None = None
    as_at: date | None = None


@dataclass
class ReadFactor:
    ref: str | None
    kind: FactorKind
    duration: Duration
    description: str


@dataclass
class ReadSolution:
    ref: str | None
    description: str
    place: str
    target_date: date | None = None
    factors_text: str = ""
    factors: list[str] = field(default_factory=list)
    labelled: dict[str, str] = field(default_factory=dict)


@dataclass
class ReadComment:
    role: str
    comment: CommentText
    place: str


@dataclass
class ReadProgress:
    day: date
    comment: str
    score: Decimal | None
    final: bool


@dataclass
class WordPlan:
    """What a Word document says of a plan, before the register is asked about its PI and bodies."""

    author: str = ""
    day: date | None = None
    service: str = ""
    status: str = ""
    closing: dict[str, str] = field(default_factory=dict)  # when and why the plan the document prints ended
    indicator: dict[str, str] = field(default_factory=dict)  # code, name, description
    details: dict[str, Value] = field(default_factory=lambda: {key: Value() for key in SCORE_KEYS})
    comments: str = ""
    factors: list[ReadFactor] = field(default_factory=list)
    solutions: list[ReadSolution] = field(default_factory=list)
    management_comments: list[ReadComment] = field(default_factory=list)
    progress: list[ReadProgress] = field(default_factory=list)
    units: Counter[Unit] = field(default_factory=Counter)  # the units values are written in
    places: int | None = None  # the most decimal places a value is written with
    notes: Notes = field(default_factory=Notes)
    errors: list[str] = field(default_factory=list)
    found: set[str] = field(default_factory=set)  # the labels and sections seen

    def written(self, unit: Unit | None, places: int | None) -> None:
        """Notes how a value was written: its unit and decimal places, for a PI the import creates."""
        if unit is not None:
            self.units[unit] += 1
        if places is not None:
            self.places = max(self.places or 0, places)
