"""Recording many PIs' scores for one period end at once: the score round's write (docs/score-round.md).

The scores are written by the same write as a score added on a PI's page (webapp/indicators/register_writes.py,
docs/rating.md#scores): one row per PI per period end, inserted, or corrected when the period has one (a
blank note keeping the saved one), with who recorded it and when; and each changed PI's standing worked out
again (webapp/indicators/standings.py), all in this one transaction. The scores go in a batch a statement,
so a round of 200 PIs costs what a round of 10 does.

Each entry carries the moment the period's score was recorded when its row was drawn (None when there
was none). A row someone else recorded since is not written but handed back, as the PI page's own
correction refuses a score recorded again since its row was drawn (docs/concurrency.md).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from webapp.models import Indicator, Score, database

from . import register_writes


@dataclass(frozen=True, slots=True)
class Entry:
    """A score to record for one PI: its value and note as typed, and when the score was recorded when
    the user's row was drawn."""

    indicator_id: int
    value: Decimal
    note: str
    seen: datetime | None


@dataclass(slots=True)
class Recorded:
    """What a save did: the PIs whose score was added or corrected, and the scores recorded by someone
    else since their row was drawn (not written), by PI id."""

    added: list[int] = field(default_factory=list)
    corrected: list[int] = field(default_factory=list)
    conflicts: dict[int, Score] = field(default_factory=dict)

    @property
    def saved(self):
        return self.added + self.corrected


def record_scores(period_end: date, entries: list[Entry], user_id: int) -> Recorded:
    """Adds or corrects the score of each entry's PI for `period_end`, in one transaction."""
    done = Recorded()
    if not entries:
        return done
    ids = sorted({entry.indicator_id for entry in entries})
    with database.atomic():
        if database.for_update:
            # PostgreSQL: a second save of the same PIs waits here until the first has committed, and
            # then sees its scores (SQLite's IMMEDIATE transactions already take turns).
            list(Indicator.select(Indicator.id).where(Indicator.id.in_(ids)).for_update("FOR NO KEY UPDATE"))
        now_saved = {
            score.indicator_id: score
            for score in Score.select().where(Score.indicator.in_(ids), Score.period_end == period_end)
        }
        rows = []
        for entry in entries:
            saved = now_saved.get(entry.indicator_id)
            if _moment(saved) != entry.seen:
                done.conflicts[entry.indicator_id] = saved
                continue
            (done.corrected if saved else done.added).append(entry.indicator_id)
            rows.append((entry.indicator_id, period_end, entry.value, entry.note))
        if rows:
            register_writes.record_scores(rows, user_id)  # the PI page's own write, standings and all
    return done


def _moment(score):
    return score.recorded_at if score is not None else None
