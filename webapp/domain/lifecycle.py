"""The PIP lifecycle (docs/plans.md#lifecycle): Draft -> Live -> Completed, and Withdrawn; the rules that must
hold before each step. Every unmet condition is returned, each with the anchor of the field that fixes it."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .pips import PipStatus, SolutionStatus


@dataclass(frozen=True)
class Problem:
    message: str
    anchor: str  # the id of the element on the PIP page that fixes it


@dataclass
class SolutionFacts:
    ref: str
    status: SolutionStatus
    target_date: date | None = None
    factor_refs: tuple[str, ...] = ()
    anchor: str = ""


@dataclass
class PlanFacts:
    """What the rules need to know of a plan, as plain values."""

    status: PipStatus
    details: dict[str, object] = field(default_factory=dict)  # Section 1: name -> value
    factor_refs: tuple[str, ...] = ()
    solutions: list[SolutionFacts] = field(default_factory=list)


# Section 1 fields a plan cannot go Live without, with the template's words.
REQUIRED_DETAILS = [
    ("pi_code", "PI Code"),
    ("pi_name", "PI Name"),
    ("pi_description", "PI Description"),
    ("target_value", "Target"),
    ("target_as_at", "Target As at Date"),
    ("score_value", "Score"),
    ("score_as_at", "Score As at Date"),
]

TRANSITIONS = {
    "submit": ({PipStatus.DRAFT}, PipStatus.LIVE),
    "complete": ({PipStatus.LIVE}, PipStatus.COMPLETED),
    "withdraw": ({PipStatus.DRAFT, PipStatus.LIVE}, PipStatus.WITHDRAWN),
    "reopen": ({PipStatus.COMPLETED}, PipStatus.LIVE),
}


def can(action: str, status: PipStatus | str) -> bool:
    allowed_from, _ = TRANSITIONS[action]
    return PipStatus(status) in allowed_from


def next_status(action: str) -> PipStatus:
    return TRANSITIONS[action][1]


def submit_problems(plan: PlanFacts) -> list[Problem]:
    problems = []
    for name, label in REQUIRED_DETAILS:
        value = plan.details.get(name)
        if value is None or value == "":
            problems.append(Problem(f"Section 1: enter the {label}", name))
    if not plan.factor_refs:
        problems.append(Problem("Add at least one external or internal factor (Sections 2 and 3)", "section-2"))
    if not plan.solutions:
        problems.append(Problem("Add at least one proposed solution (Section 4)", "section-4"))
    for solution in plan.solutions:
        if solution.target_date is None:
            problems.append(Problem(f"Solution {solution.ref}: enter the Target Date", solution.anchor or "section-4"))
        if not solution.factor_refs:
            problems.append(
                Problem(f"Solution {solution.ref}: choose the Factors Addressed", solution.anchor or "section-4")
            )
    return problems


def complete_problems(plan: PlanFacts) -> list[Problem]:
    problems = []
    for solution in plan.solutions:
        if solution.status is SolutionStatus.PROPOSED:
            problems.append(
                Problem(
                    f"Solution {solution.ref} is still Proposed: record whether it was approved",
                    solution.anchor or "section-4",
                )
            )
        elif solution.status is SolutionStatus.APPROVED:
            problems.append(
                Problem(f"Solution {solution.ref} is Approved but not yet In place", solution.anchor or "section-4")
            )
    return problems


def unaddressed_factors(factor_refs: Iterable[str], solutions: Iterable[SolutionFacts]) -> list[str]:
    """Factors that no solution addresses, in the order given."""
    addressed = {ref for solution in solutions for ref in solution.factor_refs}
    return [ref for ref in factor_refs if ref not in addressed]
