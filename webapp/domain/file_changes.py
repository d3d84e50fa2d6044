"""What applying a checked score or target file would change (docs/score-imports.md#the-preview): each row against
the saved score or target version it would replace, the RAG it would give, and the rules a row can only be held to
against what is saved (a year's first target, the stretch target and rationale a new version keeps).

Pure: the saved scores, target versions and latest scores are given as plain values by
webapp/indicators/score_imports.py, which reads them in a fixed number of queries.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from .periods import financial_year, financial_year_label
from .positions import rate_score
from .score_files import Action, FileCheck, Line, RowError
from .target_rules import NO_RATIONALE, stretch_problem, year_problem
from .units import format_value


def settle_scores(
    check: FileCheck,
    saved: Mapping[tuple[int, date], tuple[Decimal, str]],
    targets: Mapping[tuple[int, int], Decimal],
) -> None:
    """Each score row's action against the saved score for its period (a changed one is a correction) and
    the RAG it would give against the newest target for its financial year (docs/rating.md#rag-rating)."""
    for line in check.lines:
        if line.pi is None or line.period_end is None:
            continue
        before = saved.get((line.pi.id, line.period_end))
        if before is not None:
            line.previous = before[0]
            same_note = not line.note or line.note == before[1]
            line.action = Action.UNCHANGED if before[0] == line.value and same_note else Action.CORRECTION
        line.target = targets.get((line.pi.id, financial_year(line.period_end)))
        if line.value is not None:
            line.rag = rate_score(line.pi, line.value, line.target)


def settle_targets(
    check: FileCheck,
    saved: Mapping[tuple[int, int], tuple[Decimal, Decimal | None, str]],
    latest: Mapping[tuple[int, int], Decimal],
    today: date,
) -> None:
    """Each target row against the year's newest version, with the rules of the PI page's target form
    (webapp/domain/target_rules.py): a year's first target needs a rationale and a year the form offers; a new
    version keeps the saved stretch target and rationale where the file has none, as a blank note keeps a score's
    (the same again is no change). Then the RAG the PI's latest score in that year would get against it."""
    for line in check.lines:
        if line.pi is None or line.financial_year is None:
            continue
        key = (line.pi.id, line.financial_year)
        before = saved.get(key)
        if before is None:
            if problem := year_problem(line.financial_year, today, has_target=False):
                typed = financial_year_label(line.financial_year)
                line.errors.append(RowError(check.columns["financial_year"], typed, problem))
        else:
            _keep_saved(check, line, before)
        if line.action is not Action.UNCHANGED and not line.rationale:
            line.errors.append(_no_rationale(check))
        score = latest.get(key)
        if score is not None and line.value is not None:
            line.rag = rate_score(line.pi, score, line.value)


def _keep_saved(check: FileCheck, line: Line, before: tuple[Decimal, Decimal | None, str]) -> None:
    value, stretch, rationale = before
    line.previous, line.previous_stretch = value, stretch
    if not line.stretch_typed and stretch is not None:
        line.stretch_value, line.stretch_kept = stretch, True
        problem = None
        if line.pi is not None and line.value is not None:
            problem = stretch_problem(stretch, line.value, line.pi.polarity)
        if problem and line.pi is not None:
            kept = format_value(stretch, line.pi.unit, line.pi.decimal_places)
            where = "type a new one" if "stretch_value" in check.columns else "add a Stretch target column"
            message = f"{problem}: the saved stretch target, {kept}, is kept when none is typed; {where}"
            line.errors.append(RowError(check.columns.get("stretch_value", ""), "", message))
    if not line.rationale and rationale:
        line.rationale, line.rationale_kept = rationale, True
    same = (value, stretch, rationale) == (line.value, line.stretch_value, line.rationale)
    line.action = Action.UNCHANGED if same else Action.CORRECTION


def _no_rationale(check: FileCheck) -> RowError:
    if "rationale" in check.columns:
        return RowError(check.columns["rationale"], "", NO_RATIONALE)
    return RowError("", "", f"{NO_RATIONALE}: the file has no Rationale column")


def target_changes(line: Line) -> str:
    """What a new version of a year's target changes, as the preview says it: "target was 90.0%; stretch target
    95.0% kept; rationale kept"."""
    pi = line.pi
    if pi is None:
        return ""

    def shown(number: Decimal | None) -> str:
        return format_value(number, pi.unit, pi.decimal_places) if number is not None else "none"

    words = [f"target was {shown(line.previous)}" if line.value != line.previous else "target unchanged"]
    if line.stretch_kept:
        words.append(f"stretch target {shown(line.stretch_value)} kept")
    elif line.stretch_value != line.previous_stretch:
        words.append(f"stretch target was {shown(line.previous_stretch)}")
    words.append("rationale kept" if line.rationale_kept else "new rationale")
    return "; ".join(words)
