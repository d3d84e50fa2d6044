"""Score and target files: the preview of every row and applying a file whole (docs/score-imports.md).

The rules are pure (webapp/domain/score_files.py); this module reads what they need in a fixed number of
queries however many rows a file has (the PIs, the saved scores or targets of the PIs and periods named,
the targets or latest scores to rate against) and applies a checked file in one transaction, through the
register's own writes (webapp/indicators/register_writes.py).
"""

import hashlib
import logging
from datetime import date

from webapp.domain.file_changes import settle_scores, settle_targets
from webapp.domain.periods import financial_year, year_end
from webapp.domain.score_files import Action, FileCheck, Kind, Pi, Sheet, check_file
from webapp.models import Indicator, Score, Target, database

from . import register_writes
from .sheets import UnreadableFile, read_sheet

log = logging.getLogger(__name__)


class FileRefused(Exception):
    """The file has errors, or what it would change is no longer what the preview showed."""

    def __init__(self, check, changed=False):
        super().__init__("refused")
        self.check = check
        self.changed = changed


def preview(data, filename, kind, today=None):
    """The FileCheck of a file: every row read, checked and settled against what is saved now."""
    try:
        sheet = read_sheet(data, filename)
    except UnreadableFile as unreadable:
        return FileCheck(kind, [], [str(unreadable)])
    return check_sheet(sheet, kind, today)


def check_sheet(sheet: Sheet, kind, today=None):
    today = today or date.today()
    check = check_file(sheet, kind, _pis(), today)
    named = {line.pi.id for line in check.lines if line.pi is not None}
    if not named:
        return check
    if kind is Kind.SCORES:
        days = [line.period_end for line in check.lines if line.pi is not None and line.period_end is not None]
        if days:
            settle_scores(check, _saved_scores(named, days), _targets(named, _years(days)))
    else:
        years = [line.financial_year for line in check.lines if line.pi is not None and line.financial_year]
        if years:
            latest = _latest_in_year(named, min(years), max(years))
            settle_targets(check, _saved_targets(named, years), latest, today)
    return check


def fingerprint(check):
    """A digest of what applying the file would write: a confirm is refused when it is not the preview's."""
    return hashlib.sha256("\n".join(check.fingerprint()).encode()).hexdigest()


def apply_file(data, filename, kind, user_id, expected=None, today=None):
    """Applies the whole file or nothing, in one transaction: read and checked again inside it, refused
    (FileRefused) on any error or, given the preview's `expected` fingerprint, on any change since.
    Returns the FileCheck applied."""
    with database.atomic():
        check = preview(data, filename, kind, today)
        if check.error_count:
            raise FileRefused(check)
        if expected is not None and fingerprint(check) != expected:
            raise FileRefused(check, changed=True)
        changes = check.changes
        if kind is Kind.SCORES:
            register_writes.record_scores(
                [(line.pi.id, line.period_end, line.value, line.note) for line in changes], user_id
            )
        else:
            register_writes.add_targets([_version(line, filename) for line in changes], user_id)
    log.info("%s %s imported from %s by user %s", len(changes), kind.value, filename or "a file", user_id)
    return check


def _version(line, filename):
    reason = line.reason
    if not reason and line.action is Action.CORRECTION:
        reason = f"Imported from the spreadsheet {filename}".strip()[:2000] if filename else "Imported"
    return {
        "indicator": line.pi.id,
        "financial_year": line.financial_year,
        "value": line.value,
        "stretch_value": line.stretch_value,
        "rationale": line.rationale,
        "reason": reason,
    }


def template_indicators():
    """(code, name) of every active PI, by code: the template's rows."""
    return list(
        Indicator.select(Indicator.code, Indicator.name)
        .where(Indicator.active == True)  # noqa: E712 - peewee's comparison
        .order_by(Indicator.code)
        .tuples()
    )


def _pis():
    """Every PI by code (one query: a register has hundreds of PIs, a file may have thousands of rows)."""
    query = Indicator.select(
        Indicator.id,
        Indicator.code,
        Indicator.name,
        Indicator.unit,
        Indicator.frequency,
        Indicator.polarity,
        Indicator.decimal_places,
        Indicator.tolerance,
        Indicator.tolerance_kind,
    )
    return {
        row.code.upper(): Pi(
            row.id,
            row.code,
            row.name,
            row.unit,
            row.frequency,
            row.polarity,
            row.decimal_places,
            row.tolerance,
            row.tolerance_kind,
        )
        for row in query
    }


def _years(days):
    return sorted({financial_year(day) for day in days})


def _saved_scores(ids, days):
    """{(PI id, period end): (value, note)} of the saved scores the file's rows may replace: the PIs and
    period ends named (a file names few period ends, however many rows it has)."""
    query = Score.select(Score.indicator, Score.period_end, Score.value, Score.note).where(
        Score.indicator.in_(sorted(ids)), Score.period_end.in_(sorted(set(days)))
    )
    return {(pi_id, _day(day)): (value, note) for pi_id, day, value, note in query.tuples()}


def _newest_versions(ids, years):
    query = (
        Target.select(Target.indicator, Target.financial_year, Target.value, Target.stretch_value, Target.rationale)
        .where(Target.indicator.in_(sorted(ids)), Target.financial_year.in_(sorted(set(years))))
        .order_by(Target.set_at, Target.id)
    )
    found = {}
    for pi_id, year, value, stretch, rationale in query.tuples():
        found[pi_id, year] = (value, stretch, rationale)  # oldest first: the newest version wins
    return found


def _targets(ids, years):
    """{(PI id, financial year): the newest target version's value}."""
    return {key: version[0] for key, version in _newest_versions(ids, years).items()}


def _saved_targets(ids, years):
    return _newest_versions(ids, years)


def _latest_in_year(ids, first_year, last_year):
    """{(PI id, financial year): the latest score in that year}, for the RAG a new target would give."""
    query = (
        Score.select(Score.indicator, Score.period_end, Score.value)
        .where(
            Score.indicator.in_(sorted(ids)),
            Score.period_end.between(date(first_year, 4, 1), year_end(last_year)),
        )
        .order_by(Score.period_end)
    )
    latest = {}
    for pi_id, day, value in query.tuples():
        latest[pi_id, financial_year(_day(day))] = value  # oldest first: the latest wins
    return latest


def _day(value):
    """A date from the cursor: PostgreSQL gives a date, SQLite its ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(value)
