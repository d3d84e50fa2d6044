"""A PI's unit changed on its edit form (docs/rating.md#indicators): every value the register keeps for it, its
scores and its targets' versions, must lie in the new unit's range, as a value typed in that unit must
(webapp/domain/units.py). Otherwise the register would show a score of 47,250% and every plan raised from the
PI would refuse to save its Section 1 over values nobody typed."""

from webapp.domain.units import Unit, range_text, value_range
from webapp.models import Score, Target


def outside_new_unit(indicator_id, unit):
    """The message for the unit field when kept values lie outside `unit`'s range, or None (two statements, only
    when the unit changes)."""
    lowest, highest = value_range(unit)

    def outside(column):
        # Compared as numbers: SQLite keeps an exact number as its text (webapp/models/base.py ExactNumberField),
        # and "85" > "10000" as text. Double precision is near enough at a range's ends; both engines read it.
        number = column.cast("DOUBLE PRECISION")
        return (number < lowest) | (number > highest)

    scores = Score.select().where((Score.indicator == indicator_id) & outside(Score.value)).count()
    targets = (
        Target.select()
        .where((Target.indicator == indicator_id) & (outside(Target.value) | outside(Target.stretch_value)))
        .count()
    )
    if not scores + targets:
        return None
    counted = ((scores, "score"), (targets, "target"))
    kept = " and ".join(f"{count} {word}{'' if count == 1 else 's'}" for count, word in counted if count)
    return (
        f"This PI has {kept} outside the range of {Unit(unit).label.lower()} ({range_text(lowest, highest)}): "
        "correct them first, or keep the unit"
    )
