"""Submit, Complete, Withdraw and Reopen (docs/plans.md#lifecycle): each step, with every row it writes, in one
transaction, so a step that fails part-way leaves the plan as it was."""

from dataclasses import dataclass
from datetime import date

from webapp.domain import lifecycle
from webapp.domain.periods import financial_year
from webapp.domain.positions import rate_score
from webapp.domain.rating import Rag
from webapp.domain.units import format_value
from webapp.indicators.readings import current_targets
from webapp.models import Indicator, ProgressUpdate, Score
from webapp.notifications import outbox

from ..changes import Conflict, Refused, changing
from ..raising import open_plan_for

COMPLETION_STATEMENT = (
    "This Performance Improvement Plan has been completed: every approved solution is in "
    "place and the plan is formally closed."
)
ALREADY_OPEN = "This PI already has another Draft or Live plan, so this one cannot be reopened."


@dataclass(frozen=True)
class Standing:
    """The PI's latest score in the register, its target and rating, when the plan is completed."""

    score: float | None
    target: float | None
    rag: Rag

    @property
    def below_target(self):
        return self.rag in (Rag.RED, Rag.AMBER)

    def against_target(self, indicator):
        """The latest score against its target, with the rating, in words: for the final progress update
        and the Complete form of a plan whose PI is still below target."""
        return (
            f"latest score {format_value(self.score, indicator.unit, indicator.decimal_places)} against a "
            f"target of {format_value(self.target, indicator.unit, indicator.decimal_places)} ({self.rag.label})"
        )


def standing(indicator):
    """Where the PI stands now, by its latest score and the current target for that score's year."""
    latest = (
        Score.select(Score.period_end, Score.value)
        .where(Score.indicator == indicator.id)
        .order_by(Score.period_end.desc())
        .first()
    )
    if latest is None:
        return Standing(None, None, Rag.NOT_RATED)
    year = financial_year(latest.period_end)
    target = current_targets([Indicator.id == indicator.id], {indicator.id: year}).get(indicator.id)
    return Standing(latest.value, target, rate_score(indicator, latest.value, target))


def _move(change, action, reason=None, **fields):
    """Change the status, with its history lines; Conflict when the status changed meanwhile."""
    pip = change.pip
    if not lifecycle.can(action, pip.status):
        raise Conflict("status", change.changes_since(), pip.version - 1)
    before = pip.status
    pip.status = lifecycle.next_status(action)
    for name, value in fields.items():
        setattr(pip, name, value)
    pip.closing_reason = reason if reason is not None else pip.closing_reason
    pip.save()
    change.record("Status", before, pip.status)
    if reason:
        change.record(f"Reason ({action})", after=reason)


def submit(pip_id, user, base, today=None):
    with changing(pip_id, "status", user, base) as change:
        _move(change, "submit", went_live_on=today or date.today())
        outbox.plan_submitted(change.pip, user)  # in the step's transaction (docs/notifications.md)
    return change.pip


def complete(pip_id, user, base, comment="", below_target_reason="", today=None):
    """Live → Completed, with the final Section 6 entry that formally records it, in one transaction.
    When the PI is still below target the final entry says so, with the reason given."""
    today = today or date.today()
    with changing(pip_id, "status", user, base) as change:
        _move(change, "complete", closed_on=today)
        now = standing(change.pip.indicator)
        text = COMPLETION_STATEMENT
        if now.below_target:
            text += (
                f"\n\nCompleted while the PI is still below target: {now.against_target(change.pip.indicator)}. "
                f"Reason: {below_target_reason}"
            )
        if comment:
            text += f"\n\n{comment}"
        entry = ProgressUpdate.create(
            pip=pip_id, made_on=today, comment=text, score=now.score, final=True, recorded_by=user.id
        )
        change.record("Final progress update", after=entry.comment)
        outbox.plan_completed(change.pip, user)
    return change.pip


def withdraw(pip_id, user, base, reason, today=None):
    with changing(pip_id, "status", user, base) as change:
        _move(change, "withdraw", reason, closed_on=today or date.today())
    return change.pip


def reopen(pip_id, user, base, reason):
    """Completed → Live, unless the PI has another Draft or Live plan (a PI has at most one: a partial
    unique index holds the rule as well)."""
    with changing(pip_id, "status", user, base, allow_read_only=True) as change:
        if open_plan_for(change.pip.indicator_id) is not None:
            raise Refused("status", ALREADY_OPEN, status=409)
        _move(change, "reopen", reason, closed_on=None)
    return change.pip
