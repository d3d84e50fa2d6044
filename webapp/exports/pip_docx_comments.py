"""The management comments in a Section 5 cell of a PIP in Word (docs/word-import.md#what-is-recognised): each
comment's text, who made it, when, at which meeting, and the solutions it approves or declines, as this app's
export writes them (webapp/exports/pip_docx.py) and as people write them by hand. Pure."""

import re
from dataclasses import dataclass, field
from datetime import date

from webapp.domain.loose_dates import find_date, read_date

from .docx_blocks import Para
from .pip_docx_words import is_nothing


@dataclass
class MeetingText:
    body: str
    day: date | None
    reference: str = ""


@dataclass
class CommentText:
    """One comment as a Section 5 cell writes it; who, when and where are None when the cell does not say."""

    text: str
    author: str | None = None
    day: date | None = None
    meeting: MeetingText | None = None
    approves: list[str] = field(default_factory=list)
    declines: list[str] = field(default_factory=list)


_MINUTE = re.compile(
    r"(?:^|[,\s(])\s*(?:minute(?:\s+ref(?:erence)?)?|min\.?)(?:\s*:\s*|\s+)(?P<reference>\S.*)$", re.IGNORECASE
)
_DECISION = re.compile(
    r"(?P<verb>approves?|approved|agreed|agrees?|declines?|declined|not approved|rejects?|rejected)\s*:?\s*"
    r"(?P<refs>S\d{1,6}(?:\s*(?:,|and|&)\s*S\d{1,6})*)\.?",
    re.IGNORECASE,
)


def meeting_of(text: str) -> MeetingText | None:
    """The meeting a comment cites, written "CMT, 14 October 2026, minute CMT/2026/41" (this app's export),
    "CMT 14/10/2026 (min. 41)" or "CMT meeting of 14 October 2026"; None without a date."""
    text = " ".join(text.split())
    reference = ""
    minute = _MINUTE.search(text)
    if minute:
        reference = minute.group("reference").strip().rstrip(")").strip()
        text = text[: minute.start()]
    found = find_date(text)
    if found is None:
        return None
    day, start, _ = found
    body = re.sub(r"(?:\s+meeting)?(?:\s+(?:of|on|held on))?[\s,(–-]*$", "", text[:start], flags=re.IGNORECASE)
    body = body.strip(" ,(–-")
    return MeetingText(body, day, reference) if body else None


def source_of(text: str) -> tuple[str | None, date | None, MeetingText | None] | None:
    """Who made a comment, when and at which meeting, from a line such as this app's export writes under each
    comment, "Chief Executive, 14 October 2026 – CMT, 14 October 2026, minute CMT/2026/41", or a hand-written
    "Jane Smith, 5/10/2026"; None when the line is not one."""
    text = " ".join(text.split())
    who, _, where = text.partition(" – ")
    meeting = meeting_of(where) if where else None
    if where and meeting is None:
        return None
    author, _, when = who.rpartition(",")
    day = read_date(when)
    if day is None:
        day = read_date(who)
        if day is None:
            return None
        author = ""
    author = author.strip()
    if len(author) > 100 or author.endswith((".", "!", "?")):
        return None
    return author or None, day, meeting


def decisions_of(text: str) -> tuple[list[str], list[str]] | None:
    """(approved, declined) solution references of a line that is only decisions: "Approves S1, S2. Declines
    S3."; None for any other line."""
    approves: list[str] = []
    declines: list[str] = []
    if not _DECISION.search(text) or _DECISION.sub("", text).strip(" .;,"):
        return None
    for found in _DECISION.finditer(text):
        refs = [f"S{int(n)}" for n in re.findall(r"S(\d{1,6})", found.group("refs"))]
        verb = found.group("verb").lower()
        target = declines if verb.startswith(("decline", "not", "reject")) else approves
        target.extend(ref for ref in refs if ref not in target)
    return approves, declines


def comment_items(paragraphs: tuple[Para, ...]) -> list[CommentText]:
    """The comments in one Section 5 cell. This app's export writes each comment's text, then an italic line
    of who, when and where, then any decisions; a hand-written cell may give who and when before the text, or
    start each comment with its date, or be one comment."""
    lines = [p for p in paragraphs if p.text.strip()]
    if not lines or (len(lines) == 1 and is_nothing(lines[0].text)):
        return []
    # This app's export writes who and when in italics: when some lines are, only those are taken as such.
    italic = [source_of(p.text) if p.italic else None for p in lines]
    sources = italic if any(italic) else [source_of(p.text) if _short(p.text) else None for p in lines]
    if any(sources):
        return _by_sources(lines, sources)
    dated = [_dated_start(p.text) for p in lines]
    if sum(1 for d in dated if d) > 1:
        return _by_dates(lines, dated)
    return [_undated("\n".join(p.text.strip() for p in lines))]


def _short(text: str) -> bool:
    return len(text) <= 200 and "\n" not in text.strip()


def _by_sources(
    lines: list[Para], sources: list[tuple[str | None, date | None, MeetingText | None] | None]
) -> list[CommentText]:
    source_first = sources[0] is not None
    comments: list[CommentText] = []
    text: list[str] = []
    for line, source in zip(lines, sources):
        decided = decisions_of(line.text) if comments else None
        if source is not None:
            if source_first and comments and text:
                comments[-1].text = "\n".join(text)
                text = []
            comments.append(CommentText("\n".join(text), *source))
            text = []
        elif decided and not text and not source_first:
            comments[-1].approves, comments[-1].declines = decided
        else:
            text.append(line.text.strip())
    if text and source_first:
        comments[-1].text = "\n".join(text)
    elif text:
        comments.append(_undated("\n".join(text)))
    return [c for c in comments if c.text]


def _dated_start(text: str) -> date | None:
    found = find_date(text)
    return found[0] if found and found[1] <= 2 else None


def _by_dates(lines: list[Para], dated: list[date | None]) -> list[CommentText]:
    comments: list[CommentText] = []
    for line, day in zip(lines, dated):
        if day is not None or not comments:
            comment = _undated(line.text.strip())
            comment.day = day or comment.day
            comments.append(comment)
        else:
            comments[-1].text += "\n" + line.text.strip()
    return comments


def _undated(text: str) -> CommentText:
    """A comment with no line of its own saying who and when: its date is the first written in it."""
    found = find_date(text)
    return CommentText(text, day=found[0] if found else None)
