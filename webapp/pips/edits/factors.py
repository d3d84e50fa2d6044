"""Sections 2 and 3: factors added, changed and removed."""
from webapp.domain.limits import MAX_FACTORS
from webapp.domain.plans import Duration, FactorKind, reference
from webapp.models import Factor, Solution, SolutionFactor

from ..changes import changing
from .rows import check_room, row_of_plan

NUMBER_FIELDS = {FactorKind.EXTERNAL: "last_external_number", FactorKind.INTERNAL: "last_internal_number"}
LABELS = {"duration": "Type", "description": "Description"}


def factor_values(factor):
    """What the factor form shows and saves."""
    return {"duration": factor.duration, "description": factor.description}


def add_factor(pip_id, user, kind, duration, description):
    """A new factor with the next reference of its kind (E1, I1...), never reused. An addition: it
    never conflicts (PRODUCT §4)."""
    kind = FactorKind(kind)
    with changing(pip_id, "factors", user) as change:
        check_room("factor", Factor, pip_id, MAX_FACTORS, "factors")
        number_field = NUMBER_FIELDS[kind]
        number = getattr(change.pip, number_field) + 1
        setattr(change.pip, number_field, number)
        change.pip.save(only=[getattr(type(change.pip), number_field)])
        factor = Factor.create(pip=pip_id, ref=reference(kind.prefix, number), kind=kind,
                               duration=Duration(duration), description=description)
        change.record(f"Added {kind.label.lower()} factor {factor.ref} ({factor.duration.label})",
                      after=factor.description)
    return factor


def save_factor(pip_id, factor_id, user, base, values):
    with changing(pip_id, f"factor:{factor_id}", user, base) as change:
        factor = row_of_plan(Factor, factor_id, pip_id)
        change.check(factor_values(factor), values)
        if change.compare(f"Factor {factor.ref}: ", factor, values, LABELS):
            factor.save()
    return factor


def remove_factor(pip_id, factor_id, user, base):
    with changing(pip_id, f"factor:{factor_id}", user, base) as change:
        factor = row_of_plan(Factor, factor_id, pip_id)
        change.check(factor_values(factor), removal=True)
        addressing = Solution.select().join(SolutionFactor).where(SolutionFactor.factor == factor)
        for solution in addressing:
            change.record(f"Solution {solution.ref}: no longer addresses {factor.ref} (removed)",
                          subject=f"solution:{solution.id}")
        change.record(f"Removed factor {factor.ref}", before=factor.description)
        factor.delete_instance(recursive=True)
    return factor
