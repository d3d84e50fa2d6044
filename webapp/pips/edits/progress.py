"""Section 6: progress entries added, changed and removed while the plan is Live."""

from webapp.domain.dates import uk_date
from webapp.domain.limits import MAX_PROGRESS
from webapp.domain.pips import PipStatus
from webapp.models import ProgressUpdate

from ..changes import Refused, changing
from ..records import ProgressRow
from ..store import as_read, put_in_order
from .rows import check_room, update_row

LABELS = {"made_on": "Date", "comment": "Comment", "score": "PI Score"}
NOT_LIVE = "This plan is still a Draft. Progress updates start when the plan is submitted."
FINAL = "This is the final entry, which formally records that the plan was completed. It cannot be changed or removed."


def progress_values(entry):
    """What the progress form shows and saves."""
    return {name: getattr(entry, name) for name in LABELS}


def _check_live(change, entry=None):
    if change.pip.status is not PipStatus.LIVE:
        raise Refused("progress", NOT_LIVE, entry.id if entry else None, status=409)
    if entry is not None and entry.final:
        raise Refused("progress", FINAL, entry.id, status=409)


def add_progress(pip_id, user, made_on, comment, score, plan=None, form_token=None):
    """An addition: it never conflicts with other changes (docs/plans.md#changes-and-history)."""
    with changing(pip_id, "progress", user, plan=plan, form_token=form_token) as change:
        _check_live(change)
        check_room("progress", change.plan.progress, MAX_PROGRESS, "progress updates")
        entry = ProgressUpdate.create(pip=pip_id, made_on=made_on, comment=comment, score=score, recorded_by=user.id)
        day = uk_date(entry.made_on)
        change.record(f"Added progress update of {day}", after=entry.comment)
        if score is not None:
            change.record(f"Progress update of {day}: PI Score", after=score)
        change.added("progress", ProgressRow(*as_read("progress", entry)))
    return entry, change.after()


def save_progress(pip_id, entry_id, user, base, values, plan=None):
    with changing(pip_id, f"progress:{entry_id}", user, base, plan=plan) as change:
        entry = change.row(change.plan.progress, entry_id)
        _check_live(change, entry)
        change.check(progress_values(entry), values)
        update_row(
            ProgressUpdate,
            entry,
            change.compare(f"Progress update of {uk_date(entry.made_on)}: ", entry, values, LABELS),
        )
        put_in_order(change.plan.progress, "progress")  # its date may have changed
    return entry, change.after()


def remove_progress(pip_id, entry_id, user, base, plan=None):
    with changing(pip_id, f"progress:{entry_id}", user, base, plan=plan) as change:
        entry = change.row(change.plan.progress, entry_id, removal=True)
        _check_live(change, entry)
        change.check(progress_values(entry), removal=True)
        day = uk_date(entry.made_on)
        change.record(f"Removed progress update of {day}", before=entry.comment)
        if entry.score is not None:
            change.record(f"Progress update of {day}: PI Score (removed)", before=entry.score)
        ProgressUpdate.delete().where(ProgressUpdate.id == entry.id).execute()
        change.removed("progress", entry)
    return entry, change.after()
