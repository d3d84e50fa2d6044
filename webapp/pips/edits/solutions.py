"""Section 4: solutions added, changed and removed, with the factors each addresses."""

from webapp.domain.limits import MAX_SOLUTIONS
from webapp.domain.pips import SOLUTION_PREFIX, reference, reference_order
from webapp.models import Solution, SolutionFactor

from ..changes import changing
from ..records import SolutionRow
from ..store import as_read
from .rows import check_room, update_row

LABELS = {
    "description": "Description",
    "target_date": "Target Date",
    "resourcing": "Resourcing",
    "funding_amount": "Funding amount (£)",
    "funding_note": "Funding route",
    "time_lag": "Expected time lag",
    "option_group": "Option group",
    "strengths": "Strengths",
    "weaknesses": "Weaknesses",
    "status": "Status",
}
FACTORS_ADDRESSED = "Factors Addressed"


def solution_values(solution, factors):
    """What the solution form shows and saves: its columns and the factors it addresses."""
    factors = sorted(factors, key=lambda factor: reference_order(factor.ref))
    return {name: getattr(solution, name) for name in LABELS} | {"factors": factors}


def _plan_factors(plan, factor_ids):
    """The chosen factors as they are inside the write: only this plan's, and only those still there."""
    chosen = set(factor_ids or ())
    return sorted((f for f in plan.factors if f.id in chosen), key=lambda factor: reference_order(factor.ref))


def _described(values):
    return {"factors": ", ".join(f.ref for f in values["factors"])}


def add_solution(pip_id, user, values, factor_ids, plan=None, form_token=None):
    with changing(pip_id, "solutions", user, plan=plan, form_token=form_token) as change:
        check_room("solution", change.plan.solutions, MAX_SOLUTIONS, "solutions")
        number = change.pip.last_solution_number + 1
        change.pip.last_solution_number = number
        change.pip.save(only=[type(change.pip).last_solution_number])
        solution = Solution.create(pip=pip_id, ref=reference(SOLUTION_PREFIX, number), **values)
        factors = _plan_factors(change.plan, factor_ids)
        if factors:
            SolutionFactor.insert_many([{"solution": solution.id, "factor": f.id} for f in factors]).execute()
        _record_whole(change, solution, factors)
        change.added("solutions", SolutionRow(*as_read("solutions", solution), addressed=factors))
    return solution, change.after()


def save_solution(pip_id, solution_id, user, base, values, factor_ids, plan=None):
    with changing(pip_id, f"solution:{solution_id}", user, base, plan=plan) as change:
        solution = change.row(change.plan.solutions, solution_id)
        now = solution_values(solution, solution.addressed)
        factors = _plan_factors(change.plan, factor_ids)
        change.check(now, values | {"factors": factors}, described=_described(now))
        update_row(Solution, solution, change.compare(f"Solution {solution.ref}: ", solution, values, LABELS))
        _relink(change, solution, now["factors"], factors)
    return solution, change.after()


def remove_solution(pip_id, solution_id, user, base, plan=None):
    with changing(pip_id, f"solution:{solution_id}", user, base, plan=plan) as change:
        solution = change.row(change.plan.solutions, solution_id, removal=True)
        now = solution_values(solution, solution.addressed)
        change.check(now, described=_described(now), removal=True)
        _record_whole(change, solution, now["factors"], removed=True)
        # Its links to factors and the CMT decisions on it go with it (ON DELETE CASCADE).
        Solution.delete().where(Solution.id == solution.id).execute()
        change.removed("solutions", solution)
        for comment in change.plan.comments:
            comment.decided = [decision for decision in comment.decided if decision.solution_id != solution.id]
    return solution, change.after()


def _relink(change, solution, before, factors):
    """Make the solution address exactly `factors`, recording the refs before and after."""
    if [f.id for f in before] == [f.id for f in factors]:
        return
    wanted = {f.id for f in factors}
    gone = [f.id for f in before if f.id not in wanted]
    if gone:
        SolutionFactor.delete().where(
            (SolutionFactor.solution == solution.id) & SolutionFactor.factor.in_(gone)
        ).execute()
    kept = {f.id for f in before}
    new = [{"solution": solution.id, "factor": f.id} for f in factors if f.id not in kept]
    if new:
        SolutionFactor.insert_many(new).execute()
    change.record(f"Solution {solution.ref}: {FACTORS_ADDRESSED}", [f.ref for f in before], [f.ref for f in factors])
    solution.addressed = factors


def _record_whole(change, solution, factors, removed=False):
    """History lines for every value of a solution added (as after values) or removed (as before values)."""
    prefix = f"Removed solution {solution.ref}" if removed else f"Solution {solution.ref}"
    lines = [
        (f"Removed solution {solution.ref}" if removed else f"Added solution {solution.ref}", solution.description)
    ]
    lines += [
        (f"{prefix}: {label}", getattr(solution, name)) for name, label in LABELS.items() if name != "description"
    ]
    lines.append((f"{prefix}: {FACTORS_ADDRESSED}", [f.ref for f in factors]))
    for what, value in lines:
        if value in (None, "", []):
            continue
        change.record(what, before=value if removed else None, after=None if removed else value)
