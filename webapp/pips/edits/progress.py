"""Section 6: progress entries added, changed and removed while the plan is Live."""
from webapp.domain.limits import MAX_PROGRESS
from webapp.domain.plans import PipStatus
from webapp.models import ProgressUpdate
from webapp.rendering import uk_date

from ..changes import Refused, changing
from .rows import check_room, row_of_plan

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


def add_progress(pip_id, user, made_on, comment, score):
    """An addition: it never conflicts with other changes (PRODUCT §4)."""
    with changing(pip_id, "progress", user) as change:
        _check_live(change)
        check_room("progress", ProgressUpdate, pip_id, MAX_PROGRESS, "progress updates")
        entry = ProgressUpdate.create(pip=pip_id, made_on=made_on, comment=comment, score=score, recorded_by=user.id)
        day = uk_date(entry.made_on)
        change.record(f"Added progress update of {day}", after=entry.comment)
        if score is not None:
            change.record(f"Progress update of {day}: PI Score", after=score)
    return entry


def save_progress(pip_id, entry_id, user, base, values):
    with changing(pip_id, f"progress:{entry_id}", user, base) as change:
        entry = row_of_plan(ProgressUpdate, entry_id, pip_id)
        _check_live(change, entry)
        change.check(progress_values(entry), values)
        if change.compare(f"Progress update of {uk_date(entry.made_on)}: ", entry, values, LABELS):
            entry.save()
    return entry


def remove_progress(pip_id, entry_id, user, base):
    with changing(pip_id, f"progress:{entry_id}", user, base) as change:
        entry = row_of_plan(ProgressUpdate, entry_id, pip_id)
        _check_live(change, entry)
        change.check(progress_values(entry), removal=True)
        day = uk_date(entry.made_on)
        change.record(f"Removed progress update of {day}", before=entry.comment)
        if entry.score is not None:
            change.record(f"Progress update of {day}: PI Score (removed)", before=entry.score)
        entry.delete_instance()
    return entry
