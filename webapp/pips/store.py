"""Reading a whole PIP for its page, in a fixed number of queries whatever its size."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from peewee import JOIN
from flask import abort

from webapp.domain.access import is_read_only
from webapp.domain.lifecycle import REQUIRED_DETAILS, PlanFacts, SolutionFacts, unaddressed_factors
from webapp.domain.plans import SECTION_TITLES, CommentRole, Duration, FactorKind, PipStatus
from webapp.domain.progress import is_overdue, next_update_due
from webapp.models import (Body, Factor, Indicator, ManagementComment, Meeting, Pip, ProgressUpdate,
                           Service, Solution, SolutionDecision, SolutionFactor)


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

    def factors_of(self, kind, duration=None):
        kind = FactorKind(kind)
        return [f for f in self.factors
                if f.kind is kind and (duration is None or f.duration is Duration(duration))]

    @property
    def factor_refs(self):
        return [f.ref for f in self.factors]

    @property
    def unaddressed(self):
        return unaddressed_factors(self.factor_refs, self.solution_facts)

    @property
    def solution_facts(self):
        return [SolutionFacts(s.ref, s.status, s.target_date, tuple(f.ref for f in s.addressed),
                              f"solution-{s.ref}") for s in self.solutions]

    @property
    def facts(self):
        details = {name: getattr(self.pip, name) for name in (
            "pi_code", "pi_name", "pi_description", "target_value", "target_as_at", "score_value", "score_as_at")}
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
    """Each section of the task list, with whether it is complete (PRODUCT §3)."""
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


def load_plan(pip_id, today=None):
    """The PIP and every row of it, or 404. Seven queries, whatever the number of rows."""
    pip = (Pip.select(Pip, Indicator, Service)
           .join(Indicator).switch(Pip).join(Service)
           .where(Pip.id == pip_id).first())
    if pip is None:
        abort(404)
    factors = list(Factor.select().where(Factor.pip == pip).order_by(Factor.kind, Factor.id))
    by_id = {f.id: f for f in factors}
    solutions = list(Solution.select().where(Solution.pip == pip).order_by(Solution.id))
    solutions_by_id = {s.id: s for s in solutions}
    addressed = defaultdict(list)
    for link in (SolutionFactor.select(SolutionFactor.solution, SolutionFactor.factor)
                 .join(Solution).where(Solution.pip == pip).order_by(SolutionFactor.factor)):
        addressed[link.solution_id].append(by_id[link.factor_id])
    for solution in solutions:
        solution.addressed = sorted(addressed[solution.id], key=_ref_order)
    comments = list(ManagementComment.select(ManagementComment, Meeting, Body)
                    .join(Meeting, join_type=JOIN.LEFT_OUTER).join(Body, join_type=JOIN.LEFT_OUTER)
                    .where(ManagementComment.pip == pip)
                    .order_by(ManagementComment.made_on, ManagementComment.id))
    decisions = defaultdict(list)
    for decision in (SolutionDecision.select().join(ManagementComment)
                     .where(ManagementComment.pip == pip).order_by(SolutionDecision.id)):
        decision.solution = solutions_by_id.get(decision.solution_id)
        decisions[decision.comment_id].append(decision)
    for comment in comments:
        comment.decided = decisions[comment.id]
    progress = list(ProgressUpdate.select().where(ProgressUpdate.pip == pip)
                    .order_by(ProgressUpdate.made_on, ProgressUpdate.id))
    return Plan(pip, factors, solutions, comments, progress, today or date.today())


def _ref_order(factor):
    return (factor.ref[0], int(factor.ref[1:]))
