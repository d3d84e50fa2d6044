"""How a saved value reads to people: in a plan's history, and beside a field two people changed."""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from .dates import uk_date, uk_date_and_time


def describe_value(value: object) -> str:
    """How a value reads in the history: UK dates, labels for choices, plain numbers."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, datetime):
        return uk_date_and_time(value, between=" ")
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Decimal):  # every digit saved: a score of 1,234,567.89, or £18,000.00 asked for
        return f"{value:,}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(describe_value(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)
