"""Finding a PI by its code: codes are one whatever their case (webapp/domain/pi_codes.py, docs/rating.md#indicators).
The one lookup the PI form (is a code taken?) and the plan imports (which PI does a file's code name?) share."""

from peewee import Case, fn

from webapp.domain.pi_codes import pi_code
from webapp.models import Indicator


def indicator_of_code(code, other_than=None):
    """The PI whose code is `code` whatever its case (other than the PI of id `other_than`), or None. The one
    written exactly as the register keeps codes comes first: a register from before every way in kept codes in
    capitals may hold both "wr02" and "WR02"."""
    code = pi_code(code or "")
    if not code:
        return None
    query = Indicator.select().where(fn.UPPER(Indicator.code) == code)
    if other_than is not None:
        query = query.where(Indicator.id != other_than)
    return query.order_by(Case(None, ((Indicator.code == code, 0),), 1), Indicator.id).first()
