"""A Word plan as a pip/v1 document (docs/word-import.md#what-the-register-fills-in): what the document says,
completed with what the register knows and what a hand-filled template leaves out, so that the pip/v1 checks
(pip_json_reading.validate) and import (webapp/pips/interchange.py) apply to it exactly as to a JSON file.

A plan imported from Word is always a Draft. The register's PI gives the polarity, unit and frequency, which
the template never states; for a new PI the officer's choices do, or these defaults: higher is better,
monthly, and the unit its values are written in (91.2% is a percentage), else a number. A management comment
that does not say who made it, when or at which meeting is given the plan's author (for the Head of
Service) or its role's name, the date written in it or the plan's date, and the body its text names or its
role's usual body. Every such assumption is noted for the preview. Pure.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from webapp.domain.bodies import BodyKind
from webapp.domain.dates import uk_date
from webapp.domain.periods import Frequency
from webapp.domain.pi_codes import pi_code
from webapp.domain.pips import CommentRole, PipStatus, Resourcing, SolutionStatus, reference_order
from webapp.domain.rating import Polarity

from .pip_docx_cells import resourcing_of, status_of
from .pip_docx_comments import MeetingText
from .pip_docx_plan import SCORE_KEYS, Notes, ReadComment, ReadSolution, WordPlan, excerpt
from .pip_docx_words import Unit, normalised
from .pip_json import FORMAT, MAX_PI_PLACES
from .plain import Plain, PlainDict

DEFAULT_POLARITY = Polarity.HIGHER_IS_BETTER.value
DEFAULT_FREQUENCY = Frequency.MONTHLY.value
DEFAULT_UNIT = "number"
# The body whose meetings a comment of each role cites when its text names none and the register has none.
DEFAULT_BODY = {
    CommentRole.CMT: "CMT",
    CommentRole.OMT: "OMT",
    CommentRole.MEMBERS: "Audit and Performance Committee",
}


@dataclass(frozen=True)
class Register:
    """What the register knows that a Word plan does not say, as plain values.

    `indicator`: the register's PI of the plan's code, found whatever its case ({"code", "name", "description",
    "polarity", "unit", "frequency", "service"}), or None when the code is new. `bodies`: every meeting body,
    (name, kind).
    `service`, `polarity`, `unit`, `frequency`: what the officer chose on the preview (or the command line),
    None where they chose nothing."""

    indicator: Plain | None = None
    bodies: Sequence[tuple[str, str]] = ()
    service: str | None = None
    polarity: str | None = None
    unit: str | None = None
    frequency: str | None = None


@dataclass
class Completed:
    """The pip/v1 document, what was assumed to complete it, and how the service was found."""

    document: PlainDict
    notes: Notes = field(default_factory=Notes)
    new_indicator: bool = False
    service_named: bool = True


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def plan_document(plan: WordPlan, register: Register) -> Completed:
    """The pip/v1 document of a plan read from Word (the shape pip_json.plan_to_json writes), a Draft."""
    notes = Notes()
    indicator = _indicator(plan, register, notes)
    service = register.service or plan.service or (register.indicator or {}).get("service") or ""
    if plan.status and normalised(plan.status) != PipStatus.DRAFT.value:
        ended = "; ".join(f"{key.replace('_', ' ')} {excerpt(value)}" for key, value in plan.closing.items() if value)
        said = f"Status {excerpt(plan.status)}" + (f" ({ended})" if ended else "")
        notes.assume("Author and date", f"the document says {said}: imported as a Draft")
    solutions = _solutions(plan.solutions, notes)
    refs = {str(solution["ref"]) for solution in solutions}
    document: PlainDict = {
        "format": FORMAT,
        "status": PipStatus.DRAFT.value,
        "author": plan.author,
        "date": _iso(plan.day),
        "service": service,
        "indicator": indicator,
        "details": {
            **{key: {"value": plan.details[key].value, "as_at": _iso(plan.details[key].as_at)} for key in SCORE_KEYS},
            "comments": plan.comments,
        },
        # Factors in the order of their references and comments by date, the order a plan lists them in:
        # the template groups them by duration and by role instead.
        "factors": [
            {"ref": f.ref, "kind": f.kind.value, "duration": f.duration.value, "description": f.description}
            for f in sorted(plan.factors, key=lambda f: reference_order(str(f.ref)))
        ],
        "solutions": solutions,
        "management_comments": sorted(
            (_comment(c, plan, register, refs, notes) for c in plan.management_comments),
            key=lambda c: c["date"] or "",
        ),
        "progress": [
            {"date": _iso(p.day), "comment": p.comment, "score": p.score, "final": p.final} for p in plan.progress
        ],
    }
    return Completed(document, notes, register.indicator is None, bool(service))


def _indicator(plan: WordPlan, register: Register, notes: Notes) -> PlainDict:
    """Section 1's PI, with the register's polarity, unit and frequency, or the officer's choices or the
    defaults for a new PI."""
    code_written = plan.indicator.get("code", "")
    code = pi_code(code_written)  # as the register keeps codes: in capitals (webapp/domain/pi_codes.py)
    known = register.indicator
    if known is not None:
        if known["code"] != code_written:
            notes.assume("Section 1", f"PI Code {excerpt(code_written)} is the register's {excerpt(known['code'])}")
        return {
            "code": known["code"],
            "name": plan.indicator.get("name") or known["name"],
            "description": plan.indicator.get("description") or known.get("description") or "",
            "polarity": known["polarity"],
            "unit": known["unit"],
            "frequency": known["frequency"],
        }
    written = plan.units.most_common(1)[0][0].value if plan.units else None
    unit = register.unit or written or DEFAULT_UNIT
    choices = {
        "polarity": register.polarity or DEFAULT_POLARITY,
        "unit": unit,
        "frequency": register.frequency or DEFAULT_FREQUENCY,
    }
    places = None if plan.places is None else min(plan.places, MAX_PI_PLACES)
    if code and not (register.polarity and register.unit and register.frequency):
        notes.assume(
            "Section 1",
            f"PI {excerpt(code)} is not in the register: it will be created as {_words(choices)}"
            + (" (the unit its values are written in)" if written and not register.unit else ""),
        )
    if code and places is not None:
        notes.assume("Section 1", f"the new PI shows {places} decimal place{'' if places == 1 else 's'}, as written")
    if code and not plan.indicator.get("name"):
        notes.assume("Section 1", f"no PI Name: the new PI is named {excerpt(code)}, its code")
    return {
        "code": code,
        "name": plan.indicator.get("name") or code,
        "description": plan.indicator.get("description", ""),
        **choices,
        **({"decimal_places": places} if places is not None else {}),
    }


def _words(choices: dict[str, str]) -> str:
    polarity = "higher is better" if choices["polarity"] == Polarity.HIGHER_IS_BETTER.value else "lower is better"
    unit = {u.value: u.value for u in Unit} | {"number": "a number", "ratio": "a ratio"}
    return f"{polarity}, measured in {unit.get(choices['unit'], choices['unit'])}, {choices['frequency']}"


def _solutions(solutions: list[ReadSolution], notes: Notes) -> list[PlainDict]:
    found = [_solution(solution, notes) for solution in solutions]
    unstated = [s["ref"] for s, read in zip(found, solutions) if "resourcing" not in read.labelled]
    if unstated:
        says = "does not say how it is" if len(unstated) == 1 else "do not say how they are"
        notes.assume("Section 4", f"{', '.join(unstated)} {says} resourced: Within the service")
    return found


def _solution(solution: ReadSolution, notes: Notes) -> PlainDict:
    labelled = solution.labelled
    resourcing: tuple[str, Decimal | None, str] = (Resourcing.WITHIN_SERVICE.value, None, "")
    if "resourcing" in labelled:
        read = resourcing_of(labelled["resourcing"])
        if read is None:
            notes.skip(solution.place, f'Resourcing "{excerpt(labelled["resourcing"])}" kept as its funding route')
        resourcing = read or (Resourcing.WITHIN_SERVICE.value, None, labelled["resourcing"])
    status = SolutionStatus.PROPOSED.value
    if "status" in labelled:
        status = status_of(labelled["status"]) or status
        if status_of(labelled["status"]) is None:
            notes.skip(solution.place, f'Status "{excerpt(labelled["status"])}" is not one the plan has: Proposed')
    kind, amount, note = resourcing
    return {
        "ref": solution.ref,
        "description": solution.description,
        "target_date": _iso(solution.target_date),
        "factors": solution.factors,
        "resourcing": kind,
        "funding_amount": amount,
        "funding_note": note,
        **{key: labelled.get(key, "") for key in ("time_lag", "option_group", "strengths", "weaknesses")},
        "status": status,
    }


def _comment(read: ReadComment, plan: WordPlan, register: Register, refs: set[str], notes: Notes) -> PlainDict:
    role, comment = CommentRole(read.role), read.comment
    unknown = [ref for ref in comment.approves + comment.declines if ref not in refs]
    if unknown:
        notes.skip(read.place, f"decides {', '.join(unknown)}, which the plan has no solution of: left out")
    meeting = comment.meeting
    if meeting is None and role.needs_meeting:
        meeting = MeetingText(_body_named(comment.text, role, register.bodies), comment.day)
        notes.assume(read.place, f'"{excerpt(comment.text)[:40]}" names no meeting: {meeting.body}')
    elif meeting is not None:
        meeting.body = _known_body(meeting.body, register.bodies)
    day = comment.day or (meeting.day if meeting else None) or plan.day
    if comment.day is None:
        notes.assume(read.place, f'"{excerpt(comment.text)[:40]}" is not dated: {uk_date(day) or "no date"}')
    author = comment.author or (plan.author if role is CommentRole.HEAD_OF_SERVICE else role.label)
    if comment.author is None:
        notes.assume(read.place, f'"{excerpt(comment.text)[:40]}" does not say who made it: {author}')
    return {
        "role": role.value,
        "author": author,
        "date": _iso(day),
        "text": comment.text,
        "meeting": None
        if meeting is None
        else {"body": meeting.body, "date": _iso(meeting.day or day), "reference": meeting.reference},
        "approves": [ref for ref in comment.approves if ref in refs],
        "declines": [ref for ref in comment.declines if ref in refs],
    }


def _known_body(name: str, bodies: Sequence[tuple[str, str]]) -> str:
    """A body's name as the register spells it ("cmt" is "CMT"), or as written when it has none of it."""
    wanted = normalised(name)
    return next((known for known, _ in bodies if normalised(known) == wanted), name)


def _body_named(text: str, role: CommentRole, bodies: Sequence[tuple[str, str]]) -> str:
    """The body a comment's text names among those whose meetings its role cites, or the first such body
    in the register, or the role's usual one."""
    kinds = {kind.value for kind in role.meeting_kinds}
    mine = [name for name, kind in bodies if kind in kinds]
    words = f" {normalised(text)} "
    named = [name for name in sorted(mine, key=len, reverse=True) if f" {normalised(name)} " in words]
    if named:
        return named[0]
    preferred = [name for name, kind in bodies if kind == BodyKind.AUDIT_AND_PERFORMANCE.value and kind in kinds]
    return (preferred or mine or [DEFAULT_BODY[role]])[0]
