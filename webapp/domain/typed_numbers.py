"""A number as a person in the UK types it (docs/rating.md#units-and-values): the one reading shared by every
number field on a form (forms/core/fields.py) and every number written as text in a score or target file
(webapp/domain/sheet_cells.py).

An optional sign, the digits 0 to 9 with commas only between thousands, one decimal point and an optional
exponent (1.5E+3, as a CSV file may write a large number); spaces, a £ and one trailing % are passed over.
Python's own Decimal() and int() also take 1_000 and any script's digits (５０, ٥٠): no one at the council types
those, so they are refused, as any other text that is not a number is.
"""

import re
from decimal import Decimal, InvalidOperation

from .text import clean_text
from .units import MAX_DECIMAL_PLACES, decimal_places, exact_number

# [0-9], never \d: in Python \d is any script's digit.
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SPACES = re.compile(r"\s")  # every kind: a space, a non-breaking space, Excel's narrow one


class UnreadableNumber(ValueError):
    """Why typed text is not a number a council records. Its message finishes a sentence that begins with the
    field's name: "Score" + " must be a number"."""


NOT_A_NUMBER = "must be a number"
MISPLACED_COMMAS = "must be a number, with commas only between thousands (1,234.5)"
TOO_MANY_PLACES = f"must have {MAX_DECIMAL_PLACES} decimal places or fewer"


def typed_number(text: str) -> Decimal | None:
    """The number in `text`, exactly as units.exact_number carries it ("1,234.50" is 1234.5, "£18,000" is
    18000, "91.2%" is 91.2), or None when nothing was typed. Raises UnreadableNumber. Its size is not checked
    here: each field and column has its own range (webapp/domain/units.py)."""
    typed = _SPACES.sub("", clean_text(text, multiline=False)).replace("£", "").removesuffix("%")
    if typed == "":
        return None
    if "," in typed:
        if not _GROUPED.fullmatch(typed):
            raise UnreadableNumber(MISPLACED_COMMAS)
        typed = typed.replace(",", "")
    if not _NUMBER.fullmatch(typed):
        raise UnreadableNumber(NOT_A_NUMBER)
    try:
        number = Decimal(typed)
    except InvalidOperation:  # an exponent past what Decimal can hold: 1e9999999999999999999
        raise UnreadableNumber(NOT_A_NUMBER) from None
    if decimal_places(number) > MAX_DECIMAL_PLACES:
        # The columns keep 6 places: 1e-300 is a number, but would be kept as 0.
        raise UnreadableNumber(TOO_MANY_PLACES)
    return exact_number(number)
