"""The words of the council's PIP template as people fill it in (docs/word-import.md#what-is-recognised): the
section headings, the labels of each row, the column headings of the tables, and the values in the cells.

Labels and headings are compared after `normalised`: lower case, "&" as "and", punctuation and anything in
brackets left out, spaces collapsed; so "Score 12 Months Ago:", "score 12 months ago" and "Score (12 months
ago)" are the same label. Pure: text in, keys and values out.
"""

import re
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum

from webapp.domain.units import exact_number

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORDS = re.compile(r"[^a-z0-9]+")


def normalised(text: str) -> str:
    """ "Score 12 Months Ago:" -> "score 12 months ago"; "A & P" -> "a and p"."""
    lowered = _BRACKETS.sub(" ", text.lower().replace("&", " and ").replace("’", "").replace("'", ""))
    return " ".join(_NOT_WORDS.sub(" ", lowered).split())


def _vocabulary(words: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalised(phrase): key for key, phrases in words.items() for phrase in phrases}


class Section(Enum):
    """Where the reader is: before Section 1 (the title, Author and Date), a section, or the completion notes."""

    FRONT = 0
    DETAILS = 1
    EXTERNAL = 2
    INTERNAL = 3
    SOLUTIONS = 4
    COMMENTS = 5
    PROGRESS = 6
    NOTES = 7

    @property
    def title(self) -> str:
        return {
            0: "Author and date",
            1: "Section 1",
            2: "Section 2",
            3: "Section 3",
            4: "Section 4",
            5: "Section 5",
            6: "Section 6",
            7: "Completion notes",
        }[self.value]


_SECTION_WORDS = {
    Section.DETAILS: ("performance indicator details", "pi details", "indicator details"),
    Section.EXTERNAL: ("external factors", "external factors impacting performance", "external"),
    Section.INTERNAL: ("internal factors", "internal factors impacting performance", "internal"),
    Section.SOLUTIONS: ("proposed solutions", "solutions", "proposed actions", "actions"),
    Section.COMMENTS: ("management comment", "management comments", "management response"),
    Section.PROGRESS: ("progress tracking", "progress", "progress updates", "progress update"),
    Section.NOTES: ("completion notes", "notes on completion", "guidance notes", "instructions for completion"),
    Section.FRONT: ("performance improvement plan", "pip"),
}
_NUMBERED = re.compile(r"^(?:section|part)\s*(\d{1,2})\b\s*(.*)$")
_LEADING_NUMBER = re.compile(r"^(\d{1,2})\s+(.*)$")
MAX_HEADING_WORDS = 8


def section_of(text: str) -> Section | None:
    """The section a heading opens, in whatever style it is written: "Section 2 External Factors Impacting
    Performance", "SECTION 2 – EXTERNAL FACTORS", "2. External factors", "External Factors"; None for
    anything else."""
    words = normalised(text)
    if not words or len(words.split()) > MAX_HEADING_WORDS:
        return None
    numbered = _NUMBERED.match(words)
    if numbered:
        number = int(numbered.group(1))
        return Section(number) if 1 <= number <= 6 else None
    leading = _LEADING_NUMBER.match(words)
    if leading and 1 <= int(leading.group(1)) <= 6:
        words = leading.group(2)
    for section, phrases in _SECTION_WORDS.items():
        for phrase in phrases:
            if words == phrase or (len(phrase.split()) > 1 and words.startswith(phrase + " ")):
                return section
    return None


# ---------------------------------------------------------------- the labels of rows

FRONT_LABELS = _vocabulary(
    {
        "author": ("Author", "Author name", "Prepared by", "Completed by", "Written by", "Lead officer"),
        "date": ("Date", "Date raised", "Date of plan", "Plan date", "Date prepared"),
        "service": ("Service", "Service area", "Service name"),
        "status": ("Status", "Plan status"),
        # how this app's export says a plan ended: an imported plan is a Draft, so these are only noted
        "completed_on": ("Completed on", "Date completed"),
        "withdrawn_on": ("Withdrawn on", "Date withdrawn"),
        "withdrawal_reason": ("Reason for withdrawal",),
    }
)
DETAIL_LABELS = _vocabulary(
    {
        "code": ("PI Code", "Code", "Performance Indicator Code", "Indicator code", "PI ref", "PI reference", "PI No"),
        "name": ("PI Name", "Performance Indicator Name", "Indicator name", "PI title"),
        "description": ("PI Description", "Description", "Performance Indicator Description", "Definition"),
        "target": ("Target", "Current target", "PI target"),
        "score": ("Score", "Current score", "Latest score", "Actual", "Current performance"),
        "last_year_end_score": (
            "Last Year End Score",
            "Last year end",
            "Year end score",
            "Previous year end score",
            "Last year outturn",
            "Last years outturn",
        ),
        "score_12_months_ago": (
            "Score 12 Months Ago",
            "12 months ago",
            "Score twelve months ago",
            "Score a year ago",
            "Same period last year",
        ),
        "comments": ("Comments", "Comment", "Notes", "Rationale"),
    }
)
DURATION_LABELS = _vocabulary(
    {
        "temporary": ("Temporary Factors", "Temporary", "Temporary factor", "Short term factors", "Short term"),
        "long_term": ("Long Term Factors", "Long term", "Long term factor", "Longer term factors", "Permanent factors"),
    }
)
ROLE_LABELS = _vocabulary(
    {
        "head_of_service": ("Head of Service", "Head of Service comment", "Head of Service comments", "HoS", "HOS"),
        "cmt": ("CMT", "Corporate Management Team", "CMT comment", "CMT comments", "Corporate Management"),
        "omt": ("OMT", "Operational Management Team", "OMT comment", "OMT comments"),
        "members": ("Members", "Member", "Members comment", "Members comments", "Elected Members", "Councillors"),
    }
)
AS_AT = "as at"


def label_of(text: str, vocabulary: Mapping[str, str]) -> str | None:
    """The key of a row's label ("Score 12 Months Ago:" -> "score_12_months_ago"), or None."""
    return vocabulary.get(normalised(text)) if len(text) <= 60 else None


# ---------------------------------------------------------------- the column headings of tables


class Table(Enum):
    SOLUTIONS = "solutions"
    PROGRESS = "progress"
    COMMENTS = "comments"


_COLUMNS = {  # Section 5's first: its heading row has a Date and a Comment too, as Section 6's has
    Table.COMMENTS: _vocabulary(
        {
            "role": ("Role", "From", "Who", "Body", "Comment from"),
            "author": ("Author", "By", "Name", "Made by"),
            "date": ("Date", "Date of comment"),
            "text": ("Comment", "Comments", "Text", "Management comment"),
            "meeting": ("Meeting", "Meeting reference", "Minute", "Minute reference", "Meeting and minute"),
        }
    ),
    Table.SOLUTIONS: _vocabulary(
        {
            "description": ("Solutions", "Solution", "Proposed solutions", "Proposed solution", "Action", "Actions"),
            "target_date": ("Target Date", "Target", "Completion date", "Due date", "By when", "Deadline", "Date"),
            "factors": ("Factors Addressed", "Factors", "Factor", "Factor addressed", "Addresses", "Factors addressed"),
        }
    ),
    Table.PROGRESS: _vocabulary(
        {
            "date": ("Date", "Update date", "Date of update", "Month"),
            "comment": ("Comment", "Comments", "Progress", "Update", "Progress comment", "Progress update"),
            "score": ("PI Score", "Score", "Current score", "Latest score", "Performance", "PI score at date"),
        }
    ),
}
# The columns each table must have for its heading row to be taken as one.
_REQUIRED = {
    Table.COMMENTS: ({"text", "role"}, {"text", "author"}),
    Table.SOLUTIONS: ({"description", "target_date"}, {"description", "factors"}),
    Table.PROGRESS: ({"date", "comment"},),
}


def table_of(headings: list[str]) -> tuple[Table, list[str | None]] | None:
    """The table a heading row opens and each column's key (None for a column it does not know), or None
    when the row is not one of the template's heading rows."""
    for table, vocabulary in _COLUMNS.items():
        keys = [vocabulary.get(normalised(text)) if len(text) <= 60 else None for text in headings]
        named = {key for key in keys if key}
        if any(required <= named for required in _REQUIRED[table]):
            return table, keys
    return None


# ---------------------------------------------------------------- values


class Unit(Enum):
    """The unit a value is written in, as a hint for a PI the import creates."""

    PERCENT = "percent"
    CURRENCY = "currency"
    DAYS = "days"


_NOTHING = {
    "",
    "n a",
    "na",
    "none",
    "nil",
    "not recorded",
    "not known",
    "not available",
    "not applicable",
    "tbc",
    "tba",
    "unknown",
    "none recorded",
    "no data",
    "not set",
}
_VALUE = re.compile(
    r"^\s*(?P<minus>[-−–])?\s*(?P<pounds>£)?\s*(?P<minus2>[-−–])?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>%|per\s*cent\b|percent\b|days?\b)?(?![A-Za-z0-9]|[.,]\d)\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
MAX_DIGITS = 40


def is_nothing(text: str) -> bool:
    """Whether a cell says there is nothing: blank, "N/A", "None recorded.", "-", "TBC"."""
    return normalised(text) in _NOTHING


def read_value(text: str) -> tuple[Decimal | None, Unit | None, str]:
    """(the number, the unit it is written in, what follows it) of a value as the template's cells hold them:
    "91.2%", "£18,000", "12.5 days", "-3", "98 (2026/27)". (None, None, text) when no number starts it."""
    found = _VALUE.match(text)
    if not found or len(found.group("number")) > MAX_DIGITS:
        return None, None, text.strip()
    number = Decimal(found.group("number").replace(",", ""))
    if found.group("minus") or found.group("minus2"):
        number = -number
    unit = found.group("unit") or ""
    hint = (
        Unit.CURRENCY
        if found.group("pounds")
        else Unit.PERCENT
        if unit.startswith(("%", "per"))
        else Unit.DAYS
        if unit.lower().startswith("day")
        else None
    )
    return exact_number(number), hint, found.group("rest").strip()


def written_places(text: str) -> int | None:
    """The decimal places a value is written with ("98.0%" has 1, "£18,000" none), or None for no value: this
    app writes every value of a PI with the PI's decimal places."""
    found = _VALUE.match(text)
    if not found or len(found.group("number")) > MAX_DIGITS:
        return None
    _, _, decimals = found.group("number").partition(".")
    return len(decimals)
