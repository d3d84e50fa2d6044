"""Sections 2 and 3: factors added, changed and removed."""

from webapp.domain.limits import MAX_FACTORS
from webapp.domain.pips import Duration, FactorKind, reference
from webapp.models import Factor

from ..changes import changing
from ..records import FactorRow
from ..store import as_read
from .rows import check_room, update_row

NUMBER_FIELDS = {FactorKind.EXTERNAL: "last_external_number", FactorKind.INTERNAL: "last_internal_number"}
LABELS = {"duration": "Type", "description": "Description"}


def factor_values(factor):
    """What the factor form shows and saves."""
    return {"duration": factor.duration, "description": factor.description}


def add_factor(pip_id, user, kind, duration, description, plan=None, form_token=None):
    """A new factor with the next reference of its kind (E1, I1...), never reused. An addition: it
    never conflicts (docs/plans.md#changes-and-history)."""
    kind = FactorKind(kind)
    with changing(pip_id, "factors", user, plan=plan, form_token=form_token) as change:
        check_room("factor", change.plan.factors, MAX_FACTORS, "factors")
        number_field = NUMBER_FIELDS[kind]
        number = getattr(change.pip, number_field) + 1
        setattr(change.pip, number_field, number)
        change.pip.save(only=[getattr(type(change.pip), number_field)])
        factor = Factor.create(
            pip=pip_id,
            ref=reference(kind.prefix, number),
            kind=kind,
            duration=Duration(duration),
            description=description,
        )
        change.record(
            f"Added {kind.label.lower()} factor {factor.ref} ({factor.duration.label})", after=factor.description
        )
        change.added("factors", FactorRow(*as_read("factors", factor)))
    return factor, change.after()


def save_factor(pip_id, factor_id, user, base, values, plan=None):
    with changing(pip_id, f"factor:{factor_id}", user, base, plan=plan) as change:
        factor = change.row(change.plan.factors, factor_id)
        change.check(factor_values(factor), values)
        update_row(Factor, factor, change.compare(f"Factor {factor.ref}: ", factor, values, LABELS))
    return factor, change.after()


def remove_factor(pip_id, factor_id, user, base, plan=None):
    with changing(pip_id, f"factor:{factor_id}", user, base, plan=plan) as change:
        factor = change.row(change.plan.factors, factor_id, removal=True)
        change.check(factor_values(factor), removal=True)
        for solution in change.plan.solutions:
            if factor in solution.addressed:
                change.record(
                    f"Solution {solution.ref}: no longer addresses {factor.ref} (removed)",
                    subject=f"solution:{solution.id}",
                )
                solution.addressed.remove(factor)
        change.record(f"Removed factor {factor.ref}", before=factor.description)
        # Its links to solutions go with it (ON DELETE CASCADE).
        Factor.delete().where(Factor.id == factor.id).execute()
        change.removed("factors", factor)
    return factor, change.after()
