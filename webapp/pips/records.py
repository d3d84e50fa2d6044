"""A plan as one request reads it: the PIP with its PI and service (models), and its rows as small
records (webapp/pips/store.py reads them), with what its page works out from them."""

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from operator import attrgetter

from webapp.domain.access import is_read_only
from webapp.domain.lifecycle import REQUIRED_DETAILS, PlanFacts, SolutionFacts, unaddressed_factors
from webapp.domain.pips import (
    SECTION_TITLES,
    CommentRole,
    Duration,
    FactorKind,
    PipStatus,
    Resourcing,
    SolutionStatus,
)
from webapp.domain.progress import is_overdue, next_update_due
from webapp.models import Pip


@dataclass
class Plan:
    """A PIP with all its rows, ready for a page, a Word paper or a JSON export."""

    pip: Pip
    factors: list
    solutions: list
    comments: list
    progress: list
    today: date = field(default_factory=date.today)

    @property
    def indicator(self):
        return self.pip.indicator

    def copy(self, pip):
        """This plan under `pip` (the same PIP as a change holds it, given this plan's PI and service), with
        its own copy of every row: a change works on the copy (webapp/pips/changes.py), which becomes the
        plan after it, and this one stays as it was read, to compare with."""
        factors = {id(factor): _copied(factor) for factor in self.factors}
        solutions = {}
        for solution in self.solutions:
            solutions[id(solution)] = copied = _copied(solution)
            copied.addressed = [factors[id(factor)] for factor in solution.addressed]
        comments = []
        for comment in self.comments:
            comments.append(copied := _copied(comment))
            copied.decided = [_copied(decision) for decision in comment.decided]
            for decision in copied.decided:
                decision.solution = solutions.get(id(decision.solution))
        progress = [_copied(entry) for entry in self.progress]
        rows = (list(factors.values()), list(solutions.values()), comments, progress)
        return Plan(self.pip, *rows, self.today).under(pip)

    def under(self, pip):
        """This plan, under `pip`: the same PIP as a change holds it, given this plan's PI and service."""
        pip.indicator, pip.service = self.pip.indicator, self.pip.service
        self.pip = pip
        return self

    def factors_of(self, kind, duration=None):
        kind = FactorKind(kind)
        return [f for f in self.factors if f.kind is kind and (duration is None or f.duration is Duration(duration))]

    @property
    def factor_refs(self):
        return [f.ref for f in self.factors]

    @property
    def unaddressed(self):
        return unaddressed_factors(self.factor_refs, self.solution_facts)

    @property
    def solution_facts(self):
        return [
            SolutionFacts(s.ref, s.status, s.target_date, tuple(f.ref for f in s.addressed), f"solution-{s.ref}")
            for s in self.solutions
        ]

    @property
    def facts(self):
        details = {
            name: getattr(self.pip, name)
            for name in (
                "pi_code",
                "pi_name",
                "pi_description",
                "target_value",
                "target_as_at",
                "score_value",
                "score_as_at",
            )
        }
        return PlanFacts(self.pip.status, details, tuple(self.factor_refs), self.solution_facts)

    @property
    def next_update_due(self):
        last = max((p.made_on for p in self.progress), default=None)
        return next_update_due(self.indicator.frequency, last, self.pip.went_live_on)

    @property
    def read_only(self):
        return is_read_only(self.pip.status)

    @property
    def sections(self):
        return section_states(self)

    @property
    def overdue(self):
        return self.pip.status.value == "live" and is_overdue(self.next_update_due, self.today)


@dataclass(frozen=True)
class SectionState:
    number: int
    title: str
    status: str
    done: bool


def section_states(plan):
    """Each section of the task list, with whether it is complete (docs/plans.md#the-plan)."""
    pip = plan.pip
    details_done = all(getattr(pip, name) not in (None, "") for name, _ in REQUIRED_DETAILS)
    solutions_done = bool(plan.solutions) and all(s.target_date and s.addressed for s in plan.solutions)
    has_hos_comment = any(c.role is CommentRole.HEAD_OF_SERVICE for c in plan.comments)
    if pip.status is PipStatus.DRAFT:
        progress = (False, "Cannot start yet")
    elif pip.status is PipStatus.COMPLETED:
        progress = (True, "Completed")
    else:
        progress = (False, "Overdue" if plan.overdue else "In progress")
    states = [
        (details_done, "Completed" if details_done else "Incomplete"),
        _listed(plan.factors_of(FactorKind.EXTERNAL)),
        _listed(plan.factors_of(FactorKind.INTERNAL)),
        (solutions_done, "Completed" if solutions_done else "Incomplete" if plan.solutions else "Not started"),
        (has_hos_comment, "Completed" if has_hos_comment else "Not started"),
        progress,
    ]
    return [SectionState(n, SECTION_TITLES[n], status, done) for n, (done, status) in enumerate(states, 1)]


def _listed(rows):
    return (True, "Completed") if rows else (False, "Not started")


# ---------------------------------------------------------------------------------------------
# The plan's rows: the columns its page, its Word paper and its JSON export read, under the names
# their models give them. Like the rest of a Plan they belong to one request, and compare by identity.


@dataclass(slots=True, eq=False)
class FactorRow:
    id: int
    ref: str
    kind: FactorKind
    duration: Duration
    description: str


@dataclass(slots=True, eq=False)
class SolutionRow:
    id: int
    ref: str
    description: str
    target_date: date | None
    resourcing: Resourcing
    funding_amount: Decimal | None
    funding_note: str
    time_lag: str
    option_group: str
    strengths: str
    weaknesses: str
    status: SolutionStatus
    addressed: list = field(default_factory=list)  # the FactorRows it addresses, in reference order


@dataclass(slots=True, eq=False)
class BodyRow:
    id: int
    name: str


@dataclass(slots=True, eq=False)
class MeetingRow:
    id: int
    date: date
    body: BodyRow


@dataclass(slots=True, eq=False)
class DecisionRow:
    """A CMT comment's approval or refusal of one of the plan's solutions."""

    id: int
    comment_id: int
    solution_id: int
    approved: bool
    solution: SolutionRow | None


@dataclass(slots=True, eq=False)
class CommentRow:
    id: int
    role: CommentRole
    author: str
    made_on: date
    text: str
    meeting_id: int | None
    minute_reference: str
    recorded_by_id: int | None
    meeting: MeetingRow | None = None
    decided: list = field(default_factory=list)  # its DecisionRows


@dataclass(slots=True, eq=False)
class ProgressRow:
    id: int
    made_on: date
    comment: str
    score: float | None
    final: bool


# Each record's values in the order its class takes them: a record is copied by making its class again
# from them, in a tenth of the time copy.copy takes (a row action copies every row of its plan).
_VALUES = {
    record: attrgetter(*[each.name for each in fields(record)])
    for record in (FactorRow, SolutionRow, DecisionRow, CommentRow, ProgressRow)
}


def _copied(row):
    return type(row)(*_VALUES[type(row)](row))
