"""What one cell of a PIP in Word holds (docs/word-import.md#what-is-recognised): the factors in a factor cell,
a solution and its labelled lines, the references in "Factors Addressed", and a progress entry's comment
(the comments of Section 5 are read by pip_docx_comments.py). Pure: paragraphs in, plain
values out; what a cell cannot be read as is left for the reader to report.

Each reads the cells this app's own export writes (webapp/exports/pip_docx.py) exactly, and hand-filled
cells as people write them: one paragraph or bullet a factor, references typed or not, dates in any form
webapp/domain/loose_dates.py reads.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from webapp.domain.pips import Resourcing, SolutionStatus

from .docx_blocks import Para
from .pip_docx_words import Unit, is_nothing, normalised, read_value, written_places

FINAL_ENTRY = "final entry the plan is complete"  # pip_docx.FINAL_ENTRY, normalised
_BULLET = re.compile(r"^\s*(?:[•·▪‣◦●○■□➢►✓\-–—*]\s*|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+)", re.IGNORECASE)
# A reference at the start of a paragraph: E1, (I2), S3: with a separator after it, or at most two digits, so
# that "S106 contributions" (a planning agreement, not a solution) keeps its words.
_REF = re.compile(
    r"^\s*\(?(?P<ref>[EIS])(?:(?P<number>\d{1,6})\)?(?:\s*[:.)\-–—]\s*|\s{2,}|$)|(?P<short>\d{1,2})\)?\s+)"
)
_REFS = re.compile(r"(?<![A-Za-z0-9])(?P<ref>[EIei])\s?(?P<number>\d{1,6})(?![0-9])")
_LABELLED = re.compile(
    r"^\s*(?P<label>resourcing|resources|funding|time lag|option group|alternatives?|strengths|weaknesses|status)"
    r"\s*:\s*(?P<text>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_FIELD_OF_LABEL = {
    "resourcing": "resourcing",
    "resources": "resourcing",
    "funding": "resourcing",
    "time lag": "time_lag",
    "option group": "option_group",
    "alternative": "option_group",
    "alternatives": "option_group",
    "strengths": "strengths",
    "weaknesses": "weaknesses",
    "status": "status",
}


def strip_bullet(text: str) -> tuple[str, bool]:
    """A paragraph's text without a bullet or number typed at its start ("• ", "- ", "1. ", "(a) ")."""
    found = _BULLET.match(text)
    if found and found.end() < len(text):
        return text[found.end() :], True
    return text, False


def leading_ref(text: str, letters: str) -> tuple[str | None, str]:
    """A reference written at the start of a paragraph ("E1  Heavy snow", "(S2) Agency drivers", "I3: Posts
    vacant") and the text after it; (None, text) when there is none of `letters`."""
    found = _REF.match(text)
    if not found or found.group("ref") not in letters:
        return None, text
    number = found.group("number") or found.group("short")
    return f"{found.group('ref')}{int(number)}", text[found.end() :]


# ---------------------------------------------------------------- factors


def factor_items(paragraphs: tuple[Para, ...], letter: str) -> list[tuple[str | None, str]]:
    """The factors in one Temporary or Long Term Factors cell, as (reference or None, description).

    When some paragraphs start with a reference (E1, I2), each of those starts a factor and the paragraphs
    after one belong to it; otherwise when some are bullets or numbered, each bullet starts one; otherwise
    every paragraph is a factor of its own."""
    rows = []
    for paragraph in paragraphs:
        text, typed = strip_bullet(paragraph.text.strip())
        ref, rest = leading_ref(text, "EI")
        if text.strip():
            rows.append((ref, rest.strip(), paragraph.listed or typed))
    if not rows or (len(rows) == 1 and rows[0][0] is None and is_nothing(rows[0][1])):
        return []
    if any(ref for ref, _, _ in rows):
        return _grouped(rows, lambda row: row[0] is not None)
    if any(listed for _, _, listed in rows):
        return _grouped(rows, lambda row: row[2])
    return [(None, text) for _, text, _ in rows]


_Row = tuple[str | None, str, bool]


def _grouped(rows: list[_Row], starts: Callable[[_Row], bool]) -> list[tuple[str | None, str]]:
    """Rows joined into items: a row for which `starts` is true begins one, the others join the item before
    (a row before any item is an item of its own)."""
    items: list[tuple[str | None, list[str]]] = []
    opened = False
    for row in rows:
        if starts(row) or not opened:
            items.append((row[0], [row[1]]))
            opened = opened or starts(row)
        else:
            items[-1][1].append(row[1])
    return [(ref, "\n".join(text for text in texts if text)) for ref, texts in items]


# ---------------------------------------------------------------- solutions


@dataclass
class SolutionText:
    """A solution as its cell writes it: reference, description, and labelled lines ("Status: Approved")."""

    ref: str | None
    description: str
    labelled: dict[str, str] = field(default_factory=dict)


def solution_items(paragraphs: tuple[Para, ...]) -> list[SolutionText]:
    """The solutions in one cell of the Solutions column: one, or several when several paragraphs start with
    their own reference (S1, S2). Lines such as "Resourcing: …", "Status: …" are kept by label."""
    items: list[SolutionText] = []
    refs = sum(1 for p in paragraphs if leading_ref(strip_bullet(p.text.strip())[0], "S")[0])
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        labelled = _LABELLED.match(text)
        if labelled and items:
            key = _FIELD_OF_LABEL[labelled.group("label").lower()]
            items[-1].labelled[key] = labelled.group("text").strip()
            continue
        bare, _ = strip_bullet(text)
        ref, rest = leading_ref(bare, "S")
        if not items or (refs > 1 and ref):
            items.append(SolutionText(ref, rest.strip()))
        else:
            items[-1].description = "\n".join(part for part in (items[-1].description, text) if part)
    return items


_RESOURCING = re.compile(
    r"^(?P<label>within (?:the )?service|within (?:existing|current) (?:budgets?|resources)|"
    r"extra funding(?: sought)?|additional funding(?: sought)?|external funding)"
    r"(?:\s*:\s*(?P<amount>-?£\s?[\d,]+(?:\.\d+)?))?(?:\s*[–-]\s+(?P<note>.*))?$",
    re.IGNORECASE | re.DOTALL,
)


def resourcing_of(text: str) -> tuple[str, Decimal | None, str] | None:
    """(resourcing, amount, note) from "Extra funding sought: £18,000 – Bid to the reserve." or "Within the
    service"; None when the text says neither."""
    found = _RESOURCING.match(text.strip())
    if not found:
        return None
    label = found.group("label").lower()
    resourcing = Resourcing.WITHIN_SERVICE if label.startswith("within") else Resourcing.EXTRA_FUNDING
    amount = None
    if found.group("amount"):
        amount, _, _ = read_value(found.group("amount"))
    return resourcing.value, amount, (found.group("note") or "").strip()


_STATUSES = {normalised(status.label): status.value for status in SolutionStatus} | {
    "agreed": SolutionStatus.APPROVED.value,
    "declined": SolutionStatus.NOT_APPROVED.value,
    "rejected": SolutionStatus.NOT_APPROVED.value,
    "implemented": SolutionStatus.IN_PLACE.value,
    "complete": SolutionStatus.IN_PLACE.value,
    "completed": SolutionStatus.IN_PLACE.value,
}


def status_of(text: str) -> str | None:
    """A solution's status from its words: "Approved", "Not approved", "In place", "Proposed"."""
    return _STATUSES.get(normalised(text))


def factor_refs(text: str) -> tuple[list[str], list[str]]:
    """The factor references written in a "Factors Addressed" cell ("E1, I2", "e1 and I 2"), and the pieces of
    text left when they are taken out ("Heavy snow; vacant posts": free text naming factors)."""
    refs: list[str] = []
    for found in _REFS.finditer(text):
        ref = f"{found.group('ref').upper()}{int(found.group('number'))}"
        if ref not in refs:
            refs.append(ref)
    left = _REFS.sub(" ", text)
    pieces = re.split(r"\s*(?:[,;/\n+•]|\band\b|&|\(|\))\s*", left)
    return refs, [" ".join(piece.split()) for piece in pieces if piece.strip(" .-–")]


# ---------------------------------------------------------------- progress


def progress_comment(paragraphs: tuple[Para, ...]) -> tuple[str, bool]:
    """A progress entry's comment, and whether it is the plan's final entry (the line this app's export adds
    to it, which is left out of the comment)."""
    lines = [p.text.strip() for p in paragraphs if p.text.strip()]
    final = bool(lines) and normalised(lines[-1]) == FINAL_ENTRY
    if final:
        lines = lines[:-1]
    return "\n".join(lines), final


def value_and_unit(text: str) -> tuple[Decimal | None, Unit | None, bool, int | None]:
    """(value, unit it is written in, whether the text was read whole, its decimal places as written) of a
    score or target cell."""
    if is_nothing(text):
        return None, None, True, None
    number, unit, rest = read_value(text)
    return number, unit, number is not None and not rest.strip(" ."), written_places(text)
